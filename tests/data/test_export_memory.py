"""A streamed export's memory does not grow with the session: exporting a 3,000-participant ×
3-round session (public_goods, built with bulk inserts) stays under a fixed bound, measured with
tracemalloc while every chunk is read and dropped, as a download or a job file would.

The JSON reads what every participant-page export reads (participants, players, groups,
subsessions, page visits) and writes the most; an app's CSV reads through a database cursor.
Measured: about 6 MB and 4 MB (bench/RESULTS.md, "Exports"); either held whole would pass 12 MB
several times over (the JSON alone is about 10 MB of text)."""
from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from sessions_core.data.exports import Export, export_stream
from sessions_core.models import Session
from tests.data.big_session import big_session

BOUND = 12 * 1024 * 1024  # bytes


@pytest.fixture
def three_thousand(db: None) -> Session:
    return big_session(3000, "public_goods")


def traced(make: Callable[[], Export]) -> tuple[int, int]:
    """The peak of Python memory while the export is made and read to its end, and its size."""
    tracemalloc.start()
    try:
        size = sum(len(chunk) for chunk in make().chunks)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def test_exports_of_3000_participants_x_3_rounds_stream_within_a_fixed_bound(
        three_thousand: Session) -> None:
    # One test for both (building the session is most of its cost).
    peak, size = traced(lambda: export_stream(sessions=[three_thousand], format="json"))
    assert size > 9_000_000
    assert peak < BOUND, f"JSON: peak {peak / 2**20:.1f} MiB"
    peak, size = traced(lambda: export_stream(sessions=[three_thousand], format="app_csv",
                                              app_label="public_goods"))
    assert size > 300_000
    assert peak < BOUND, f"app CSV: peak {peak / 2**20:.1f} MiB"

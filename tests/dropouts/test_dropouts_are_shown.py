"""A dropout is visible where the lab manager and the data look: the live monitor (its page and
its polled rows, which send the row again when it changes), the participant admin (a filter and
the times), the data export and the REST API; a participant who came back keeps the mark."""
from __future__ import annotations

from datetime import UTC

import pytest
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.data.exports import export_stream
from sessions_core.engine.dropouts import participant_returned
from sessions_core.models import Session
from tests.api.conftest import API, script
from tests.conftest import fresh, make_session, participants_of, post, visit
from tests.data.conftest import csv_rows
from tests.dropouts.helpers import Clock, at_second, clock
from tests.permissions import admin_client, staff_with

__all__ = ["clock", "script"]
pytestmark = pytest.mark.django_db
ADMIN = "/admin/sessions_core/session/"


def one_dropped_out(clock: Clock) -> tuple[Session, Participant, Participant]:
    session = make_session("dropouts_held", 2)
    stays, leaves = participants_of(session)
    visit(stays)
    visit(leaves)
    post(stays, {"number": 4})
    at_second(clock, 60, stays)
    assert fresh(leaves).dropped_out_at is not None and fresh(stays).dropped_out_at is None
    return session, stays, leaves


def hms(participant: Participant, field: str) -> str:
    return f"{getattr(fresh(participant), field).astimezone(UTC):%H:%M:%S} UTC"


def test_the_monitor_shows_who_dropped_out_and_when_they_came_back(clock: Clock) -> None:
    session, stays, leaves = one_dropped_out(clock)
    manager = admin_client(staff_with("sessions_core.view_session"))

    page = manager.get(f"{ADMIN}{session.pk}/monitor/").content.decode()
    assert f"playing · dropped out at {hms(leaves, 'dropped_out_at')}<" in page
    assert page.count("dropped out at") == 1

    first = manager.get(f"{ADMIN}{session.pk}/monitor/rows/").json()
    rows = {row["id"]: row for row in first["rows"]}
    assert rows[leaves.pk]["dropout"] == f"dropped out at {hms(leaves, 'dropped_out_at')}"
    assert rows[stays.pk]["dropout"] == ""

    assert participant_returned(leaves.pk, clock.at(90))
    later = manager.get(f"{ADMIN}{session.pk}/monitor/rows/?since={first['cursor']}").json()
    changed = {row["id"]: row for row in later["rows"]}
    assert changed[leaves.pk]["dropout"] == (f"dropped out at {hms(leaves, 'dropped_out_at')}, "
                                             f"back at {hms(leaves, 'dropout_returned_at')}")


def test_the_participant_admin_filters_dropouts_and_shows_their_times(clock: Clock) -> None:
    _, stays, leaves = one_dropped_out(clock)
    manager = admin_client(staff_with("participants.view_participant"))
    listed = manager.get("/admin/participants/participant/?dropped_out_at__isnull=False")
    assert listed.status_code == 200
    assert f"/participants/participant/{leaves.pk}/change/" in listed.content.decode()
    assert f"/participants/participant/{stays.pk}/change/" not in listed.content.decode()
    detail = manager.get(f"/admin/participants/participant/{leaves.pk}/change/").content.decode()
    assert "Dropped out at" in detail and "Dropout returned at" in detail


def test_the_data_says_who_dropped_out_and_keeps_it_after_a_return(clock: Clock) -> None:
    session, stays, leaves = one_dropped_out(clock)
    participant_returned(leaves.pk, clock.at(90))
    _, rows = csv_rows(b"".join(export_stream(sessions=[session], format="wide_csv").chunks))
    by_code = {row["participant.code"]: row for row in rows}
    gone = fresh(leaves)
    assert by_code[leaves.name]["participant.dropped_out"] == "1"
    assert by_code[leaves.name]["participant.dropped_out_at"] == gone.dropped_out_at.isoformat()
    assert by_code[leaves.name]["participant.dropout_returned_at"] == \
        gone.dropout_returned_at.isoformat()
    assert by_code[stays.name]["participant.dropped_out"] == "0"
    assert by_code[stays.name]["participant.dropped_out_at"] == ""


def test_the_rest_api_gives_the_dropout_times(clock: Clock, script: APIClient) -> None:
    session, stays, leaves = one_dropped_out(clock)
    body = script.get(f"{API}/sessions/{session.name}/participants/{leaves.name}/").json()
    assert body["dropped_out_at"] is not None and body["dropout_returned_at"] is None
    listed = script.get(f"{API}/sessions/{session.name}/participants/").json()["results"]
    assert [p["dropped_out_at"] is not None for p in listed] == [False, True]


def test_returning_twice_records_the_first_return_only(clock: Clock) -> None:
    _, _, leaves = one_dropped_out(clock)
    assert participant_returned(leaves.pk, clock.at(90))
    assert not participant_returned(leaves.pk, clock.at(200))
    assert fresh(leaves).dropout_returned_at == clock.at(90)


def test_a_participant_never_dropped_out_is_not_written_on_connect(clock: Clock) -> None:
    stays = participants_of(make_session("dropouts", 2))[0]
    visit(stays)
    assert not participant_returned(stays.pk, clock.at(10))
    assert fresh(stays).dropout_returned_at is None

"""export_stream refuses what it cannot make, at once (before any byte), with the reason."""
from __future__ import annotations

import pytest

from sessions_core.data.exports import EXPORT_FORMATS, export_stream
from sessions_core.errors import InvalidRequest
from tests.conftest import make_session


def test_the_formats_are_the_seven_named() -> None:
    assert EXPORT_FORMATS == ("wide_csv", "app_csv", "page_times_csv", "chat_csv", "logs_csv",
                              "json", "zip")


@pytest.mark.parametrize("format, app, message, field", [
    ("xlsx", None, "unknown export format 'xlsx'; the formats are wide_csv, app_csv", "format"),
    ("app_csv", None, "app_csv needs an app: one of trust", "app"),
    ("app_csv", "public_goods", "no app 'public_goods' in these sessions; their apps: trust",
     "app"),
    ("wide_csv", "trust", "an app is chosen only for app_csv, not for wide_csv", "app"),
])
def test_an_unknown_format_or_app_is_an_invalid_request(db: None, format: str, app: str | None,
                                                        message: str, field: str) -> None:
    with pytest.raises(InvalidRequest, match=message) as refused:
        export_stream(sessions=[make_session("trust", 2)], format=format, app_label=app)
    assert refused.value.field == field


def test_no_sessions_is_an_invalid_request() -> None:
    with pytest.raises(InvalidRequest, match="there are no sessions to export"):
        export_stream(sessions=[], format="zip")


def test_an_uninitialized_session_exports_its_participants_with_empty_app_columns(
        db: None) -> None:
    session = make_session("trust", 2)
    data = b"".join(export_stream(sessions=[session], format="wide_csv").chunks).decode()
    lines = data.splitlines()
    assert len(lines) == 3 and lines[0].endswith("trust.1.subsession.round_number")
    assert lines[1].startswith("1,") and lines[1].endswith(",,,,,,,")

"""participant.log records are exported with the session's data: logs_csv, a "logs" list per
session in the JSON, logs.csv in the ZIP (explained by the data dictionary), and the same over
the REST API's data endpoint; each record with its participant."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from rest_framework.test import APIClient

from participants.models import ParticipantLog
from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.api.conftest import API
from tests.conftest import make_session, participants_of, post, visit
from tests.data.conftest import content, csv_rows

pytestmark = pytest.mark.django_db

HEADER = ["session.code", "participant.id_in_session", "participant.code", "participant.label",
          "name", "data", "app", "round_number", "page_name", "created_at"]


@pytest.fixture
def logged() -> Session:
    """A logcheck session: P1 answered (logged from its page), P2 logged before starting."""
    session = make_session("logcheck", 2, label="logged")
    first, second = participants_of(session)
    visit(first)
    post(first, {"answer": 7})
    second.log("note", ["a, \"quoted\"", 2])
    return session


def test_logs_csv_has_one_row_per_record_with_its_participant(logged: Session) -> None:
    first, second = participants_of(logged)
    header, rows = csv_rows(content(export_stream(sessions=[logged], format="logs_csv")))
    assert header == HEADER
    stored = list(ParticipantLog.objects.order_by("id"))
    assert rows == [
        {"session.code": logged.name, "participant.id_in_session": "1",
         "participant.code": first.name, "participant.label": "", "name": "answer",
         "data": '{"list": [1, "two"], "value": 7}', "app": "logcheck", "round_number": "1",
         "page_name": "Answer", "created_at": stored[0].created_at.isoformat()},
        {"session.code": logged.name, "participant.id_in_session": "2",
         "participant.code": second.name, "participant.label": "", "name": "note",
         "data": '["a, \\"quoted\\"", 2]', "app": "", "round_number": "", "page_name": "",
         "created_at": stored[1].created_at.isoformat()},
    ]


def test_the_json_holds_each_sessions_logs(logged: Session) -> None:
    first, _ = participants_of(logged)
    document = json.loads(content(export_stream(sessions=[logged], format="json")))
    logs = document["sessions"][0]["logs"]
    assert [r["name"] for r in logs] == ["answer", "note"]
    assert logs[0]["participant"] == {"id_in_session": 1, "code": first.name, "label": None}
    assert logs[0]["data"] == {"value": 7, "list": [1, "two"]}
    assert (logs[0]["app"], logs[0]["round_number"], logs[0]["page_name"]) == (
        "logcheck", 1, "Answer")
    assert logs[1]["data"] == ['a, "quoted"', 2] and logs[1]["round_number"] is None
    assert "chat" in document["sessions"][0]


def test_the_zip_holds_logs_csv_and_the_dictionary_explains_it(logged: Session) -> None:
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[logged],
                                                               format="zip"))))
    assert archive.read("logs.csv") == content(export_stream(sessions=[logged],
                                                             format="logs_csv"))
    _, dictionary = csv_rows(archive.read("data_dictionary.csv"))
    explained = {row["column"]: row for row in dictionary if row["file"] == "logs.csv"}
    assert list(explained) == HEADER
    assert explained["data"]["json"] == "sessions[].logs[].data"
    assert explained["data"]["type"] == "json"
    assert explained["participant.code"]["json"] == "sessions[].logs[].participant.code"
    assert "logs.csv" in archive.read("README.txt").decode()


def test_a_session_without_logs_exports_none() -> None:
    session = make_session("trust", 2)
    header, rows = csv_rows(content(export_stream(sessions=[session], format="logs_csv")))
    assert header == HEADER and rows == []
    document = json.loads(content(export_stream(sessions=[session], format="json")))
    assert document["sessions"][0]["logs"] == []


def test_only_the_sessions_own_records_are_exported(logged: Session) -> None:
    other = make_session("logcheck", 2)
    participants_of(other)[0].log("elsewhere", 1)
    _, rows = csv_rows(content(export_stream(sessions=[logged], format="logs_csv")))
    assert [r["name"] for r in rows] == ["answer", "note"]
    _, both = csv_rows(content(export_stream(sessions=[logged, other], format="logs_csv")))
    assert [r["name"] for r in both] == ["answer", "note", "elsewhere"]


def test_the_api_serves_logs_csv_and_the_json_logs(script: APIClient, logged: Session) -> None:
    response = script.get(f"{API}/sessions/{logged.name}/data/?format=logs_csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, rows = csv_rows(b"".join(response.streaming_content))
    assert header == HEADER and [r["name"] for r in rows] == ["answer", "note"]
    response = script.get(f"{API}/sessions/{logged.name}/data/?format=json")
    document = json.loads(b"".join(response.streaming_content))
    assert [r["name"] for r in document["sessions"][0]["logs"]] == ["answer", "note"]

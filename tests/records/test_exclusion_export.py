"""Exclusions are in the data: participant.excluded / excluded_at / excluded_reason and
session.excluded / ... in the wide CSV and the JSON, explained by the data dictionary, and over
the REST API; a unit never excluded reads 0 and empty."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.conditions.services import (
    condition_exclude_participant,
    condition_exclude_session,
)
from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.api.conftest import API
from tests.conftest import make_session, participants_of
from tests.data.conftest import content, csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged() -> Session:
    """A session with P1 excluded, and another session excluded as a whole."""
    session = make_session("trust", 2)
    condition_exclude_participant(participant=participants_of(session)[0], reason="asleep")
    return session


def test_the_wide_csv_flags_the_excluded_participant(flagged: Session) -> None:
    first = Participant.objects.get(session=flagged, id_in_session=1)
    _, rows = csv_rows(content(export_stream(sessions=[flagged], format="wide_csv")))
    one, two = rows
    assert (one["participant.excluded"], one["participant.excluded_reason"]) == ("1", "asleep")
    assert one["participant.excluded_at"] == first.excluded_at.isoformat()
    assert (two["participant.excluded"], two["participant.excluded_at"],
            two["participant.excluded_reason"]) == ("0", "", "")
    assert one["session.excluded"] == "0" and one["session.excluded_reason"] == ""


def test_an_excluded_session_is_flagged_in_csv_and_json() -> None:
    session = make_session("trust", 2)
    condition_exclude_session(session=session, reason="fire alarm")
    _, rows = csv_rows(content(export_stream(sessions=[session], format="wide_csv")))
    assert {(r["session.excluded"], r["session.excluded_reason"]) for r in rows} == {
        ("1", "fire alarm")}
    document = json.loads(content(export_stream(sessions=[session], format="json")))
    head = document["sessions"][0]
    assert head["excluded"] is True and head["excluded_reason"] == "fire alarm"
    assert head["excluded_at"] == Session.objects.get(pk=session.pk).excluded_at.isoformat()


def test_the_json_and_the_dictionary_hold_the_participants_flags(flagged: Session) -> None:
    document = json.loads(content(export_stream(sessions=[flagged], format="json")))
    one, two = document["sessions"][0]["participants"]
    assert (one["excluded"], one["excluded_reason"]) == (True, "asleep")
    assert (two["excluded"], two["excluded_at"], two["excluded_reason"]) == (False, None, None)
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[flagged],
                                                               format="zip"))))
    _, dictionary = csv_rows(archive.read("data_dictionary.csv"))
    wide = {d["column"]: d for d in dictionary if d["file"] == "all_apps_wide.csv"}
    for column in ("participant.excluded", "participant.excluded_at",
                   "participant.excluded_reason", "session.excluded",
                   "session.excluded_reason"):
        assert column in wide, column
    assert wide["participant.excluded"]["type"] == "boolean"
    assert wide["participant.excluded_reason"]["json"] == (
        "sessions[].participants[].excluded_reason")


def test_the_api_serves_the_flags(script: APIClient, flagged: Session) -> None:
    response = script.get(f"{API}/sessions/{flagged.name}/data/?format=json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["sessions"][0]["participants"][0]["excluded_reason"] == "asleep"

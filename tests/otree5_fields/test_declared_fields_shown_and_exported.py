"""Declared fields leave Quorum with the rest: one column each in the wide CSV (participant. and
session. prefixes), a key each in the JSON, a line each in the data dictionary, and they are
shown on the admin's participant and session pages and over the REST API."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.api.conftest import API
from tests.conftest import make_session, participants_of
from tests.data.conftest import content, csv_rows, exported_csv, play
from tests.permissions import token_client


@pytest.fixture
def played(db: None) -> Session:
    return play("fieldcheck")[0]


def test_the_wide_csv_has_a_column_per_declared_field(played: Session) -> None:
    header, rows = exported_csv([played], "wide_csv")
    names = ["participant.offers_made", "participant.first_offer", "session.settled_rounds"]
    assert all(name in header for name in names)
    assert header.index("participant.vars") < header.index("participant.offers_made") \
        < header.index("session.code")
    for row, participant in zip(rows, participants_of(played), strict=True):
        assert row["participant.offers_made"] == "2"
        assert json.loads(row["participant.first_offer"]) == {
            "amount": 5 * participant.id_in_session, "round": 1}
        assert row["session.settled_rounds"] == "4"


def test_a_field_never_set_is_an_empty_cell(db: None) -> None:
    session = make_session("fieldcheck", 2)
    _, rows = exported_csv([session], "wide_csv")
    assert {row["participant.offers_made"] for row in rows} == {""}
    assert {row["session.settled_rounds"] for row in rows} == {""}


def test_the_json_has_the_declared_fields_as_keys(played: Session) -> None:
    data = json.loads(content(export_stream(sessions=[played], format="json")))
    exported = data["sessions"][0]
    assert exported["settled_rounds"] == 4
    first = exported["participants"][0]
    assert (first["offers_made"], first["first_offer"]) == (2, {"amount": 5, "round": 1})


def test_the_data_dictionary_explains_each_declared_column(played: Session) -> None:
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[played],
                                                               format="zip"))))
    _, rows = csv_rows(archive.read("data_dictionary.csv"))
    entries = {(row["file"], row["column"]): row for row in rows}
    made = entries[("all_apps_wide.csv", "participant.offers_made")]
    assert made["type"] == "json"
    assert made["json"] == "sessions[].participants[].offers_made"
    assert "declared in PARTICIPANT_FIELDS" in made["description"]
    settled = entries[("all_apps_wide.csv", "session.settled_rounds")]
    assert (settled["json"], settled["type"]) == ("sessions[].settled_rounds", "json")


@pytest.fixture
def experimenter(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("lab", "lab@example.org", "pw"))
    return client


@pytest.fixture
def script(db: None) -> APIClient:
    return token_client(get_user_model().objects.create_superuser("api", "a@example.org", "pw"))


def test_the_admin_shows_them_on_the_participant_and_session_pages(
        played: Session, experimenter: Client) -> None:
    participant = participants_of(played)[1]
    page = experimenter.get(f"/admin/participants/participant/{participant.pk}/change/")
    html = page.content.decode()
    assert "PARTICIPANT_FIELDS" in html
    assert "offers_made: 2<br>first_offer: {&quot;amount&quot;: 10.0, &quot;round&quot;: 1}" in html
    html = experimenter.get(f"/admin/sessions_core/session/{played.pk}/change/").content.decode()
    assert "SESSION_FIELDS" in html and "settled_rounds: 4" in html


def test_the_rest_api_gives_them_for_participants_and_sessions(played: Session,
                                                                script: APIClient) -> None:
    participant = participants_of(played)[0]
    body = script.get(f"{API}/sessions/{played.name}/participants/{participant.name}/").json()
    assert body["declared_fields"] == {"offers_made": 2,
                                       "first_offer": {"amount": 5, "round": 1}}
    listed = script.get(f"{API}/sessions/{played.name}/participants/").json()["results"]
    assert listed[0]["declared_fields"]["offers_made"] == 2
    session = script.get(f"{API}/sessions/{played.name}/").json()
    assert session["declared_fields"] == {"settled_rounds": 4}

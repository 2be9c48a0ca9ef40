"""An app's ExtraModel tables are exported with its data: a CSV each in the ZIP
(apps/<app>.<Model>.csv), a list each in the JSON (sessions[].extra_models.<app>.<Model>), and
every column in the data dictionary."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sessions_core.data.exports import export_stream
from sessions_core.errors import InvalidRequest
from sessions_core.models import Session
from tests.apps.fieldcheck.models import Note, Offer
from tests.data.conftest import cell, content, csv_rows, play
from tests.permissions import token_client


@pytest.fixture
def played(db: None) -> Session:
    return play("fieldcheck")[0]


def archive_of(sessions: list[Session]) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=sessions, format="zip"))))


OFFER_COLUMNS = ["session.code", "id", "player.participant.code",
                 "player.participant.id_in_session", "player.round_number",
                 "player.id_in_group", "group.round_number", "group.id_in_subsession",
                 "amount", "accepted"]


def test_the_zip_has_a_csv_per_extra_model_with_a_row_per_row(played: Session) -> None:
    archive = archive_of([played])
    assert {"apps/fieldcheck.Offer.csv", "apps/fieldcheck.Note.csv"} <= set(archive.namelist())
    header, rows = csv_rows(archive.read("apps/fieldcheck.Offer.csv"))
    assert header == OFFER_COLUMNS
    offers = Offer.objects.filter(session=played).select_related(
        "player__participant", "group").order_by("pk")
    assert rows == [{
        "session.code": played.name, "id": str(o.pk),
        "player.participant.code": o.player.participant.name,
        "player.participant.id_in_session": str(o.player.participant.id_in_session),
        "player.round_number": str(o.player.round_number),
        "player.id_in_group": str(o.player.id_in_group),
        "group.round_number": str(o.group.round_number),
        "group.id_in_subsession": str(o.group.id_in_subsession),
        "amount": cell(o.amount), "accepted": cell(o.accepted)} for o in offers]
    header, rows = csv_rows(archive.read("apps/fieldcheck.Note.csv"))
    assert header == ["session.code", "id", "subsession.round_number", "text"]
    assert [(r["subsession.round_number"], r["text"]) for r in rows] == [
        ("1", "round 1 created"), ("2", "round 2 created")]


def test_the_json_has_the_rows_by_app_and_model(played: Session) -> None:
    data = json.loads(content(export_stream(sessions=[played], format="json")))
    tables = data["sessions"][0]["extra_models"]["fieldcheck"]
    assert set(tables) == {"Offer", "Note"}
    first = Offer.objects.filter(session=played).order_by("pk").select_related(
        "player__participant")[0]
    assert tables["Offer"][0] == {
        "id": first.pk,
        "player": {"participant": {"code": first.player.participant.name,
                                   "id_in_session": first.player.participant.id_in_session},
                   "round_number": 1, "id_in_group": first.player.id_in_group},
        "group": {"round_number": 1, "id_in_subsession": first.group.id_in_subsession},
        "amount": int(first.amount), "accepted": first.accepted}
    assert len(tables["Offer"]) == 8 and len(tables["Note"]) == 2


def test_an_app_without_extra_models_has_none_in_the_json(db: None) -> None:
    data = json.loads(content(export_stream(sessions=play("trust"), format="json")))
    assert data["sessions"][0]["extra_models"] == {}


def test_the_data_dictionary_explains_every_extra_column(played: Session) -> None:
    archive = archive_of([played])
    _, rows = csv_rows(archive.read("data_dictionary.csv"))
    entries = {(row["file"], row["column"]): row for row in rows}
    for column in OFFER_COLUMNS:
        assert ("apps/fieldcheck.Offer.csv", column) in entries
    amount = entries[("apps/fieldcheck.Offer.csv", "amount")]
    assert (amount["type"], amount["description"]) == ("currency", "What the player offered")
    assert amount["json"] == "sessions[].extra_models.fieldcheck.Offer[].amount"
    code = entries[("apps/fieldcheck.Offer.csv", "player.participant.code")]
    assert code["description"] == ("The participant code of the Player this Offer links to "
                                   "(player).")
    assert code["json"] == "sessions[].extra_models.fieldcheck.Offer[].player.participant.code"


def test_every_row_of_the_sessions_of_a_type_is_in_one_file(played: Session) -> None:
    second = play("fieldcheck")[0]
    _, rows = csv_rows(archive_of([played, second]).read("apps/fieldcheck.Note.csv"))
    assert [r["session.code"] for r in rows] == [played.name] * 2 + [second.name] * 2
    assert Note.objects.count() == 4


def test_app_csv_gives_one_extra_model_table_by_app_and_model_name(played: Session) -> None:
    alone = content(export_stream(sessions=[played], format="app_csv",
                                  app_label="fieldcheck.Offer"))
    assert alone == archive_of([played]).read("apps/fieldcheck.Offer.csv")
    export = export_stream(sessions=[played], format="app_csv", app_label="fieldcheck.Offer")
    assert export.filename.endswith(".csv") and "fieldcheck.Offer" in export.filename
    assert export.count_units() == 8


@pytest.mark.parametrize(("app", "message"), [
    ("fieldcheck.Bid", "app fieldcheck has no ExtraModel 'Bid'; its ExtraModel tables: "
                       "fieldcheck.Offer, fieldcheck.Note"),
    ("nowhere.Offer", "no app 'nowhere' in these sessions; their apps: fieldcheck"),
])
def test_an_unknown_table_is_refused_with_the_tables_there_are(played: Session, app: str,
                                                               message: str) -> None:
    with pytest.raises(InvalidRequest) as error:
        export_stream(sessions=[played], format="app_csv", app_label=app)
    assert str(error.value) == message


def test_the_data_tab_and_the_api_offer_each_table(played: Session) -> None:
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("lab", "l@example.org", "pw"))
    url = f"/admin/sessions_core/session/{played.pk}/data/download/app_csv/?app=fieldcheck.Note"
    assert url in admin.get(f"/admin/sessions_core/session/{played.pk}/data/").content.decode()
    response = admin.get(url)
    assert b"".join(response.streaming_content).startswith(b"session.code,id,subsession.")
    script = token_client(get_user_model().objects.create_superuser("api", "a@example.org", "p"))
    body = script.get(f"/admin/api/v1/sessions/{played.name}/data/?format=app_csv"
                      f"&app=fieldcheck.Offer")
    assert body.status_code == 200
    assert b"".join(body.streaming_content).splitlines()[0].decode() == ",".join(OFFER_COLUMNS)

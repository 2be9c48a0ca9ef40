"""The data dictionary in the ZIP explains every column of every CSV: its type, its choices, and
the field's label and doc as the app declares them; the README lists the types."""
from __future__ import annotations

import io
import zipfile

import pytest

from sessions_core.data.exports import export_stream
from sessions_core.data.writers import TYPES
from sessions_core.models import Session
from tests.data.conftest import content, csv_rows, play


def archive_of(sessions: list[Session]) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=sessions, format="zip"))))


def dictionary_of(archive: zipfile.ZipFile) -> dict[tuple[str, str], dict[str, str]]:
    _, rows = csv_rows(archive.read("data_dictionary.csv"))
    return {(row["file"], row["column"]): row for row in rows}


@pytest.fixture
def archive(db: None) -> zipfile.ZipFile:
    return archive_of(play("my_session") + play("matching_pennies"))


def test_every_column_of_every_csv_has_a_type_and_an_explanation(archive: zipfile.ZipFile) -> None:
    dictionary = dictionary_of(archive)
    columns = [(name, column) for name in archive.namelist()
               if name.endswith(".csv") and name != "data_dictionary.csv"
               for column in csv_rows(archive.read(name))[0]]
    assert sorted(columns) == sorted(dictionary)
    for row in dictionary.values():
        assert row["type"] in TYPES and row["description"], row


def test_an_apps_fields_carry_their_label_doc_and_choices(archive: zipfile.ZipFile) -> None:
    dictionary = dictionary_of(archive)
    side = dictionary[("apps/matching_pennies.csv", "player.penny_side")]
    assert (side["type"], side["choices"], side["label"]) == ("text", "Heads; Tails", "I choose:")
    assert side["json"] == "sessions[].participants[].apps.matching_pennies[].player.penny_side"
    winner = dictionary[("all_apps_wide.csv", "matching_pennies.4.player.is_winner")]
    assert (winner["type"], winner["description"]) == ("boolean", "Whether the player won this round")
    assert winner["json"] == ("sessions[].participants[].apps.matching_pennies[round_number=4]"
                              ".player.is_winner")
    sent = dictionary[("apps/trust.csv", "group.sent_amount")]
    assert (sent["type"], sent["description"], sent["label"]) == (
        "currency", "Amount sent by player 1", "How much do you want to send to participant B?")
    how = dictionary[("page_times.csv", "how")]
    assert how["choices"].startswith("submitted = the participant submitted the page; timeout")
    assert dictionary[("all_apps_wide.csv", "participant.payment")]["type"] == "money"


def test_the_readme_names_the_sessions_the_files_and_the_types(archive: zipfile.ZipFile) -> None:
    readme = archive.read("README.txt").decode()
    for name in archive.namelist():
        assert f"  {name}\n" in readme
    for session in Session.objects.all():
        assert session.name in readme
    for kind in TYPES:
        assert f"  {kind} " in readme

"""Questionnaire answers (the Player fields of the bundled questionnaire demo, as its bots give
them) are in every format of the session's data, explained by the data dictionary with the
question's label, and served by the REST API."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from rest_framework.test import APIClient

from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.api.conftest import API
from tests.data.conftest import content, csv_rows, play

pytestmark = pytest.mark.django_db

# What experiments/questionnaire/tests.py answers.
ANSWERS = {"age": "30", "gender": "Female", "education_years": "16", "crt": "2",
           "comments": "Clear instructions."}


@pytest.fixture
def answered() -> Session:
    [session] = play("questionnaire")
    return session


def test_the_wide_and_the_app_csv_hold_each_answer(answered: Session) -> None:
    _, [row] = csv_rows(content(export_stream(sessions=[answered], format="wide_csv")))
    assert {k: row[f"questionnaire.1.player.{k}"] for k in ANSWERS} == ANSWERS
    _, [player] = csv_rows(content(export_stream(sessions=[answered], format="app_csv",
                                                 app_label="questionnaire")))
    assert {k: player[f"player.{k}"] for k in ANSWERS} == ANSWERS


def test_the_json_holds_each_answer_typed(answered: Session) -> None:
    document = json.loads(content(export_stream(sessions=[answered], format="json")))
    [participant] = document["sessions"][0]["participants"]
    [round_one] = participant["apps"]["questionnaire"]
    assert round_one["player"]["age"] == 30 and round_one["player"]["gender"] == "Female"
    assert round_one["player"]["comments"] == "Clear instructions."


def test_the_dictionary_gives_each_question_its_label_and_choices(answered: Session) -> None:
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[answered],
                                                               format="zip"))))
    _, dictionary = csv_rows(archive.read("data_dictionary.csv"))
    gender = next(d for d in dictionary if d["file"] == "apps/questionnaire.csv"
                  and d["column"] == "player.gender")
    assert gender["label"] == "What is your gender?"
    assert gender["choices"] == "Male; Female; Other; Prefer not to say"
    assert gender["json"] == "sessions[].participants[].apps.questionnaire[].player.gender"


def test_the_api_serves_the_answers(script: APIClient, answered: Session) -> None:
    response = script.get(f"{API}/sessions/{answered.name}/data/?format=app_csv"
                          "&app=questionnaire")
    _, [player] = csv_rows(b"".join(response.streaming_content))
    assert player["player.crt"] == "2" and player["player.gender"] == "Female"

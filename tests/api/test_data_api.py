"""data/: the session's export by format, streamed; a bad format or app is a 400 naming it."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from rest_framework.test import APIClient

from sessions_core.experimenter.registry import experiment_app
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.api.conftest import API, make_session


@pytest.fixture
def played(db: None) -> Session:
    session = make_session("trust", 2)
    session_initialize(session=session)
    experiment_app("trust").Player.objects.filter(session_id=session.pk).update(payoff=12)
    return session


def download(script: APIClient, session: Session, query: str) -> tuple[bytes, str, str]:
    response = script.get(f"{API}/sessions/{session.name}/data/{query}")
    assert response.status_code == 200, response.content
    assert response.streaming
    return (b"".join(response.streaming_content), response["Content-Type"],
            response["Content-Disposition"])


def test_the_wide_csv_is_the_default(script: APIClient, played: Session) -> None:
    body, kind, disposition = download(script, played, "")
    assert kind.startswith("text/csv") and "attachment" in disposition
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert len(rows) == 2
    assert any(key.startswith("trust.1.player.") for key in rows[0])


def test_one_apps_csv(script: APIClient, played: Session) -> None:
    body, kind, _ = download(script, played, "?format=app_csv&app=trust")
    assert kind.startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(body.decode())))) == 2


def test_json_and_zip(script: APIClient, played: Session) -> None:
    body, kind, _ = download(script, played, "?format=json")
    assert kind == "application/json"
    json.loads(body)
    body, kind, _ = download(script, played, "?format=zip")
    assert kind == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_page_times_csv(script: APIClient, played: Session) -> None:
    _, kind, _ = download(script, played, "?format=page_times_csv")
    assert kind.startswith("text/csv")


@pytest.mark.parametrize("query, field", [("?format=xlsx", "format"), ("?format=app_csv", "app"),
                                          ("?format=app_csv&app=dictator", "app"),
                                          ("?format=json&app=trust", "app"),
                                          ("?fromat=json", "fromat")])
def test_a_bad_format_or_app_is_a_400_naming_it(script: APIClient, played: Session, query: str,
                                                field: str) -> None:
    response = script.get(f"{API}/sessions/{played.name}/data/{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["field"] == field


@pytest.mark.parametrize("format", ["wide_csv", "page_times_csv", "json", "zip"])
def test_a_session_nobody_has_played_yet_downloads_too(script: APIClient, format: str) -> None:
    session = make_session("trust", 2)
    body, _, _ = download(script, session, f"?format={format}")
    assert body

"""The page's report of the screen size (static/quorum/screen.js → participant_screen): valid
input is kept once in Participant.environment; anything else is a 400 that changes nothing."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.data.exports import export_stream
from tests.conftest import make_session
from tests.eligibility import UA_PHONE

pytestmark = pytest.mark.django_db


def started() -> Participant:
    session = make_session("questionnaire", 1)
    participant = session.participant_set.get()
    assert Client().get(f"/p/{session.name}/{participant.name}/",
                        HTTP_USER_AGENT=UA_PHONE).status_code == 200
    return Participant.objects.get(pk=participant.pk)


def report(participant: Participant, body: Any, raw: bytes | None = None) -> Any:
    return Client().post(f"/p/{participant.session.name}/{participant.name}/screen/",
                         raw if raw is not None else json.dumps(body),
                         content_type="application/json")


def test_the_screen_size_is_kept_with_the_environment_at_entry() -> None:
    participant = started()
    response = report(participant, {"width": 390, "height": 844})
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.environment["screen_width"] == 390
    assert participant.environment["screen_height"] == 844
    assert participant.environment["platform"] == "mobile"  # what the entry recorded stays


def test_the_first_report_is_kept() -> None:
    participant = started()
    report(participant, {"width": 390, "height": 844})
    assert report(participant, {"width": 1920, "height": 1080}).json() == {
        "screen_width": 390, "screen_height": 844}
    participant.refresh_from_db()
    assert participant.environment["screen_width"] == 390


@pytest.mark.parametrize("body", [
    {"width": 390}, {"width": 390, "height": 844, "depth": 24}, {"width": "390", "height": 844},
    {"width": 390.5, "height": 844}, {"width": 0, "height": 844}, {"width": -1, "height": 844},
    {"width": 390, "height": 10**9}, {"width": True, "height": 844}, [390, 844], None, "390x844",
])
def test_bad_input_is_refused_and_changes_nothing(body: Any) -> None:
    participant = started()
    before = dict(participant.environment)
    response = report(participant, body)
    assert response.status_code == 400 and response.json()["detail"]
    participant.refresh_from_db()
    assert participant.environment == before


def test_a_body_that_is_not_json_is_refused() -> None:
    participant = started()
    assert report(participant, None, raw=b"width=390").status_code == 400
    assert report(participant, None, raw=b"\xff\xfe").status_code == 400


def test_an_unknown_participant_is_not_found() -> None:
    participant = started()
    response = Client().post(f"/p/{participant.session.name}/zzzzzzzz/screen/",
                             json.dumps({"width": 1, "height": 1}),
                             content_type="application/json")
    assert response.status_code == 404


def test_the_page_carries_the_script_until_the_size_is_known() -> None:
    participant = started()
    url = f"/p/{participant.session.name}/{participant.name}/"
    assert 'id="quorum-screen"' in Client().get(url).content.decode()
    report(participant, {"width": 390, "height": 844})
    assert 'id="quorum-screen"' not in Client().get(url).content.decode()


def test_the_report_needs_the_pages_csrf_token() -> None:
    participant = started()
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/p/{participant.session.name}/{participant.name}/screen/",
                           json.dumps({"width": 390, "height": 844}),
                           content_type="application/json")
    assert response.status_code == 403
    participant.refresh_from_db()
    assert "screen_width" not in participant.environment


def test_the_environment_is_in_the_sessions_export() -> None:
    participant = started()
    report(participant, {"width": 390, "height": 844})
    data = b"".join(export_stream(sessions=[participant.session],
                                  format="wide_csv").chunks).decode()
    [row] = list(csv.DictReader(io.StringIO(data)))
    assert {key: row[f"participant.{key}"] for key in (
        "platform", "device", "os", "browser", "screen_width", "screen_height",
        "user_agent")} == {"platform": "mobile", "device": "iPhone", "os": "iOS 17",
                           "browser": "Safari 17", "screen_width": "390",
                           "screen_height": "844", "user_agent": UA_PHONE}

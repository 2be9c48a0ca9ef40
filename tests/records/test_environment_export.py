"""The participant's environment at entry (platform, device, OS, browser, user agent, from the
User-Agent of their first request; the screen size their page reported) is in the data: a
column each in the wide CSV, keys in the JSON, explained by the data dictionary, and over the
REST API. A participant who never entered by a link has them empty."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sessions_core.data.exports import export_stream
from sessions_core.models import Session
from tests.api.conftest import API
from tests.conftest import make_session, participants_of, url_of
from tests.data.conftest import content, csv_rows

pytestmark = pytest.mark.django_db

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")
COLUMNS = ["participant.platform", "participant.device", "participant.os", "participant.browser",
           "participant.screen_width", "participant.screen_height", "participant.user_agent"]


@pytest.fixture
def entered() -> Session:
    """P1 opened their link on an iPhone and their page reported a 390×844 screen."""
    session = make_session("trust", 2)
    first = participants_of(session)[0]
    phone = Client(HTTP_USER_AGENT=IPHONE)
    assert phone.get(url_of(first)).status_code == 200
    assert phone.post(url_of(first) + "screen/", {"width": 390, "height": 844},
                      content_type="application/json").status_code == 200
    return session


def test_the_wide_csv_has_a_column_for_each_value(entered: Session) -> None:
    header, (one, two) = csv_rows(content(export_stream(sessions=[entered], format="wide_csv")))
    assert all(column in header for column in COLUMNS)
    assert one["participant.platform"] == "mobile"
    assert one["participant.screen_width"] == "390" and one["participant.screen_height"] == "844"
    assert one["participant.user_agent"] == IPHONE
    assert one["participant.os"] and one["participant.browser"] and one["participant.device"]
    assert all(two[column] == "" for column in COLUMNS)  # never opened their link


def test_the_json_and_the_dictionary_hold_them(entered: Session) -> None:
    document = json.loads(content(export_stream(sessions=[entered], format="json")))
    one, two = document["sessions"][0]["participants"]
    assert (one["platform"], one["screen_width"], one["screen_height"]) == ("mobile", 390, 844)
    assert two["platform"] is None and two["screen_width"] is None
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[entered],
                                                               format="zip"))))
    _, dictionary = csv_rows(archive.read("data_dictionary.csv"))
    wide = {d["column"]: d for d in dictionary if d["file"] == "all_apps_wide.csv"}
    assert all(column in wide for column in COLUMNS)
    assert wide["participant.screen_width"]["type"] == "integer"
    assert wide["participant.platform"]["json"] == "sessions[].participants[].platform"


def test_the_api_serves_them(script: APIClient, entered: Session) -> None:
    response = script.get(f"{API}/sessions/{entered.name}/data/?format=wide_csv")
    _, rows = csv_rows(b"".join(response.streaming_content))
    assert rows[0]["participant.platform"] == "mobile"

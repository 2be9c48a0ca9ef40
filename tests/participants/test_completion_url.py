"""A SessionType's completion_url (an online panel's completion link): checked at start-up as an
http(s) address; a participant who finishes is sent there from the last page, by itself after a
few seconds (a meta refresh, no script needed) or at once with the Continue link."""
from __future__ import annotations

import pytest
from django.test import Client

from sessions_core.experimenter.session_types import (
    SessionType,
    SessionTypeError,
    validate_session_types,
)
from tests.apps.admincheck.session_types import COMPLETION_URL
from tests.conftest import make_session, participants_of, url_of

ESCAPED = COMPLETION_URL.replace("&", "&amp;")


def finish(client: Client, session_type: str) -> str:
    """Play a one-participant admincheck session to its end; the page after the last one."""
    participant = participants_of(make_session(session_type, 1))[0]
    client.get(url_of(participant))
    page = ""
    for round_number in (1, 2):
        page = client.get(url_of(participant)).content.decode()
        token = page.split('name="_quorum_page" value="')[1].split('"')[0]
        page = client.post(url_of(participant), {"answer": round_number,
                                                 "_quorum_page": token}).content.decode()
    return page


def test_a_finished_participant_is_sent_to_the_completion_url(db: None) -> None:
    page = finish(Client(), "admincheck_panel")
    assert "You have completed this session." in page
    assert f'<meta http-equiv="refresh" content="5;url={ESCAPED}">' in page
    assert f'<a class="btn" id="completion-link" href="{ESCAPED}">Continue</a>' in page


def test_without_a_completion_url_the_last_page_says_to_close_the_window(db: None) -> None:
    page = finish(Client(), "admincheck")
    assert "You may close this window." in page
    assert "http-equiv" not in page and "completion-link" not in page


def test_the_session_keeps_the_completion_url_in_its_config(db: None) -> None:
    assert make_session("admincheck_panel", 1).config["completion_url"] == COMPLETION_URL
    assert make_session("admincheck", 1).config["completion_url"] == ""


@pytest.mark.parametrize("url", ["app.prolific.com/complete", "ftp://example.org/x",
                                 "javascript:alert(1)", "https://", "https://exa mple.org/",
                                 "https://[::1", 42])
def test_a_completion_url_that_is_not_a_web_address_stops_start_up(url: object) -> None:
    with pytest.raises(SessionTypeError, match="completion_url must be empty or an http"):
        validate_session_types([SessionType(name="panel", app_sequence=["trust"],
                                            completion_url=url)],  # type: ignore[arg-type]
                               source="experiments/sessions.py", known_apps={"trust"})


def test_an_http_or_https_completion_url_is_accepted() -> None:
    for url in ("", "http://lab.example.org/done", COMPLETION_URL):
        found = validate_session_types(
            [SessionType(name="panel", app_sequence=["trust"], completion_url=url)],
            source="experiments/sessions.py", known_apps={"trust"})
        assert found["panel"].completion_url == url

"""The participant's page /p/<session>/<participant>/ over HTTP."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.test import Client

from config.asgi import application
from participants.models import Participant
from sessions_core.experimenter.pages import WaitPage
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session
from tests.conftest import fresh, make_session, participants_of, url_of
from tests.sessions_core.formcheck_steps import reach

ANSWERS: dict[tuple[str, str], dict[str, Any]] = {
    ("trust", "Send"): {"sent_amount": 50},
    ("trust", "SendBack"): {"sent_back_amount": 20},
    ("ultimatum", "Offer"): {"offer": 50},
    ("ultimatum", "Respond"): {"accepted": "True"},
    ("questionnaire", "Demographics"): {"age": 30, "gender": "Other", "education_years": 12},
    ("questionnaire", "CognitiveReflection"): {"crt": 1},
    ("public_goods", "Contribute"): {"contribution": 30},
    ("dictator", "Offer"): {"kept": 60},
    ("matching_pennies", "Choice"): {"penny_side": "Heads"},
    ("partner_stranger", "Invest"): {"sent_amount": 5},
    ("partner_stranger", "Return"): {"sent_back_amount": 5},
    ("arrival_lobby", "Guess"): {"guess": 10},
    ("prisoner_chat", "Decision"): {"cooperate": "True"},
}


class Links(HTMLParser):
    """Every URL a page refers to (src, href, action)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs
                      if name in ("src", "href", "action") and value is not None]


def links_in(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.urls


def page_class(participant: Participant) -> tuple[str, type]:
    label = participant.session.app_sequence[participant.app_index]
    return label, experiment_app(label).page_sequence[participant.page_index]


def check_page(html: str, participant: Participant) -> tuple[str, type] | None:
    """Check the page a participant was shown; return (app, page class) of a form page."""
    now = fresh(participant)
    if now.status == Participant.Status.FINISHED:
        assert '<p id="finished">' in html
        return None
    label, page = page_class(now)
    if issubclass(page, WaitPage):
        assert 'id="quorum-wait"' in html and "<form" not in html
        return None
    assert '<button type="submit" class="btn otree-btn-next" id="next-button">' in html
    assert f'<input type="hidden" name="_quorum_page" value="{now.position_token}">' in html
    return label, page


def walk(session: Session, client: Client) -> tuple[list[str], set[str]]:
    """Play the session through HTTP, checking every page shown (after GET and POST).

    Returns the HTML of every page and the names of the pages submitted."""
    seen: list[str] = []
    submitted: set[str] = set()
    for _turn in range(200):
        everyone = [fresh(p) for p in participants_of(session)]
        if all(p.status == Participant.Status.FINISHED for p in everyone):
            return seen, submitted
        for participant in everyone:
            html = client.get(url_of(participant)).content.decode()
            seen.append(html)
            form_page = check_page(html, participant)
            if form_page is None:
                continue
            label, page = form_page
            before = fresh(participant).position
            data = {**ANSWERS.get((label, page.__name__), {}),
                    "_quorum_page": fresh(participant).position_token}
            response = client.post(url_of(participant), data)
            assert response.status_code == 200
            assert fresh(participant).position != before, f"{label}.{page.__name__} rejected"
            seen.append(response.content.decode())
            check_page(seen[-1], participant)
            submitted.add(f"{label}.{page.__name__}")
    raise AssertionError("the session did not finish")


def static_response(path: str) -> dict[str, Any]:
    """GET through the project's ASGI application, as a browser reaches daphne.

    (channels' HttpCommunicator expects a body in the last message of a streamed response, which
    Django's file responses leave out.)"""
    scope = {"type": "http", "http_version": "1.1", "method": "GET", "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "", "scheme": "http",
             "headers": [(b"host", b"testserver")], "server": ("testserver", 80)}

    async def get() -> dict[str, Any]:
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(5)
        body = b""
        while True:
            chunk = await communicator.receive_output(5)
            body += chunk.get("body", b"")
            if not chunk.get("more_body", False):
                break
        await communicator.wait()
        return {"status": start["status"], "body": body}

    return async_to_sync(get)()


@pytest.mark.django_db
def test_unknown_participant_gets_a_404_page_that_says_so(client: Client) -> None:
    session = make_session("trust", 2)
    for url in (f"/p/{session.name}/nosuchone/", "/p/nosuchsession/nosuchone/"):
        response = client.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "<title>Link not found</title>" in html
        assert "This participant link does not exist." in html
    assert client.post(f"/p/{session.name}/nosuchone/", {"x": "1"}).status_code == 404


@pytest.mark.django_db
def test_unknown_participant_state_is_a_json_404(client: Client) -> None:
    response = client.get("/p/nosuchsession/nosuchone/state/")
    assert response.status_code == 404
    assert response.json() == {"detail": "no such participant"}


@pytest.mark.django_db
@pytest.mark.parametrize(("session_type", "size"), [
    ("my_session", 2), ("public_goods", 3), ("dictator", 2), ("matching_pennies", 2),
    ("stranger_matching", 4), ("arrival_lobby", 3), ("prisoner_chat", 2), ("double_auction", 4),
    ("live_agreement", 2)])
def test_every_page_has_the_next_button_and_its_position(client: Client, session_type: str,
                                                         size: int) -> None:
    session = make_session(session_type, size)
    _seen, submitted = walk(session, client)
    assert {name.split(".")[0] for name in submitted} == set(session.app_sequence)
    assert all(p.status == Participant.Status.FINISHED for p in participants_of(session))


@pytest.mark.django_db
def test_finished_page_shows_the_total_payoff(client: Client) -> None:
    participant = participants_of(make_session("formcheck", 1))[0]
    reach(participant, "Done")
    client.post(url_of(participant), {"_quorum_page": fresh(participant).position_token})
    html = client.get(url_of(participant)).content.decode()
    assert "You have completed this session." in html
    assert '<strong id="payoff">25 points</strong>' in html


@pytest.mark.django_db
def test_pages_refer_only_to_the_projects_own_static_files(client: Client) -> None:
    seen, _submitted = walk(make_session("my_session", 2), client)
    urls = {url for html in seen for url in links_in(html)}
    assert not [u for u in urls if re.match(r"^(https?:)?//", u)], urls
    assets = sorted(u for u in urls if u.startswith("/static/"))
    assert assets == ["/static/quorum/presence.js", "/static/quorum/quorum.css",
                      "/static/quorum/screen.js", "/static/quorum/wait.js"]
    for path in assets:
        response = static_response(path)
        assert response["status"] == 200, path
        assert not re.search(rb"https?://", response["body"]), path


def test_a_missing_static_file_is_a_404() -> None:
    assert static_response("/static/quorum/nothing-here.js")["status"] == 404

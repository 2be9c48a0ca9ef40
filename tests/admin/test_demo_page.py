"""The demo page at /: for staff, every SessionType with its doc; one click makes a demo
session (a test session of the demo size) and shows each participant's link and the
session-wide link."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape

from sessions_core.experimenter.registry import session_types
from sessions_core.models import Session
from tests.conftest import make_session
from tests.permissions import admin_client, staff_with

VIEW, ADD = "sessions_core.view_session", "sessions_core.add_session"


def test_every_session_type_is_listed_with_its_doc(experimenter: Client) -> None:
    page = experimenter.get("/").content.decode()
    for st in session_types():
        assert f'id="session-type-{st.name}"' in page
        assert f"<strong>{escape(st.display_name)}</strong>" in page  # "Prisoner&#x27;s..."
    assert "One-shot trust game: player 1 sends, the amount is tripled" in page
    assert page.count(">Create demo session</button>") == len(session_types())


def test_one_click_creates_a_demo_session_and_shows_its_links(experimenter: Client) -> None:
    response = experimenter.post("/", {"session_type": "public_goods"})
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/demo/{session.name}/"
    assert (session.is_test, session.label, session.num_participants) == (True, "demo", 3)
    page = experimenter.get(response["Location"]).content.decode()
    for participant in session.participant_set.all():
        url = f"http://testserver/p/{session.name}/{participant.name}/"
        assert f'<a href="{url}" target="_blank" rel="noopener">{url}</a>' in page
    join = f"http://testserver/join/{session.name}/"
    assert re.search(rf'<a href="{join}" target="_blank" rel="noopener" id="session-wide-link">',
                     page)
    assert f"/admin/sessions_core/session/{session.pk}/change/" in page


def test_each_click_makes_a_new_demo_session(experimenter: Client) -> None:
    experimenter.post("/", {"session_type": "trust"})
    experimenter.post("/", {"session_type": "trust"})
    assert Session.objects.filter(is_test=True, label="demo").count() == 2


def test_an_unknown_session_type_is_refused(experimenter: Client) -> None:
    response = experimenter.post("/", {"session_type": "nope"})
    assert response.status_code == 400
    assert "no SessionType &#x27;nope&#x27;" in response.content.decode()
    assert not Session.objects.exists()


def test_anonymous_visitors_go_to_the_login(db: None) -> None:
    for response in (Client().get("/"), Client().post("/", {"session_type": "trust"})):
        assert response.status_code == 302 and response["Location"] == "/admin/login/?next=/"
    assert not Session.objects.exists()


def test_non_staff_users_are_refused(outsider: Client) -> None:
    assert outsider.get("/").status_code == 403
    assert outsider.post("/", {"session_type": "trust"}).status_code == 403
    assert not Session.objects.exists()


@pytest.mark.parametrize("permissions", [(), (ADD,)])
def test_staff_without_view_session_may_not_see_it(db: None, permissions: tuple[str, ...]) -> None:
    client = admin_client(staff_with(*permissions))
    session = make_session("trust", 2)
    assert client.get("/").status_code == 403
    assert client.get(f"/demo/{session.name}/").status_code == 403


def test_staff_who_may_only_look_see_no_button_and_cannot_create(db: None) -> None:
    client = admin_client(staff_with(VIEW))
    page = client.get("/").content.decode()
    assert "Trust game" in page and "Create demo session" not in page
    assert client.post("/", {"session_type": "trust"}).status_code == 403
    assert not Session.objects.exists()


def test_staff_with_add_session_create_demo_sessions(db: None) -> None:
    client = admin_client(staff_with(VIEW, ADD))
    assert client.post("/", {"session_type": "trust"}).status_code == 302
    session = Session.objects.get()
    assert client.get(f"/demo/{session.name}/").status_code == 200


def test_the_links_page_of_an_unknown_session_is_not_found(experimenter: Client) -> None:
    assert experimenter.get("/demo/nosuchsession/").status_code == 404

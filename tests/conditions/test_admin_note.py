"""The admin's session page shows the design and says whether condition_overrides apply: used
in a test session, ignored (and said so) in a real one."""
from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sessions_core.conditions.services import condition_exclude_session
from sessions_core.models import Session
from tests.admin.conftest import experimenter  # noqa: F401  (the fixture)
from tests.conditions.helpers import started, stored_session
from tests.conftest import make_session


def change_page(client: Client, session: Session) -> str:
    response = client.get(reverse("admin:sessions_core_session_change", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_real_session_says_its_overrides_are_ignored(experimenter: Client) -> None:  # noqa: F811
    page = change_page(experimenter, make_session("cond_override", 2))

    assert ('<p class="condition-overrides">condition_overrides {&quot;depth&quot;:&quot;near'
            '&quot;} are ignored: they apply to test sessions only, and this is a real session '
            '(balanced assignment)</p>') in page
    assert "depth: near, far × color: red, blue; one combination per participant" in page


def test_a_test_session_says_its_overrides_are_used(experimenter: Client) -> None:  # noqa: F811
    page = change_page(experimenter, make_session("cond_override", 2, is_test=True))

    assert "are used here: this is a test session (its assignments do not count for " \
        "balancing)" in page
    assert "are ignored" not in page


def test_a_session_without_overrides_says_nothing_of_them(experimenter: Client) -> None:  # noqa: F811
    page = change_page(experimenter, make_session("cond_participant", 2))

    assert "condition_overrides" not in page and "condition-design" in page


def test_an_excluded_session_shows_when_and_why(experimenter: Client) -> None:  # noqa: F811
    session = make_session("cond_participant", 2)
    condition_exclude_session(session=session, reason="fire alarm")

    assert "fire alarm" in change_page(experimenter, session)


def test_a_session_units_condition_is_shown(experimenter: Client) -> None:  # noqa: F811
    session = started("cond_session", 2)[0].session
    depth = stored_session(session)["depth"]

    page = change_page(experimenter, session)

    assert '<p class="condition-session">this session&#x27;s condition: {' in page
    assert f"&quot;depth&quot;:&quot;{depth}&quot;" in page

"""The admin's "Exclude from balancing…" action on the session list and the participant list:
a reason form first (the reason is required), then the selected ones are excluded with the
reason and a message says so; no reason, or selected ones that no longer exist, change nothing.
"""
from __future__ import annotations

from django.test import Client

from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import make_session, participants_of
from tests.permissions import staff_with

SESSIONS = "/admin/sessions_core/session/"
PARTICIPANTS = "/admin/participants/participant/"


def excluded() -> list[tuple[str, str]]:
    return sorted([*Session.objects.filter(excluded_at__isnull=False)
                   .values_list("name", "excluded_reason"),
                   *Participant.objects.filter(excluded_at__isnull=False)
                   .values_list("name", "excluded_reason")])


def act(client: Client, url: str, action: str, ids: list[int], **extra: str) -> str:
    response = client.post(url, {"action": action, "_selected_action": ids, **extra},
                           follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_session_action_asks_for_a_reason_first(experimenter: Client) -> None:
    session = make_session("trust", 2)
    page = act(experimenter, SESSIONS, "exclude_sessions", [session.pk], index="0")
    assert "Exclude sessions from balancing" in page and 'name="reason"' in page
    assert str(session) in page
    assert excluded() == []


def test_sessions_are_excluded_with_the_reason(experimenter: Client) -> None:
    one, two, other = (make_session("trust", 2) for _ in range(3))
    page = act(experimenter, SESSIONS, "exclude_sessions", [one.pk, two.pk],
               apply="Exclude from balancing", reason="  fire alarm at minute 10 ")
    assert "Excluded from balancing:" in page and 'Reason: “fire alarm at minute 10”' in page
    assert excluded() == sorted([(one.name, "fire alarm at minute 10"),
                                 (two.name, "fire alarm at minute 10")])
    assert Session.objects.get(pk=other.pk).excluded_at is None


def test_excluding_again_keeps_the_first_reason_and_says_so(experimenter: Client) -> None:
    session = make_session("trust", 2)
    act(experimenter, SESSIONS, "exclude_sessions", [session.pk], apply="1", reason="first")
    page = act(experimenter, SESSIONS, "exclude_sessions", [session.pk], apply="1",
               reason="second")
    assert "Already excluded, unchanged" in page
    assert excluded() == [(session.name, "first")]


def test_no_reason_shows_the_form_again_and_changes_nothing(experimenter: Client) -> None:
    session = make_session("trust", 2)
    for reason in ("", "   "):
        page = act(experimenter, SESSIONS, "exclude_sessions", [session.pk], apply="1",
                   reason=reason)
        assert "Give a reason" in page and 'name="reason"' in page
    assert excluded() == []


def test_a_reason_too_long_is_refused(experimenter: Client) -> None:
    session = make_session("trust", 2)
    page = act(experimenter, SESSIONS, "exclude_sessions", [session.pk], apply="1",
               reason="x" * 1001)
    assert "at most 1000 characters" in page
    assert excluded() == []


def test_unknown_ids_change_nothing(experimenter: Client) -> None:
    session = make_session("trust", 2)
    page = act(experimenter, SESSIONS, "exclude_sessions", [session.pk + 1000], apply="1",
               reason="gone")
    assert "nothing was changed" in page
    page = act(experimenter, PARTICIPANTS, "exclude_participants", [999_999], apply="1",
               reason="gone")
    assert "nothing was changed" in page
    assert excluded() == []


def test_participants_are_excluded_with_the_reason(experimenter: Client) -> None:
    first, second = participants_of(make_session("trust", 2))
    page = act(experimenter, PARTICIPANTS, "exclude_participants", [first.pk], index="0")
    assert "Exclude participants from balancing" in page and str(first) in page
    page = act(experimenter, PARTICIPANTS, "exclude_participants", [first.pk], apply="1",
               reason="fell asleep")
    assert f"Excluded from balancing: {first}" in page
    assert excluded() == [(first.name, "fell asleep")]
    assert Participant.objects.get(pk=second.pk).excluded_at is None


def test_a_lab_manager_who_may_only_view_has_no_such_action(db: None) -> None:
    client = Client()
    client.force_login(staff_with("sessions_core.view_session", "participants.view_participant"))
    session = make_session("trust", 2)
    assert "exclude_sessions" not in client.get(SESSIONS).content.decode()
    act(client, SESSIONS, "exclude_sessions", [session.pk], apply="1", reason="no right")
    assert excluded() == []

"""Each entry rule refuses with its reason at each kind of entry (a room, the session-wide
link, a participant link) and writes nothing but the refusal's log; an allowed entry records
the participant's environment; returning to one's own slot is never refused."""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from participants.models import EntryRefusal, Participant
from rooms.services import room_create
from sessions_core.models import Session
from tests.conftest import make_session
from tests.eligibility import (
    UA_DESKTOP,
    UA_PHONE,
    UA_TABLET,
    refusals,
    session_type_with,
    snapshot,
)

pytestmark = pytest.mark.django_db

KINDS = ("room", "session_link", "participant_link")


def target(kind: str, st: str) -> Any:
    """Where someone will enter: a room without a session yet, or a session of two slots."""
    if kind == "room":
        return room_create(name=f"room-{st}", config=st, open=True)
    return make_session(st, 2)


def enter(kind: str, where: Any, *, label: str = "", ua: str = UA_DESKTOP,
          client: Client | None = None) -> Any:
    client = client or Client()
    if kind == "room":
        return client.post(f"/room/{where.name}/", {"label": label} if label else {},
                           HTTP_USER_AGENT=ua)
    query = f"?participant_label={label}" if label else ""
    if kind == "session_link":
        return client.post(f"/join/{where.name}/{query}", HTTP_USER_AGENT=ua)
    slot = where.participant_set.order_by("id_in_session").first()
    return client.get(f"/p/{where.name}/{slot.name}/{query}", HTTP_USER_AGENT=ua)


def took_part(st: str, label: str) -> None:
    """Someone with this label started in an earlier session of the SessionType."""
    earlier = make_session(st, 1)
    earlier.participant_set.update(label=label, status=Participant.Status.PLAYING,
                                   started_at=timezone.now(), claimed_at=timezone.now())


def begun(st: str) -> Session:
    """A session of the SessionType that someone has entered."""
    session = make_session(st, 2)
    session.participant_set.filter(id_in_session=1).update(claimed_at=timezone.now())
    return session


def assert_refused(response: Any, reason_words: str, before: dict[str, Any]) -> None:
    assert response.status_code == 403
    assert reason_words in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_blocked_label_is_refused(kind: str) -> None:
    with session_type_with(blocked_labels=["blocked-7"]) as st:
        where = target(kind, st)
        before = snapshot()
        response = enter(kind, where, label="blocked-7")
        assert_refused(response, "cannot take part in this study", before)
        assert refusals() == [(kind, "blocked_label")]
        refusal = EntryRefusal.objects.get()
        assert (refusal.session_type, refusal.label, refusal.platform) == (st, "blocked-7",
                                                                           "desktop")
        assert enter(kind, where, label="fine-7").status_code == 302 if kind != "participant_link" \
            else enter(kind, where, label="fine-7").status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_a_blocked_prolific_id_is_refused(kind: str) -> None:
    with session_type_with(blocked_labels=["5f3a9c"]) as st:
        where = target(kind, st)
        before = snapshot()
        client = Client()
        if kind == "room":
            response = client.post(f"/room/{where.name}/?PROLIFIC_PID=5f3a9c",
                                   HTTP_USER_AGENT=UA_DESKTOP)
        elif kind == "session_link":
            response = client.post(f"/join/{where.name}/?PROLIFIC_PID=5f3a9c")
        else:
            slot = where.participant_set.first()
            response = client.get(f"/p/{where.name}/{slot.name}/?PROLIFIC_PID=5f3a9c")
        assert_refused(response, "cannot take part", before)
        assert EntryRefusal.objects.get().rule == "blocked_label"


@pytest.mark.parametrize("kind", KINDS)
def test_a_platform_not_allowed_is_refused_with_what_was_seen(kind: str) -> None:
    with session_type_with(allowed_platforms=["mobile", "tablet"]) as st:
        where = target(kind, st)
        before = snapshot()
        response = enter(kind, where, ua=UA_DESKTOP)
        assert_refused(response, "only on a phone or a tablet, and you seem to be using a "
                                 "computer", before)
        refusal = EntryRefusal.objects.get()
        assert (refusal.entry, refusal.rule, refusal.platform) == (kind, "platform", "desktop")
        assert refusal.user_agent == UA_DESKTOP
        assert enter(kind, where, ua=UA_PHONE).status_code in (200, 302)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_platform_is_refused_when_platforms_are_restricted(kind: str) -> None:
    with session_type_with(allowed_platforms=["desktop"]) as st:
        where = target(kind, st)
        before = snapshot()
        response = enter(kind, where, ua="curl/8.5.0")
        assert_refused(response, "we could not tell which kind of device", before)
        assert EntryRefusal.objects.get().platform == "unknown"


@pytest.mark.parametrize("kind", KINDS)
def test_prior_participation_in_this_session_type_is_refused(kind: str) -> None:
    with session_type_with(exclude_prior=True) as st:
        took_part(st, "ann-1")
        where = target(kind, st)
        before = snapshot()
        response = enter(kind, where, label="ann-1")
        assert_refused(response, "already taken part", before)
        assert refusals() == [(kind, "prior_participation")]
        assert enter(kind, where, label="bob-2").status_code in (200, 302)


@pytest.mark.parametrize("kind", KINDS)
def test_prior_participation_in_a_listed_session_type_is_refused(kind: str) -> None:
    with session_type_with() as pilot, session_type_with(exclude_prior_from=[pilot]) as st:
        took_part(pilot, "ann-1")
        where = target(kind, st)
        before = snapshot()
        assert_refused(enter(kind, where, label="ann-1"), "already taken part", before)
        assert refusals() == [(kind, "prior_participation")]


def test_prior_participation_counts_a_prolific_id_kept_in_vars() -> None:
    with session_type_with(exclude_prior=True) as st:
        earlier = make_session(st, 1)
        earlier.participant_set.update(label="lab-3", vars={"prolific": {"PROLIFIC_PID": "5f3a"}},
                                       status=Participant.Status.PLAYING,
                                       started_at=timezone.now())
        session = make_session(st, 1)
        before = snapshot()
        response = Client().post(f"/join/{session.name}/?PROLIFIC_PID=5f3a")
        assert_refused(response, "already taken part", before)
        assert EntryRefusal.objects.get().external_id == "5f3a"


def test_prior_participation_does_not_count_test_sessions_or_slots_never_started() -> None:
    with session_type_with(exclude_prior=True) as st:
        demo = make_session(st, 1, is_test=True)
        demo.participant_set.update(label="ann-1", status=Participant.Status.PLAYING,
                                    started_at=timezone.now())
        claimed_only = make_session(st, 1)
        claimed_only.participant_set.update(label="bob-2", claimed_at=timezone.now())
        session = make_session(st, 2)
        assert enter("session_link", session, label="ann-1").status_code == 302
        assert enter("session_link", session, label="bob-2").status_code == 302
        assert not EntryRefusal.objects.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_max_sessions_refuses_a_new_session_when_the_cap_is_reached(kind: str) -> None:
    with session_type_with(max_sessions=1) as st:
        begun(st)
        where = target(kind, st)
        before = snapshot()
        response = enter(kind, where, label="cat-3")
        assert_refused(response, "has all the sessions it needs", before)
        assert refusals() == [(kind, "max_sessions")]
        if kind == "room":
            where.refresh_from_db()
            assert where.session is None


@pytest.mark.parametrize("kind", KINDS)
def test_max_sessions_never_refuses_someone_entering_a_running_session(kind: str) -> None:
    with session_type_with(max_sessions=1) as st:
        where = target(kind, st)
        assert enter(kind, where, label="first-1").status_code in (200, 302)
        if kind == "participant_link":  # the session's second slot, by its own link
            slot = where.participant_set.get(id_in_session=2)
            response = Client().get(f"/p/{where.name}/{slot.name}/", HTTP_USER_AGENT=UA_PHONE)
            assert response.status_code == 200
        else:
            assert enter(kind, where, label="second-2").status_code == 302
        assert not EntryRefusal.objects.exists()
        assert Participant.objects.filter(claimed_at__isnull=False).count() == 2


def test_an_excluded_session_stops_counting_toward_the_cap() -> None:
    with session_type_with(max_sessions=1) as st:
        unusable = begun(st)
        session = make_session(st, 1)
        assert enter("participant_link", session).status_code == 403
        Session.objects.filter(pk=unusable.pk).update(excluded_at=timezone.now(),
                                                      excluded_reason="projector broke")
        assert enter("participant_link", session).status_code == 200


def test_test_sessions_are_neither_counted_nor_capped() -> None:
    with session_type_with(max_sessions=1) as st:
        demo = make_session(st, 1, is_test=True)
        assert enter("participant_link", demo).status_code == 200
        real = make_session(st, 1)
        assert enter("participant_link", real).status_code == 200
        another_demo = make_session(st, 1, is_test=True)
        assert enter("participant_link", another_demo).status_code == 200
        assert not EntryRefusal.objects.exists()


@pytest.mark.parametrize("kind", ("room", "session_link"))
def test_returning_to_ones_own_slot_is_never_refused(kind: str) -> None:
    with session_type_with(allowed_platforms=["mobile"], exclude_prior=True) as st:
        where = target(kind, st)
        browser = Client()
        first = enter(kind, where, label="dan-4", ua=UA_PHONE, client=browser)
        assert first.status_code == 302
        Participant.objects.filter(label="dan-4").update(status=Participant.Status.PLAYING,
                                                         started_at=timezone.now())
        # Back with the same label on a computer: their own slot, not a new entry.
        again = enter(kind, where, label="dan-4", ua=UA_DESKTOP, client=browser)
        assert (again.status_code, again["Location"]) == (302, first["Location"])
        assert not EntryRefusal.objects.exists()


def test_a_participant_links_own_participant_is_never_refused_again() -> None:
    with session_type_with(allowed_platforms=["mobile"]) as st:
        session = make_session(st, 1)
        slot = session.participant_set.get()
        url = f"/p/{session.name}/{slot.name}/"
        assert Client().get(url, HTTP_USER_AGENT=UA_PHONE).status_code == 200
        assert Client().get(url, HTTP_USER_AGENT=UA_DESKTOP).status_code == 200
        assert not EntryRefusal.objects.exists()


def test_a_refused_post_to_a_participant_link_starts_nothing() -> None:
    with session_type_with(allowed_platforms=["tablet"]) as st:
        session = make_session(st, 1)
        slot = session.participant_set.get()
        before = snapshot()
        response = Client().post(f"/p/{session.name}/{slot.name}/", {"_position": "0-1-0"},
                                 HTTP_USER_AGENT=UA_PHONE)
        assert_refused(response, "only on a tablet", before)


@pytest.mark.parametrize("kind", KINDS)
def test_an_allowed_entry_records_the_environment(kind: str) -> None:
    with session_type_with(allowed_platforms=["tablet"]) as st:
        where = target(kind, st)
        assert enter(kind, where, label="eve-5", ua=UA_TABLET).status_code in (200, 302)
        participant = Participant.objects.get(label="eve-5")
        assert participant.environment == {
            "platform": "tablet", "device": "iPad", "os": "iPadOS 16", "browser": "Safari 16",
            "user_agent": UA_TABLET}
        assert participant.claimed_at is not None


def test_a_session_type_without_rules_refuses_nobody_and_still_records_the_environment() -> None:
    session = make_session("questionnaire", 1)
    slot = session.participant_set.get()
    assert Client().get(f"/p/{session.name}/{slot.name}/", HTTP_USER_AGENT="").status_code == 200
    slot.refresh_from_db()
    assert slot.environment["platform"] == "unknown"
    assert slot.status == Participant.Status.PLAYING

"""The experimenter's on_dropout hook runs once when a participant is marked; a participant who
comes back sees where the session is now, keeps the mark (with the time they came back), and
their pages no longer time out by themselves."""
from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured

from participants.models import Participant
from sessions_core.experimenter.session_types import SessionType, validate_session_types
from tests.conftest import fresh, make_session, participants_of, player_of, post, visit
from tests.dropouts.helpers import Clock, at_second, clock, dropped, heartbeat
from tests.participants.test_participant_socket import socket_of
from tests.timers.helpers import page_of, timeouts_of

__all__ = ["clock"]


@pytest.mark.django_db
def test_the_hook_ends_the_groups_game_and_everyone_is_paid(clock: Clock) -> None:
    stays, leaves = participants_of(make_session("dropouts_hook", 2))
    visit(stays)
    visit(leaves)
    post(stays, {"number": 7})
    for seconds in (60, 120, 600):
        at_second(clock, seconds, stays)

    gone = fresh(leaves)
    assert gone.dropped_out_at == clock.at(60)
    assert gone.vars == {"dropped_out": True, "hook_calls": 1}  # once, however many passes
    assert gone.status == Participant.Status.FINISHED
    assert player_of(stays).group.ended is True
    assert player_of(stays).payoff == player_of(leaves).payoff == 50
    assert visit(stays).page.__class__.__name__ == "Results"
    post(stays, {})
    assert fresh(stays).status == Participant.Status.FINISHED and not dropped(stays)


@pytest.mark.django_db(transaction=True)
def test_a_returning_participant_sees_the_current_page_and_keeps_the_mark(
        clock: Clock) -> None:
    stays, leaves = participants_of(make_session("dropouts", 2))
    visit(stays)
    visit(leaves)
    choose_position = fresh(leaves).position_token
    at_second(clock, 60, stays)  # stays has not chosen yet: leaves times out to the wait page
    assert page_of(leaves) == "Together" and timeouts_of(leaves) == ["Choose"]

    async def come_back() -> dict:
        # The page they left open (Choose) reconnects its socket, as presence.js does.
        socket = socket_of(leaves)
        socket.scope["query_string"] = f"on=page&at={choose_position}".encode()
        connected, _ = await socket.connect()
        assert connected
        message = await socket.receive_json_from()
        await socket.disconnect()
        return message

    state = async_to_sync(come_back)()
    back = fresh(leaves)
    # The page learns it is no longer theirs (presence.js then reloads it).
    assert state["position"] == back.position_token != choose_position
    assert back.dropped_out_at == clock.at(60) and back.dropout_returned_at is not None

    heartbeat(stays)
    post(stays, {"number": 4})
    assert visit(leaves).page.__class__.__name__ == "Results"
    for seconds in (120, 600):
        at_second(clock, seconds, stays)
    # Back: the page they came back to waits for them, as any page does.
    assert page_of(leaves) == "Results" and timeouts_of(leaves) == ["Choose"]
    post(leaves, {})
    assert fresh(leaves).status == Participant.Status.FINISHED
    assert fresh(leaves).dropped_out_at == clock.at(60)


@pytest.mark.parametrize("value", [5, 19.5, "60", True, float("nan"), -1])
def test_a_session_type_with_an_unusable_tolerance_is_refused_naming_it(value: object) -> None:
    session_type = SessionType(name="bad", app_sequence=["dropouts"], dropout_after_seconds=value)
    with pytest.raises(ImproperlyConfigured, match="'dropout_after_seconds' must be a number "
                                                   "of seconds of at least 20"):
        validate_session_types([session_type], source="sessions.py", known_apps={"dropouts"})


@pytest.mark.parametrize("value", ["false", 0, None])
def test_dropout_pages_time_out_must_be_true_or_false(value: object) -> None:
    session_type = SessionType(name="bad", app_sequence=["dropouts"], dropout_after_seconds=60,
                               dropout_pages_time_out=value)
    with pytest.raises(ImproperlyConfigured, match="'dropout_pages_time_out' must be True or "
                                                   "False"):
        validate_session_types([session_type], source="sessions.py", known_apps={"dropouts"})


def test_a_usable_tolerance_or_none_is_accepted() -> None:
    for value in (20, 90.5, None):
        session_type = SessionType(name="ok", app_sequence=["dropouts"],
                                   dropout_after_seconds=value)
        assert validate_session_types([session_type], source="s", known_apps={"dropouts"})

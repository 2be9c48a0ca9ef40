"""A participant whose pages stay silent longer than the session's dropout_after_seconds is
marked as dropped out by the server, with no browser involved; by default their pages then time
out so their group goes on. One whose pages keep sending heartbeats is never marked."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from asgiref.sync import async_to_sync
from redis.exceptions import ConnectionError as RedisConnectionError

import sessions_core.lifecycle.dropouts
from participants.models import Participant
from sessions_core.engine.bot_runner import run_bots
from sessions_core.lifecycle.deadlines import DeadlineScheduler, Firing, deadlines_fire_due
from sessions_core.lifecycle.dropouts import dropouts_check_due
from sessions_core.models import Session
from sessions_core.web.presence import participant_presence
from tests.conftest import fresh, make_session, participants_of, player_of, post, visit
from tests.dropouts.helpers import Clock, at_second, clock, dropped, heartbeat, server_pass
from tests.timers.helpers import page_of, timeouts_of

pytestmark = pytest.mark.django_db
__all__ = ["clock"]


def started_pair(session_type: str = "dropouts") -> tuple[Participant, Participant]:
    stays, leaves = participants_of(make_session(session_type, 2))
    visit(stays)
    visit(leaves)
    return stays, leaves


def test_a_silent_participant_is_marked_after_the_tolerance_and_their_group_goes_on(
        clock: Clock) -> None:
    stays, leaves = started_pair()
    heartbeat(stays)
    heartbeat(leaves)  # their last heartbeat: then their laptop closes
    post(stays, {"number": 4})
    assert page_of(stays) == "Together"

    for second in range(10, 60, 10):
        moment = clock.at(second)
        heartbeat(stays)
        assert server_pass(moment).marked == 0
    assert not dropped(leaves) and page_of(leaves) == "Choose"

    clock.at(60)
    heartbeat(stays)
    assert server_pass(clock.at(60)).marked == 1

    gone = fresh(leaves)
    assert gone.dropped_out_at == clock.at(60) and gone.dropout_returned_at is None
    assert gone.status == Participant.Status.FINISHED
    assert timeouts_of(leaves) == ["Choose", "Results"]
    assert player_of(leaves).timed_out is True
    assert not dropped(stays)
    # The one who stayed reaches the end: the wait page has opened for them.
    assert visit(stays).page.__class__.__name__ == "Results"
    assert player_of(stays).payoff == 4
    post(stays, {})
    assert fresh(stays).status == Participant.Status.FINISHED
    assert not dropped(stays)


def test_a_participant_who_keeps_sending_heartbeats_is_never_marked(clock: Clock) -> None:
    first, second = started_pair()
    checks = set()
    for seconds in range(0, 601, 10):
        moment = clock.at(seconds)
        heartbeat(first)
        heartbeat(second)
        assert server_pass(moment).marked == 0
        checks.add(fresh(first).dropout_check_at)
    assert not dropped(first) and not dropped(second)
    assert page_of(first) == page_of(second) == "Choose"
    assert timeouts_of(first) == timeouts_of(second) == []
    # The check moves on once a tolerance, not once a heartbeat (no write per heartbeat).
    assert len(checks) <= 12
    assert fresh(first).dropout_check_at > clock.at(600)


def test_a_page_closed_counts_as_seen_when_it_closed(clock: Clock) -> None:
    first, second = started_pair()
    heartbeat(first)
    heartbeat(second)
    clock.at(50)
    async_to_sync(participant_presence().leave)(second.session.name, f"page-{second.pk}",
                                                str(second.pk))
    for seconds in (60, 100):
        heartbeat(first)
        server_pass(clock.at(seconds))
        assert not dropped(second)
    heartbeat(first)
    server_pass(clock.at(110))
    assert dropped(second) and fresh(second).dropped_out_at == clock.at(110)


def test_marked_only_their_pages_when_the_session_turns_the_timeouts_off(clock: Clock) -> None:
    stays, leaves = started_pair("dropouts_held")
    heartbeat(stays)
    post(stays, {"number": 4})
    for seconds in (60, 120, 300):
        at_second(clock, seconds, stays)
    assert fresh(leaves).dropped_out_at == clock.at(60)
    assert page_of(leaves) == "Choose" and timeouts_of(leaves) == []
    assert page_of(stays) == "Together" and not dropped(stays)


def test_without_the_config_key_nobody_is_watched(clock: Clock) -> None:
    first, second = started_pair("dropouts_off")
    assert fresh(first).dropout_check_at is None
    server_pass(clock.at(3600))
    assert not dropped(first) and not dropped(second)


def test_bots_are_never_watched() -> None:
    [result] = run_bots("dropouts", 2)
    assert result.ok, result.error
    session = Session.objects.get(name=result.session_name)
    assert not session.participant_set.filter(dropout_check_at__isnull=False).exists()
    assert not session.participant_set.filter(dropped_out_at__isnull=False).exists()


def test_unreadable_presence_marks_nobody(clock: Clock) -> None:
    first, second = started_pair()
    before = fresh(second).dropout_check_at

    def unreachable(session_name: str) -> dict[str, float]:
        raise RedisConnectionError("Redis is down")

    checked = dropouts_check_due(now=clock.at(600), seen=unreachable,
                                 mark=lambda pk, now: pytest.fail("marked without presence"))
    assert checked.unavailable == 2 and checked.marked == 0
    assert fresh(second).dropout_check_at == before


def test_a_restarted_server_gives_pages_a_whole_tolerance_to_reconnect(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    stays, leaves = started_pair()
    # The embedded default's presence is in memory: a restart forgets every heartbeat.
    monkeypatch.setattr(sessions_core.lifecycle.dropouts, "PROCESS_STARTED", clock.at(50))
    for seconds in (60, 100):
        at_second(clock, seconds, stays)
    assert not dropped(leaves)
    at_second(clock, 110, stays)
    assert dropped(leaves) and not dropped(stays)


def test_the_check_of_a_finished_participant_ends(clock: Clock) -> None:
    stays, leaves = started_pair()
    post(stays, {"number": 4})
    clock.at(60)
    heartbeat(stays)
    server_pass(clock.at(60))  # leaves drops out and goes through; stays waits
    visit(stays)
    post(stays, {})
    assert fresh(stays).status == Participant.Status.FINISHED
    server_pass(clock.at(60) + timedelta(seconds=600))
    assert fresh(stays).dropout_check_at is None and fresh(leaves).dropout_check_at is None
    assert not dropped(stays)


@pytest.mark.django_db(transaction=True)  # the opening wakes them after its commit
def test_one_who_drops_out_while_waiting_goes_on_when_the_wait_page_opens(clock: Clock) -> None:
    stays, leaves = started_pair()
    post(leaves, {"number": 5})  # chose, reached the wait page, then closed the laptop
    assert page_of(leaves) == "Together"
    for seconds in (60, 90):
        at_second(clock, seconds, stays)
    assert dropped(leaves) and page_of(leaves) == "Together"  # nobody to pass it with yet

    clock.at(100)
    heartbeat(stays)
    post(stays, {"number": 4})  # the wait page opens for both
    assert page_of(stays) == "Results"
    at_second(clock, 101, stays)
    assert fresh(leaves).status == Participant.Status.FINISHED
    assert timeouts_of(leaves) == ["Results"]
    assert player_of(leaves).number == 5 and player_of(leaves).payoff == 9


def test_the_celery_beat_task_checks_dropouts_only_with_redis(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    from sessions_core.lifecycle import tasks

    stays, leaves = started_pair()
    monkeypatch.setattr(tasks, "timezone", SimpleNamespace(now=lambda: clock.at(60)))
    monkeypatch.setattr(tasks, "settings", SimpleNamespace(REDIS_URL=""))
    tasks.deadlines_fire_due_task()
    assert not dropped(leaves)  # presence in another process's memory: not readable here
    monkeypatch.setattr(tasks, "settings", SimpleNamespace(REDIS_URL="redis://configured"))
    clock.at(60)
    heartbeat(stays)
    tasks.deadlines_fire_due_task()
    assert dropped(leaves) and not dropped(stays)
    assert timeouts_of(leaves) == ["Choose"] and page_of(leaves) == "Together"


# The loop closes old connections around its pass, as a thread of its own must: committed
# rows, not a test transaction, survive that.
@pytest.mark.django_db(transaction=True)
def test_the_server_processs_scheduler_checks_dropouts_before_firing(clock: Clock) -> None:
    stays, leaves = started_pair()
    clock.at(60)
    heartbeat(stays)
    scheduler = DeadlineScheduler(clock=lambda: clock.at(60))
    fired: list[Firing] = []

    def run_once_then_stop() -> Firing:
        try:
            fired.append(deadlines_fire_due(now=clock.at(60)))
            return fired[-1]
        finally:
            scheduler.stop()  # one turn of the loop, no waiting, whatever happened

    scheduler.run_once = run_once_then_stop  # type: ignore[method-assign]
    scheduler._run()
    assert dropped(leaves) and not dropped(stays)
    assert fired[0].fired == 1 and timeouts_of(leaves) == ["Choose"]

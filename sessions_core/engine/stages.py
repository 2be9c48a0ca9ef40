"""Group stages in the flow: the start of a page's stage for a group, its group timer and its
group_play (experimenter/stages.py says what an app declares; the start and end barriers are
wait pages of the page sequence, engine/waiting.py).

A stage starts for a group when the first member lands on the page: with start_together, the
last arrival at the start barrier, in the request that opens it. Starting it takes the group's
row lock (after the participant's: the lock order of wait pages) and inserts one GroupStage row,
so however many members land at once, on however many processes, one of them starts it: the
group timer's deadline is computed and stored there, and group_play runs, in that transaction.
A member landing on the page reads the row (one query; none for a page without a group timer or
group_play) and takes the group's deadline as their page deadline (timers.bring_forward), so the
page's countdown shows it and the deadline scheduler submits everyone still on the page as a
timeout when it passes, one firing per member, as for any page timer.

Members who still wait at the start barrier when it opens (their browser may be gone) get the
group deadline too, after the commit: when it passes, the scheduler moves them through the
barrier onto the page, which is then due at once, so a member who never comes back does not
hold up the group's end barrier.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.db.side_effects import after_commit
from sessions_core.engine import timers
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import BasePage, Page
from sessions_core.experimenter.stages import call_group_play, group_timeout, has_group_stage
from sessions_core.lifecycle.deadlines import deadline_noted
from sessions_core.models import BaseGroup, GroupStage


def stage_landed(page: BasePage, now: datetime) -> None:
    """The participant has just landed on `page` (flow, after set_timer): start the group's
    stage if no member has, and bring the participant's page deadline to the group timer's.

    Needs the participant's row lock (flow.show)."""
    if not isinstance(page, Page) or not has_group_stage(page):
        return
    group = page.player.group
    if group is None:
        raise FlowError(f"page {type(page).__name__} has a group timer or group_play, but the "
                        "player has no group")
    key = _stage_key(page, group)
    found = list(GroupStage.objects.filter(**key).values_list("deadline", flat=True)[:1])
    deadline = found[0] if found else _start(page, group, key, now)
    if deadline is not None:
        timers.bring_forward(page.participant, deadline)


def _stage_key(page: Page, group: BaseGroup) -> dict[str, Any]:
    participant = page.participant
    return {"session_id": participant.session_id, "app_index": participant.app_index,
            "round_number": participant.round_number, "page_index": participant.page_index,
            "group_key": group.id_in_subsession}


def _start(page: Page, group: BaseGroup, key: dict[str, Any], now: datetime) -> datetime | None:
    """Start the stage for the group, once: its deadline (None: no group timer)."""
    _lock(group)
    # Read again after the lock: another member may have started it while this one waited.
    found = list(GroupStage.objects.filter(**key).values_list("deadline", flat=True)[:1])
    if found:
        return found[0]
    deadline = _deadline(page, group, now)
    GroupStage.objects.create(**key, started_at=now, deadline=deadline)
    call_group_play(page, group)
    if deadline is not None and type(page).start_together:
        _time_out_at_the_barrier(page, group, deadline)
    return deadline


def _deadline(page: Page, group: BaseGroup, now: datetime) -> datetime | None:
    seconds = group_timeout(page, group)
    if seconds is None:
        return None
    # A stage started while the session's timers are paused keeps its whole time: counted
    # from the pause, it is shifted with the other paused timers when they resume.
    start = page.participant.session.timers_paused_at or now
    return start + timedelta(seconds=max(0.0, seconds))


def _lock(group: BaseGroup) -> None:
    """Lock the group's row, taking in its current values (keeping what this request changed).
    SQLite takes writers one at a time from their first statement (IMMEDIATE transactions)."""
    if connection.features.has_select_for_update:
        idmap.refresh(group, type(group).objects.select_for_update().get(pk=group.pk))


def _time_out_at_the_barrier(page: Page, group: BaseGroup, deadline: datetime) -> None:
    """After the commit: members still at the start barrier get the group deadline, so the
    scheduler moves them onto the page (and times it out) even if they never come back."""
    if timers.is_untimed():
        return
    paused_at = page.participant.session.timers_paused_at
    member_ids = list(type(page.player).objects.filter(group_id=group.pk)
                      .exclude(participant_id=page.participant.pk)
                      .values_list("participant_id", flat=True))
    participant = page.participant
    barrier = {"app_index": participant.app_index, "round_number": participant.round_number,
               "page_index": participant.page_index - 1}

    def hold() -> None:
        rows = Participant.objects.filter(pk__in=member_ids, status=Participant.Status.PLAYING,
                                          **barrier)
        if paused_at is not None:
            # Paused: the time left, which resuming turns into a deadline (lifecycle/deadlines).
            rows.filter(timeout_at__isnull=True, timeout_remaining__isnull=True).update(
                timeout_remaining=max(deadline - paused_at, timedelta(0)))
        elif rows.filter(Q(timeout_at__isnull=True) | Q(timeout_at__gt=deadline)).update(
                timeout_at=deadline):
            deadline_noted(deadline)

    if member_ids:
        after_commit("group timer at the start barrier", hold)

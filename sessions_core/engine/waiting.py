"""Wait pages as barriers.

A barrier is (session, app_index, round_number, page_index, group_key), where group_key is the
group's id_in_subsession, or 0 when the page waits for all groups. Arrivals are rows; the barrier
opens when every member has arrived, and opening inserts one WaitCompletion row and runs
after_all_players_arrive in the same transaction, under a row lock on the group (or subsession)
so that simultaneous arrivals on any number of processes open it exactly once.
"""
from __future__ import annotations

import inspect
from typing import Any

from django.db.models import Exists, OuterRef

from sessions_core.db import idmap
from sessions_core.engine.notify import notify_advance_after_commit
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import WaitPage
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import WaitArrival, WaitCompletion


def _key(page: WaitPage) -> dict[str, Any]:
    participant = page.participant
    return {"session_id": participant.session_id, "app_index": participant.app_index,
            "round_number": participant.round_number, "page_index": participant.page_index}


def _group_key(page: WaitPage) -> int:
    if page.wait_for_all_groups:
        return 0
    if page.group_by_arrival_time:
        row = WaitArrival.objects.filter(participant_id=page.participant.pk,
                                         **_position(page)).first()
        return row.group_key if row is not None and row.grouped else -1
    return page.player.group.id_in_subsession


def _position(page: WaitPage) -> dict[str, Any]:
    key = _key(page)
    key.pop("session_id")
    return key


def barrier_open(*, participant_id: int, session_id: int, app_index: int, round_number: int,
                 page_index: int) -> bool:
    """Whether the participant has arrived at the wait page at this position and its barrier
    has opened: one query, which reads no row of the page itself (no lock)."""
    position = {"app_index": app_index, "round_number": round_number, "page_index": page_index}
    opened = WaitCompletion.objects.filter(session_id=session_id, group_key=OuterRef("group_key"),
                                           **position)
    return WaitArrival.objects.filter(participant_id=participant_id, grouped=True,
                                      **position).filter(Exists(opened)).exists()


def try_pass(page: WaitPage) -> bool:
    """True when the participant's barrier has opened (arriving first if not yet arrived)."""
    group_key = _group_key(page)
    if group_key >= 0 and WaitCompletion.objects.filter(**_key(page), group_key=group_key).exists():
        # Opened by another request that committed after this one read the page's rows (the
        # caller checked barrier_open before reading them): take in what it wrote.
        idmap.reload_unchanged()
        return True
    if WaitArrival.objects.filter(participant_id=page.participant.pk, **_position(page)).exists():
        return False
    return arrive(page)


def arrive(page: WaitPage) -> bool:
    """Record the participant's arrival; open the barrier if they are the last. True if open."""
    if page.group_by_arrival_time:
        return _arrive_by_arrival_time(page)
    player = page.player
    player_model = type(player)
    if page.wait_for_all_groups:
        # Serialize all arrivals of this subsession on its row.
        target = _lock(player.subsession)
        members = player_model.objects.filter(subsession_id=target.pk)
        group_key = 0
    else:
        # Serialize the arrivals of one group on the group's row.
        target = _lock(player.group)
        members = player_model.objects.filter(group_id=target.pk)
        group_key = target.id_in_subsession
    key = {**_key(page), "group_key": group_key}
    WaitArrival.objects.bulk_create(
        [WaitArrival(participant_id=page.participant.pk, **key)], ignore_conflicts=True)
    if WaitCompletion.objects.filter(**key).exists():
        return True
    expected = members.count()
    if not page.wait_for_all_groups:
        # A group still filling up (a room's growing session) waits for its full size.
        expected = max(expected, experiment_app(player._meta.app_label).players_per_group or 0)
    if WaitArrival.objects.filter(**key).count() < expected:
        return False
    _open(page, key, target, members.values_list("participant_id", flat=True))
    return True


def _lock(row: Any) -> Any:
    fresh = type(row).objects.select_for_update().get(pk=row.pk)
    return idmap.refresh(row, fresh)


def _open(page: WaitPage, key: dict[str, Any], target: Any, member_ids: Any) -> None:
    WaitCompletion.objects.create(**key)
    call_hook(page, target)
    notify_advance_after_commit([pid for pid in member_ids if pid != page.participant.pk])


def call_hook(page: WaitPage, target: Any) -> None:
    """Run after_all_players_arrive given as a method name (of target: the group, or the
    subsession with wait_for_all_groups), a page method, or a function taking target."""
    hook = inspect.getattr_static(page, "after_all_players_arrive", None)
    if hook is None:
        return
    if isinstance(hook, str):
        method = getattr(target, hook, None)
        if not callable(method):
            raise FlowError(f"after_all_players_arrive names {hook!r}, which is not a method of "
                            f"{type(target).__name__}")
        method()
        return
    if isinstance(hook, staticmethod):
        hook = hook.__func__
    params = list(inspect.signature(hook).parameters)
    hook(page) if params and params[0] == "self" else hook(target)


def _arrive_by_arrival_time(page: WaitPage) -> bool:
    """Groups form in the order people arrive, as soon as enough are waiting."""
    player = page.player
    subsession = _lock(player.subsession)
    position = _position(page)
    WaitArrival.objects.bulk_create(
        [WaitArrival(participant_id=page.participant.pk, session_id=page.participant.session_id,
                     group_key=0, grouped=False, **position)],
        ignore_conflicts=True)
    mine = WaitArrival.objects.get(participant_id=page.participant.pk, **position)
    if mine.grouped:
        return WaitCompletion.objects.filter(**_key(page), group_key=mine.group_key).exists()
    chosen = _choose_arrivals(page, subsession)
    if not chosen:
        return False
    group = _form_group(subsession, chosen)
    WaitArrival.objects.filter(participant_id__in=[p.participant_id for p in chosen],
                               **position).update(grouped=True, group_key=group.id_in_subsession)
    key = {**_key(page), "group_key": group.id_in_subsession}
    _open(page, key, group, [p.participant_id for p in chosen])
    return any(p.participant_id == page.participant.pk for p in chosen)


def _choose_arrivals(page: WaitPage, subsession: Any) -> list[Any]:
    waiting_ids = list(
        WaitArrival.objects.filter(grouped=False, **_key(page))
        .order_by("arrived_at", "id").values_list("participant_id", flat=True))
    player_model = type(page.player)
    by_participant = {p.participant_id: p for p in idmap.adopt_all(
        player_model.objects.filter(subsession_id=subsession.pk, participant_id__in=waiting_ids))}
    waiting = [by_participant[pid] for pid in waiting_ids if pid in by_participant]
    chooser = getattr(page, "get_players_for_group", None)
    if callable(chooser):
        return list(chooser(waiting) or [])
    size = subsession._group_size()
    return waiting[:size] if len(waiting) >= size else []


def _form_group(subsession: Any, chosen: list[Any]) -> Any:
    group_model = subsession._group_model()
    last = group_model.objects.filter(subsession_id=subsession.pk).order_by(
        "-id_in_subsession").values_list("id_in_subsession", flat=True).first() or 0
    group = group_model.objects.create(session_id=subsession.session_id, subsession=subsession,
                                       round_number=subsession.round_number,
                                       id_in_subsession=last + 1)
    group = idmap.adopt(group)
    for position, player in enumerate(chosen, start=1):
        player.group = group
        player.id_in_group = position
    idmap.save_now(chosen, ["group", "id_in_group"])
    subsession._drop_empty_groups()
    return group

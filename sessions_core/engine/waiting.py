"""Wait pages as barriers.

A barrier is (session, app_index, round_number, page_index, group_key), where group_key is the
group's id_in_subsession, or 0 when the page waits for all groups. Arrivals are rows; the barrier
opens when every member has arrived, and opening inserts one WaitCompletion row and runs
after_all_players_arrive in the same transaction, under a row lock on the group (or subsession)
so that simultaneous arrivals on any number of processes open it exactly once.

An arrival costs three queries (two on SQLite): the lock, the arrival's INSERT, and one SELECT
that counts the members and the arrivals and sees whether the barrier has opened. The one that
opens it adds the WaitCompletion INSERT and its hook's own queries; the members it tells to move
on come from the group's players the hook loaded, when it loaded them all.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery

from sessions_core.db import idmap
from sessions_core.engine import lobby
from sessions_core.engine.notify import notify_advance_after_commit
from sessions_core.engine.timers import wake_after_commit
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import WaitPage, call_page_hook
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import BaseSubsession, WaitArrival, WaitCompletion


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


class Arrival(enum.Enum):
    """Where a participant stands at the wait page of their position."""

    ABSENT = "absent"  # not arrived: arriving writes
    WAITING = "waiting"  # arrived, the barrier is closed: nothing to do
    OPEN = "open"  # arrived, the barrier has opened: passing writes
    RELEASE = "release"  # arrived, not grouped, past the lobby timeout: releasing writes


def arrival_state(*, participant_id: int, session_id: int, app_index: int, round_number: int,
                  page_index: int) -> Arrival:
    """The participant's arrival at the wait page at this position: one query, which reads no
    row of the page itself (no lock, no write)."""
    position = {"app_index": app_index, "round_number": round_number, "page_index": page_index}
    opened = WaitCompletion.objects.filter(session_id=session_id, group_key=OuterRef("group_key"),
                                           **position)
    row = (WaitArrival.objects.filter(participant_id=participant_id, **position)
           .annotate(opened=Exists(opened)).values_list("grouped", "opened", "release_at").first())
    if row is None:
        return Arrival.ABSENT
    grouped, is_open, release_at = row
    if not grouped and release_at is not None and release_at <= lobby.now():
        return Arrival.RELEASE
    return Arrival.OPEN if grouped and is_open else Arrival.WAITING


def barrier_open(*, participant_id: int, session_id: int, app_index: int, round_number: int,
                 page_index: int) -> bool:
    """Whether the participant has arrived at the wait page at this position and its barrier
    has opened (arrival_state, one query)."""
    return arrival_state(participant_id=participant_id, session_id=session_id,
                         app_index=app_index, round_number=round_number,
                         page_index=page_index) is Arrival.OPEN


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
    count, arrived, opened = _barrier_counts(target, members, key)
    if opened:
        return True
    expected = count
    if not page.wait_for_all_groups:
        # A group still filling up (a room's growing session) waits for its full size.
        expected = max(expected, experiment_app(player._meta.app_label).players_per_group or 0)
    if arrived < expected:
        return False
    WaitCompletion.objects.create(**key)
    call_hook(page, target)
    member_ids = _loaded_members(player_model, target, count)
    if member_ids is None:
        member_ids = list(members.values_list("participant_id", flat=True))
    _notify_others(page, member_ids)
    return True


def _count(rows: models.QuerySet[Any]) -> Subquery:
    """COUNT(*) of rows as a subquery (no GROUP BY: one row, whatever rows holds)."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=models.IntegerField())


def _barrier_counts(target: Any, members: models.QuerySet[Any],
                    key: dict[str, Any]) -> tuple[int, int, bool]:
    """The barrier's members and arrivals, and whether it has opened, in one query (after the
    lock: a statement that began before it would not see the arrivals committed meanwhile)."""
    row = (type(target).objects.filter(pk=target.pk)
           .annotate(members=_count(members), arrived=_count(WaitArrival.objects.filter(**key)),
                     opened=Exists(WaitCompletion.objects.filter(**key)))
           .values_list("members", "arrived", "opened").get())
    return int(row[0]), int(row[1]), bool(row[2])


def _loaded_members(player_model: type[Any], target: Any, count: int) -> list[int] | None:
    """The members' participant ids from the players this unit holds, if it holds all `count`
    of them (after_all_players_arrive usually loads them); else None."""
    unit = idmap.current()
    if unit is None:
        return None
    column = "subsession_id" if isinstance(target, BaseSubsession) else "group_id"
    players: list[Any] = [obj for (model, _), obj in unit.objects.items()
                          if model is player_model and getattr(obj, column) == target.pk]
    ids = [player.participant_id for player in players]
    return ids if len(ids) == count else None


def _lock(row: Any) -> Any:
    """Lock the row that serializes a barrier's arrivals, taking in its current values.

    SQLite needs no lock: its transactions here are IMMEDIATE (config/settings.py), so writers
    take turns from their first statement and every row this one read is current."""
    if not connection.features.has_select_for_update:
        return row
    fresh = type(row).objects.select_for_update().get(pk=row.pk)
    return idmap.refresh(row, fresh)


def _notify_others(page: WaitPage, member_ids: list[int]) -> None:
    others = [pid for pid in member_ids if pid != page.participant.pk]
    notify_advance_after_commit(others)
    wake_after_commit(others, _position(page))


def call_hook(page: WaitPage, target: Any) -> None:
    """Run after_all_players_arrive given as a method name (of target: the group, or the
    subsession with wait_for_all_groups), a page method, or a function taking target."""
    call_page_hook(page, "after_all_players_arrive", target, label="after_all_players_arrive")


def _arrive_by_arrival_time(page: WaitPage) -> bool:
    """Groups form in the order people arrive, as soon as enough are waiting."""
    player = page.player
    subsession = _lock(player.subsession)
    position = _position(page)
    WaitArrival.objects.bulk_create(
        [WaitArrival(participant_id=page.participant.pk, session_id=page.participant.session_id,
                     group_key=0, grouped=False, arrived_at=lobby.now(),
                     release_at=lobby.release_time(page), **position)],
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
    WaitCompletion.objects.create(**key)
    call_hook(page, group)
    _notify_others(page, [p.participant_id for p in chosen])
    return any(p.participant_id == page.participant.pk for p in chosen)


def _choose_arrivals(page: WaitPage, subsession: Any) -> list[Any]:
    # Past their lobby timeout is as good as released: never grouped (engine/lobby.py).
    waiting_ids = list(
        WaitArrival.objects.filter(grouped=False, **_key(page))
        .filter(Q(release_at__isnull=True) | Q(release_at__gt=lobby.now()))
        .order_by("arrived_at", "id").values_list("participant_id", flat=True))
    player_model = type(page.player)
    by_participant = {p.participant_id: p for p in idmap.adopt_all(
        player_model.objects.filter(subsession_id=subsession.pk, participant_id__in=waiting_ids))}
    waiting = [by_participant[pid] for pid in waiting_ids if pid in by_participant]
    chooser = getattr(page, "get_players_for_group", None)
    if callable(chooser):
        return _checked_choice(page, waiting, chooser(waiting),
                               f"get_players_for_group of {type(page).__name__}")
    app = experiment_app(page.app_label)
    name = "group_by_arrival_time_method"
    if callable(getattr(subsession, name, None)) or app.function(name) is not None:
        # A Subsession method (later oTree 3), or a function taking the subsession (oTree 5)
        chosen = app.call_model_hook(subsession, name, waiting)
        return _checked_choice(page, waiting, chosen, "group_by_arrival_time_method")
    size = subsession._group_size()
    return waiting[:size] if len(waiting) >= size else []


def _checked_choice(page: WaitPage, waiting: list[Any], chosen: Any, chooser: str) -> list[Any]:
    """What the chooser (get_players_for_group, group_by_arrival_time_method) returned, if it
    is a group of waiting players (else a FlowError: grouping someone who is not at the page
    would move them on unseen)."""
    chosen = list(chosen or [])
    where = f"{chooser} returned"
    waiting_pks = {player.pk for player in waiting}
    for item in chosen:
        if getattr(item, "pk", None) not in waiting_pks or type(item) is not type(page.player):
            raise FlowError(f"{where} a player who is not waiting ({item!r}): it must return "
                            "some of the waiting_players it is given, or None to wait")
    if len({player.pk for player in chosen}) != len(chosen):
        raise FlowError(f"{where} the same player twice")
    return chosen


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


def release_if_due(page: WaitPage) -> bool:
    """Whether the participant, at an arrival-time wait page, is past its lobby timeout without
    a group: then their arrival is removed (nobody can group them any more) and the caller
    releases them (engine/lobby.py). Takes the subsession lock that arrival grouping takes, so
    a group formed before the release time and the release exclude each other."""
    if not page.group_by_arrival_time:
        return False
    position = _position(page)
    mine = WaitArrival.objects.filter(participant_id=page.participant.pk, **position)
    due = mine.filter(grouped=False, release_at__lte=lobby.now())
    if not due.exists():
        return False
    _lock(page.player.subsession)
    return due.delete()[0] > 0


def release_time_of(page: WaitPage) -> datetime | None:
    """When the participant waiting at an arrival-time page is released if still not grouped
    (None: no lobby timeout, or not waiting there). One query, only on a page with a timeout."""
    if lobby.lobby_timeout(page) is None:
        return None
    return (WaitArrival.objects.filter(participant_id=page.participant.pk, grouped=False,
                                       **_position(page))
            .values_list("release_at", flat=True).first())


def release_in(page: WaitPage) -> float | None:
    """Seconds until the participant waiting at an arrival-time page is released, or None."""
    release_at = release_time_of(page)
    if release_at is None:
        return None
    return max(0.0, (release_at - lobby.now()).total_seconds())

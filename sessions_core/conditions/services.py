"""Assigning conditions (balanced, in one locked step), reading them, excluding units.

Each new unit gets the combination of the SessionType's conditions (their Cartesian product)
that its pool has used least, ties broken at random. A pool is the SessionType's real sessions,
or its test sessions, and within them the stratum (condition_stratum's answer). The pool's
ConditionBalance row is locked, then the pool is counted, a combination picked and the
assignment inserted, in the caller's transaction: concurrent assignments of a pool take turns
on that row, in every process, and each one counts every assignment committed before it.

Counted: every assignment of the pool that is not excluded and not overridden, while its unit
has completed or is in progress; an in-progress unit stops counting when it expires:
- participant unit: completed when the participant finished (not released by a lobby
  timeout); expired when they dropped out or were released;
- group and session units: completed when one of their members finished (not released);
  expired when every member who started has dropped out or was released (and one did start).
  A group's members are the players of its first round's group when the condition was assigned;
  a session's are its participants;
- any unit: also expired when it has been in progress longer than the SessionType's
  `condition_expires_after_seconds` (config key; None, the default: never by time).

Lock order: the balance row is the last lock a request takes for it (after the participant's
row, the session's (entry), the group's and vars rows), docs/architecture.md.
"""
from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment, ConditionBalance, Unit
from sessions_core.db import idmap
from sessions_core.errors import FlowError, InvalidRequest
from sessions_core.experimenter.registry import experiment_app, session_type
from sessions_core.experimenter.session_types import CONDITION_EXPIRES_KEY, SessionType
from sessions_core.models import BaseGroup, Session

STRATUM_MAX_LENGTH = 200


def cell_key(condition: dict[str, Any]) -> str:
    """A combination as one text: what assignments are counted by."""
    return json.dumps(condition, sort_keys=True, separators=(",", ":"))


def condition_cells(st: SessionType) -> list[dict[str, Any]]:
    """Every combination of the SessionType's variables (the Cartesian product), in order."""
    assert st.conditions is not None
    names = list(st.conditions)
    return [dict(zip(names, values, strict=True))
            for values in itertools.product(*(st.conditions[n] for n in names))]


# --- reading: participant.condition, group.condition, session.condition ---

def condition_read(instance: Any) -> dict[str, Any] | None:
    """The unit's condition, assigned now if it has none yet (the `condition` attributes'
    first read, sessions_core/db/assigned.py).

    Inside a participant's request (a unit of work) a read that the SessionType does not
    assign raises FlowError; outside one (the admin, exports, a shell) nothing is assigned and
    an unassigned condition reads as None."""
    unit = idmap.current()
    if isinstance(instance, BaseGroup):
        found = _group_assignment(instance)
        if found is not None:
            return found
    if unit is None:
        return None
    kind, session = _unit_of(instance)
    st = _session_type_of(session)
    if st.conditions is None:
        raise FlowError(f"{kind}.condition: SessionType {st.name!r} declares no conditions "
                        "(add conditions={...} to it)")
    if st.condition_unit != kind:
        raise FlowError(f"{kind}.condition: SessionType {st.name!r} assigns conditions per "
                        f"{st.condition_unit}, so read {st.condition_unit}.condition")
    if unit.read_only:
        raise idmap.NeedsLock(f"assigning a {kind}'s condition")
    if isinstance(instance, Participant):
        if instance.status == Participant.Status.NEW:
            raise FlowError(f"participant.condition of P{instance.id_in_session}: a participant's "
                            "condition is assigned when they start, not before")
        return _assign_participant(instance, st)
    if isinstance(instance, Session):
        return _assign_session(instance, st)
    return _assign_group(instance, st)


def condition_on_start(*, participant: Participant) -> None:
    """A participant starts (lifecycle.services.participant_start, before new_player): assign
    their condition (participant unit without a stratum) or their session's (session unit),
    so that both are there from the first page. A stratum's participant is assigned at the
    first read of participant.condition instead (the stratum may come from a later page)."""
    st = _session_type_of(participant.session)
    if st.conditions is None:
        return
    if st.condition_unit == Unit.PARTICIPANT and st.condition_stratum is None:
        if participant.__dict__.get("condition") is None:
            _assign_participant(participant, st)
    elif st.condition_unit == Unit.SESSION and participant.session.__dict__.get("condition") is None:
        _assign_session(participant.session, st)


def _unit_of(instance: Any) -> tuple[str, Session]:
    if isinstance(instance, Participant):
        return Unit.PARTICIPANT, instance.session
    if isinstance(instance, Session):
        return Unit.SESSION, instance
    if isinstance(instance, BaseGroup):
        return Unit.GROUP, cast(Session, instance.session)
    raise FlowError(f"{type(instance).__name__} has no condition: only participants, groups "
                    "and sessions do")


def _session_type_of(session: Session) -> SessionType:
    try:
        return session_type(session.session_type)
    except LookupError as error:
        raise FlowError(str(error)) from None


# --- assigning one unit ---

def _assign_participant(participant: Participant, st: SessionType) -> dict[str, Any]:
    """Needs the participant's row lock (their request's): their stored condition, read with
    the row, is then current, and the constraint condition_once_per_participant backs it."""
    stratum = _stratum(participant, st)
    session = participant.session
    pool = _lock_pool(st, session.is_test, stratum)
    condition = _insert(
        pool, st, session, unit=Unit.PARTICIPANT, participant=participant,
        excluded=(participant.excluded_at or session.excluded_at,
                  participant.excluded_reason or session.excluded_reason))
    _store(participant, condition=condition, stratum=stratum)
    return condition


def _assign_session(session: Session, st: SessionType) -> dict[str, Any]:
    pool = _lock_pool(st, session.is_test, "")
    existing = (ConditionAssignment.objects.filter(session=session, unit=Unit.SESSION)
                .values_list("condition", flat=True).first())
    condition = existing if existing is not None else _insert(
        pool, st, session, unit=Unit.SESSION,
        excluded=(session.excluded_at, session.excluded_reason))
    _store(session, condition=condition)
    return condition


def _store(obj: Participant | Session, **values: Any) -> None:
    """Keep the assignment on its unit's row: written with the unit of work's other changes when
    obj is the unit's own (a participant's start: one UPDATE with their status), else now."""
    unit = idmap.current()
    if unit is not None and not unit.read_only and unit.get(type(obj), obj.pk) is obj:
        for name, value in values.items():
            setattr(obj, name, value)
        return
    type(obj)._default_manager.filter(pk=obj.pk).update(**values)
    for name, value in values.items():
        idmap.set_stored(obj, name, value)


def _assign_group(group: BaseGroup, st: SessionType) -> dict[str, Any]:
    session = cast(Session, group.session)
    pool = _lock_pool(st, session.is_test, "")
    found = _group_assignment(group, fresh=True)  # another member's, committed meanwhile
    if found is not None:
        return found
    app = experiment_app(group._meta.app_label)
    members = list(app.Player.objects.filter(
        session_id=session.pk, round_number=1, group__id_in_subsession=group.id_in_subsession)
        .order_by("id_in_group").values_list("participant_id", flat=True))
    condition = _insert(pool, st, session, unit=Unit.GROUP, app_label=app.label,
                        group_number=group.id_in_subsession, members=members,
                        excluded=(session.excluded_at, session.excluded_reason))
    return _remember(_group_key(group), condition)


def _group_key(group: BaseGroup) -> tuple[Any, ...]:
    return ("condition", group._meta.app_label, group.session_id, group.id_in_subsession)


def _group_assignment(group: BaseGroup, fresh: bool = False) -> dict[str, Any] | None:
    """The group's stored condition (kept in the unit of work once read), or None."""
    key = _group_key(group)
    if not fresh:
        known = idmap.lookup(key)
        if known is not None:
            return known
    found = (ConditionAssignment.objects
             .filter(session_id=group.session_id, unit=Unit.GROUP,
                     app_label=group._meta.app_label, group_number=group.id_in_subsession)
             .values_list("condition", flat=True).first())
    return _remember(key, found) if found is not None else None


def _remember(key: tuple[Any, ...], condition: dict[str, Any]) -> dict[str, Any]:
    unit = idmap.current()
    if unit is not None:
        unit.lookups[key] = condition
    return condition


def _stratum(participant: Participant, st: SessionType) -> str:
    if st.condition_stratum is None:
        return ""
    stratum = st.condition_stratum(participant)
    if not isinstance(stratum, str) or not stratum or len(stratum) > STRATUM_MAX_LENGTH:
        raise FlowError(
            f"condition_stratum of SessionType {st.name!r} returned {stratum!r} for participant "
            f"P{participant.id_in_session}: it must return a text of 1 to {STRATUM_MAX_LENGTH} "
            "characters. Read participant.condition only once the stratum is known (for "
            "example on a page after the pre-questionnaire that sets it)")
    return stratum


def _lock_pool(st: SessionType, is_test: bool, stratum: str) -> ConditionBalance:
    """The pool's balance row, locked until the caller's transaction ends (created on first
    use: a concurrent creator's insert is waited for, and neither fails)."""
    key = {"session_type": st.name, "is_test": is_test, "stratum": stratum}
    # One locked step: every assignment of the pool is counted and inserted under this lock.
    row = ConditionBalance.objects.select_for_update().filter(**key).first()
    if row is None:
        ConditionBalance.objects.bulk_create([ConditionBalance(**key)], ignore_conflicts=True)
        row = ConditionBalance.objects.select_for_update().get(**key)
    return row


def _insert(pool: ConditionBalance, st: SessionType, session: Session, *, unit: str,
            excluded: tuple[datetime | None, str], participant: Participant | None = None,
            app_label: str = "", group_number: int | None = None,
            members: list[int] | None = None) -> dict[str, Any]:
    """Count the pool, pick the least-used combination (or the test session's override) and
    insert the assignment. Needs the pool's lock (_lock_pool)."""
    cells = condition_cells(st)
    overrides = st.condition_overrides if session.is_test else None
    if overrides:
        cells = [c for c in cells if all(c[k] == v for k, v in overrides.items())]
    # Overridden units are balanced among themselves (their other variables), never with others.
    counts = pool_counts(st, is_test=pool.is_test, stratum=pool.stratum,
                         overridden=bool(overrides))
    fewest = min(counts.get(cell_key(c), 0) for c in cells)
    condition = random.choice([c for c in cells if counts.get(cell_key(c), 0) == fewest])
    ConditionAssignment.objects.create(
        session_type=st.name, is_test=pool.is_test, stratum=pool.stratum, unit=unit,
        session=session, participant=participant, app_label=app_label,
        group_number=group_number, members=members or [], condition=condition,
        cell=cell_key(condition), overridden=bool(overrides), excluded_at=excluded[0],
        excluded_reason=excluded[1] if excluded[0] else "")
    return condition


# --- counting a pool ---

def pool_counts(st: SessionType, *, is_test: bool, stratum: str, overridden: bool = False,
                now: datetime | None = None) -> Counter[str]:
    """How many counted units each combination (cell_key) has in the pool now."""
    now = now or timezone.now()
    seconds = st.config.get(CONDITION_EXPIRES_KEY)
    cutoff = now - timedelta(seconds=seconds) if seconds else None
    pool = ConditionAssignment.objects.filter(session_type=st.name, is_test=is_test,
                                              stratum=stratum, excluded_at__isnull=True,
                                              overridden=overridden)
    if st.condition_unit == Unit.PARTICIPANT:
        return _participant_counts(pool.filter(unit=Unit.PARTICIPANT), cutoff)
    if st.condition_unit == Unit.SESSION:
        return _session_counts(pool.filter(unit=Unit.SESSION), cutoff)
    return _group_counts(pool.filter(unit=Unit.GROUP), cutoff)


def _participant_counts(pool: Any, cutoff: datetime | None) -> Counter[str]:
    completed = Q(participant__finished_at__isnull=False, participant__released_at__isnull=True)
    in_progress = Q(participant__dropped_out_at__isnull=True, participant__released_at__isnull=True,
                    participant__finished_at__isnull=True)
    if cutoff is not None:
        in_progress &= Q(assigned_at__gt=cutoff)
    return _by_cell(pool.filter(completed | in_progress))


def _session_counts(pool: Any, cutoff: datetime | None) -> Counter[str]:
    """One query: a session counts if one of its participants finished (not released), or,
    in time, if one is still in it (started, not dropped out or released) or none started."""
    members = Participant.objects.filter(session_id=OuterRef("session_id"))
    completed = Exists(members.filter(finished_at__isnull=False, released_at__isnull=True))
    in_it = Exists(members.filter(started_at__isnull=False, dropped_out_at__isnull=True,
                                  released_at__isnull=True))
    started = Exists(members.filter(started_at__isnull=False))
    in_progress = Q(in_it) | ~Q(started)
    if cutoff is not None:
        in_progress &= Q(assigned_at__gt=cutoff)
    return _by_cell(pool.filter(Q(completed) | in_progress))


def _by_cell(rows: Any) -> Counter[str]:
    return Counter({row["cell"]: row["n"]
                    for row in rows.order_by().values("cell").annotate(n=Count("id"))})


def _group_counts(pool: Any, cutoff: datetime | None) -> Counter[str]:
    """Groups: their recorded members' states, read in one query (members are few)."""
    units = list(pool.values_list("members", "cell", "assigned_at"))
    states = _member_states(pid for members, _cell, _at in units for pid in members)
    counts: Counter[str] = Counter()
    for members, cell, assigned_at in units:
        if _unit_counts([states[pid] for pid in members if pid in states], assigned_at, cutoff):
            counts[cell] += 1
    return counts


State = tuple[bool, bool, bool]  # started, left (dropped out or released), completed


def _member_states(participant_ids: Iterable[int]) -> dict[int, State]:
    rows = Participant.objects.filter(pk__in=list(participant_ids)).values_list(
        "pk", "started_at", "finished_at", "released_at", "dropped_out_at")
    return {pk: (started is not None, released is not None or dropped is not None,
                 finished is not None and released is None)
            for pk, started, finished, released, dropped in rows}


def _unit_counts(members: list[State], assigned_at: datetime, cutoff: datetime | None) -> bool:
    if any(completed for _started, _left, completed in members):
        return True
    if cutoff is not None and assigned_at <= cutoff:
        return False
    started = [left for began, left, _completed in members if began]
    return not started or not all(started)


# --- for the admin ---

def condition_summary(session: Session) -> list[tuple[str, str]]:
    """What the admin's session page says of conditions, as (CSS class, text) lines: the
    design, the session's own condition, whether condition_overrides apply, the exclusion."""
    try:
        st = session_type(session.session_type)
    except LookupError:
        return []
    if st.conditions is None:
        return []
    design = " × ".join(f"{name}: {', '.join(map(str, values))}"
                        for name, values in st.conditions.items())
    lines = [("condition-design", f"{design}; one combination per {st.condition_unit}"
              + (", balanced within each stratum" if st.condition_stratum else ""))]
    stored = session.__dict__.get("condition")
    if stored is not None:
        lines.append(("condition-session", f"this session's condition: {cell_key(stored)}"))
    if st.condition_overrides:
        overrides = cell_key(st.condition_overrides)
        lines.append(("condition-overrides", (
            f"condition_overrides {overrides} are used here: this is a test session (its "
            "assignments do not count for balancing)") if session.is_test else (
            f"condition_overrides {overrides} are ignored: they apply to test sessions only, "
            "and this is a real session (balanced assignment)")))
    if session.excluded_at is not None:
        lines.append(("condition-excluded", f"excluded from balancing at "
                      f"{session.excluded_at:%Y-%m-%d %H:%M} UTC: {session.excluded_reason}"))
    return lines


# --- exclusions (the admin action and the REST API call these) ---

def _reason(reason: Any) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidRequest("reason: say why it is excluded (a non-empty text)", field="reason")
    return reason.strip()


@transaction.atomic
def condition_exclude_session(*, session: Session, reason: str) -> bool:
    """Exclude a session from balancing: it and every assignment in it (its participants',
    groups' or its own) stop counting from now on; the data keeps them, flagged. Idempotent:
    an excluded session keeps its first time and reason. True if this call excluded it."""
    text = _reason(reason)
    now = timezone.now()
    changed = Session.objects.filter(pk=session.pk, excluded_at__isnull=True).update(
        excluded_at=now, excluded_reason=text)
    ConditionAssignment.objects.filter(session_id=session.pk, excluded_at__isnull=True).update(
        excluded_at=now, excluded_reason=text)
    if changed:
        idmap.set_stored(session, "excluded_at", now)
        idmap.set_stored(session, "excluded_reason", text)
    return bool(changed)


@transaction.atomic
def condition_exclude_participant(*, participant: Participant, reason: str) -> bool:
    """Exclude a participant from balancing: their own assignment (participant unit) stops
    counting from now on; a group or session unit they belong to keeps counting (exclude the
    session for that). The data keeps them, flagged. Idempotent, like the session's."""
    text = _reason(reason)
    now = timezone.now()
    changed = Participant.objects.filter(pk=participant.pk, excluded_at__isnull=True).update(
        excluded_at=now, excluded_reason=text)
    ConditionAssignment.objects.filter(participant_id=participant.pk, excluded_at__isnull=True
                                       ).update(excluded_at=now, excluded_reason=text)
    if changed:
        idmap.set_stored(participant, "excluded_at", now)
        idmap.set_stored(participant, "excluded_reason", text)
    return bool(changed)

"""Rooms: who gets in, when the room opens, and the session it runs (the uproot semantics).

A room is *waiting* while it is closed or has no config, *accepting* when open with a config.
Simultaneous joins never over-fill a capacity, create two sessions or give one slot twice: the
first arrival creates the session under the room's row lock, and every join after it takes a
free pre-created slot with SKIP LOCKED or a new slot's number from the session's participant
counter, in one UPDATE that checks the capacity (room_admit). RoomStarted is pushed to the
room's waiting pages after the commit of every change into the accepting state, and whenever a
session starts in the room.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config import deployment
from participants.eligibility import ROOM, Entry, entry_check, session_cap_step
from participants.models import Participant
from rooms.defaults import RoomSpec
from rooms.models import Room, label_problem
from rooms.notify import announce_room_started
from sessions_core.errors import Conflict, InvalidRequest, NotFound, QuorumError, SessionError
from sessions_core.experimenter.registry import session_type
from sessions_core.lifecycle.services import participant_join, session_create
from sessions_core.models import Session

log = logging.getLogger(__name__)


class RoomError(QuorumError):
    """A room request that cannot be carried out; the message says why and names the field.

    Always raised as one of the kinds below, which say what sort of refusal it is (the REST
    API's status code); catch RoomError for all of them.
    """


class RoomInvalid(RoomError, InvalidRequest):
    """The request itself is wrong: a bad value, an unknown setting."""


class RoomConflict(RoomError, Conflict):
    """The room's state refuses the request: the name is taken, a session is associated, the
    room's stored SessionType no longer exists."""


class RoomNotFound(RoomError, NotFound):
    """No room has that name."""


@dataclass
class Admission:
    outcome: str  # joined | rejoined | wait | full | need_label | bad_label
    room: Room
    participant: Participant | None = None
    message: str = ""


def _lock(room_name: str) -> Room:
    try:
        return Room.objects.select_for_update().get(name=room_name)
    except Room.DoesNotExist:
        raise RoomNotFound(f"no room {room_name!r}") from None


def _read(room_name: str) -> Room:
    room = Room.objects.select_related("session").filter(name=room_name).first()
    if room is None:
        raise RoomNotFound(f"no room {room_name!r}")
    return room


def room_label_refusal(room: Room, label: str | None) -> tuple[str, str] | None:
    """("need_label" | "bad_label", message) when the label cannot enter this room."""
    if label is not None and (problem := label_problem(label)):
        return "bad_label", problem
    if room.labels and label is None:
        return "need_label", ""
    if room.labels and label not in room.labels:
        return "bad_label", "This access code is not valid for this room."
    return None


SEAT_ATTEMPTS = 3  # a new slot's random name taken already (about 1 in 10^9): another name


def room_admit(*, room_name: str, label: str | None,
               known_slot: tuple[str, str] | None = None,
               panel_vars: Mapping[str, Any] | None = None,
               room: Room | None = None, entry: Entry | None = None) -> Admission:
    """Let one visitor in, or say why not. Nothing is created unless they are let in.

    known_slot is the (session name, participant name) this visitor's browser was given in the
    room before: without a label, a repeated join (a retry after an error, a double submit)
    leads back to that slot instead of taking another. panel_vars (an online panel's ids, see
    participants/labels.py) go into the vars of a participant let in now. room is the room as
    the caller has just read it (with its session), to save reading it again. entry says who
    comes (participants/eligibility.py: their panel id, their browser's User-Agent): a newcomer
    whom the SessionType's entry rules refuse raises EntryRefused, and nothing is created
    (the whole admission rolls back); one let in has their environment recorded.

    Once the room has a session, a join locks neither the room nor anything another join is
    waiting for until its last statements: a free pre-created slot is claimed with SKIP LOCKED,
    and a new slot takes its number from the session's participant counter in the one UPDATE
    that also checks the capacity (_take_number), so the session row is locked only for that
    UPDATE, the slot's INSERT (and its players') and the commit. The first arrival in a room
    without a session locks the room, so simultaneous first arrivals create one session.
    """
    room = room if room is not None else _read(room_name)
    label = (label or "").strip() or None
    entry = dataclasses.replace(entry or Entry(kind=ROOM), room=room.name, label=label)
    for attempt in range(SEAT_ATTEMPTS):
        try:
            if room.session is None:
                return _admit_first(room.name, label, known_slot, dict(panel_vars or {}), entry)
            decided = _decided_without_a_seat(room, label, known_slot)
            if decided is not None:
                return decided
            entry_check(entry.into(room.session))
            with transaction.atomic():
                return _seat(room, room.session, label, dict(panel_vars or {}),
                             entry.into(room.session))
        except IntegrityError:
            # The label was taken by a simultaneous join (the transaction is rolled back,
            # counter included): theirs is this visitor's slot. Or the random name was taken.
            room = _read(room.name)
            taken = (room.session.participant_set.filter(label=label).first()
                     if room.session is not None and label is not None else None)
            if taken is not None:
                return Admission("rejoined", room, participant=taken)
            if attempt == SEAT_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def _decided_without_a_seat(room: Room, label: str | None,
                            known_slot: tuple[str, str] | None) -> Admission | None:
    """Everything that is decided before a slot is given: a refused label, a returning visitor
    (also in a closed or full room: not a new entry), a waiting room. None: seat them."""
    refusal = room_label_refusal(room, label)
    if refusal is not None:
        return Admission(refusal[0], room, message=refusal[1])
    existing = _slot_of_returning_visitor(room, label, known_slot)
    if existing is not None:
        return Admission("rejoined", room, participant=existing)
    if not room.is_accepting:
        return Admission("wait", room)
    return None


@transaction.atomic
def _admit_first(room_name: str, label: str | None, known_slot: tuple[str, str] | None,
                 panel_vars: dict[str, Any], entry: Entry) -> Admission:
    """A join into a room without a session: under the room's row lock, so that of the visitors
    arriving at once one creates the session and the others join it. The entry rules are
    checked before the session is created; a refusal logs no session (it is rolled back)."""
    room = _lock(room_name)
    decided = _decided_without_a_seat(room, label, known_slot)
    if decided is not None:
        return decided
    session = room.session
    if session is None:
        entry = entry.into(session_type_name=room.config)
        entry_check(entry)
        session = _start_session(room, num_participants=0)
    else:
        entry = entry.into(session)
        entry_check(entry)
    return _seat(room, session, label, panel_vars, entry)


def _slot_of_returning_visitor(room: Room, label: str | None,
                               known_slot: tuple[str, str] | None) -> Participant | None:
    """A used label leads back to its participant; without a label, the browser's own slot."""
    session = room.session
    if session is None:
        return None
    if label is not None:
        return session.participant_set.filter(label=label).first()
    if known_slot is not None and known_slot[0] == session.name:
        return session.participant_set.filter(name=known_slot[1]).first()
    return None


def _seat(room: Room, session: Session, label: str | None,
          panel_vars: dict[str, Any], entry: Entry) -> Admission:
    """Give the visitor a slot in the room's session: a free pre-created one first (they bypass
    the capacity), else a new one if the capacity allows, with their environment at entry; then
    the SessionType's session cap under its lock (eligibility.session_cap_step, which raises
    EntryRefused to roll the admission back). Runs inside the caller's transaction."""
    environment = entry.environment
    if room.free_slots:
        free = (Participant.objects.select_for_update(skip_locked=True)
                .filter(session=session, claimed_at__isnull=True, status=Participant.Status.NEW)
                .order_by("id_in_session").first())
        if free is not None:
            free.session = session
            free.label, free.claimed_at = label, timezone.now()
            free.vars = {**panel_vars, **(free.vars or {})}
            free.environment = environment
            free.save(update_fields=["label", "claimed_at", "vars", "environment"])
            session_cap_step(session=session, admitted=free, entry=entry)
            return Admission("joined", room, participant=free)
    participant = participant_join(session=session, label=label,
                                   capacity=room.effective_capacity, panel_vars=panel_vars,
                                   environment=environment)
    if participant is None:
        # Full as of the last commit, which may be the one that seated this label's visitor
        # a moment ago (a double submit, two tabs): then that is their slot.
        existing = session.participant_set.filter(label=label).first() if label else None
        if existing is not None:
            return Admission("rejoined", room, participant=existing)
        return Admission("full", room)
    session_cap_step(session=session, admitted=participant, entry=entry)
    return Admission("joined", room, participant=participant)


def _start_session(room: Room, *, num_participants: int, config: str | None = None,
                   label: str = "", is_test: bool = False,
                   overrides: dict[str, Any] | None = None) -> Session:
    try:
        session = session_create(session_type_name=config or room.config,
                                 num_participants=num_participants, growing=True,
                                 label=label or f"room {room.name}", is_test=is_test,
                                 config=overrides, min_participants=room.min_participants)
    except SessionError as error:
        # The room's stored config (checked before a session is created in the room on request)
        raise RoomConflict(f"room {room.name!r} cannot start a session: {error}",
                           field="config") from None
    room.session = session
    room.free_slots = num_participants > 0
    room.save(update_fields=["session", "free_slots"])
    announce_room_started(room.name)
    return session


def _validated(room: Room, *, changed: Iterable[str], starts: bool = False) -> Room:
    """Check the room before it is saved.

    A fault in a setting the request changes is the request's (RoomInvalid). A fault in a stored
    setting it left alone (a config naming a SessionType since removed from the code) refuses
    only a request that makes the room start taking people (RoomConflict): closing the room or
    changing its capacity must stay possible.
    """
    changed = set(changed)
    try:
        room.full_clean(exclude=["session"])
    except ValidationError as error:
        problems = error.message_dict
        field = next((name for name in problems if name in changed), None)
        if field is not None:
            raise RoomInvalid(f"{field}: {problems[field][0]}", field=field) from None
        if starts:
            field, messages = next(iter(problems.items()))
            raise RoomConflict(f"{field}: {messages[0]}; change the room's {field} first",
                               field=field) from None
    return room


@transaction.atomic
def room_create(*, name: str, config: str = "", labels: list[str] | None = None,
                capacity: int | None = None, open: bool = False,  # noqa: A002
                min_participants: int | None = None) -> Room:
    if Room.objects.filter(name=name).exists():
        raise RoomConflict(f"name: a room named {name!r} exists already", field="name")
    room = _validated(Room(name=name, config=config, labels=list(labels or []),
                           capacity=capacity, open=open, min_participants=min_participants),
                      changed=("name", "config", "labels", "capacity", "open",
                               "min_participants"))
    try:
        with transaction.atomic():
            room.save()
    except IntegrityError:
        raise RoomConflict(f"name: a room named {name!r} exists already",
                           field="name") from None
    if room.is_accepting:
        announce_room_started(room.name)
    return room


@transaction.atomic
def room_update(*, room_name: str, **changes: Any) -> Room:
    """Change config, labels, capacity or quorum; refused while a session is associated."""
    room = _lock(room_name)
    allowed = {"config", "labels", "capacity", "open", "min_participants"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise RoomInvalid(f"{unknown[0]}: not a room setting (settings: {', '.join(sorted(allowed))})",
                        field=unknown[0])
    settings_changed = {k for k in changes if k != "open" and changes[k] != getattr(room, k)}
    if settings_changed and room.session is not None:
        raise RoomConflict(f"{sorted(settings_changed)[0]}: room settings can be changed only "
                           f"while no session is associated; disassociate session "
                           f"{room.session.name} first", field=sorted(settings_changed)[0])
    was_accepting = room.is_accepting
    for key, value in changes.items():
        setattr(room, key, value)
    _validated(room, changed=changes, starts=room.is_accepting and not was_accepting).save()
    if room.is_accepting and not was_accepting:
        announce_room_started(room.name)
    return room


def room_set_open(*, room_name: str, open: bool) -> Room:  # noqa: A002
    """Open or close at any time; closing only stops new entries."""
    return room_update(room_name=room_name, open=open)


@transaction.atomic
def room_set_capacity(*, room_name: str, capacity: int | None) -> Room:
    """Capacity may change at any time, also during a session: it limits growth only."""
    room = _lock(room_name)
    room.capacity = capacity
    _validated(room, changed=["capacity"]).save(update_fields=["capacity"])
    return room


@transaction.atomic
def room_create_session(*, room_name: str, num_participants: int, config: str | None = None,
                        set_capacity: bool = False, label: str = "", is_test: bool = False,
                        overrides: dict[str, Any] | None = None) -> Session:
    """Pre-create a session with N free slots in the room, and open the room (label, is_test
    and the config overrides as session_create takes them)."""
    room = _lock(room_name)
    if room.session is not None:
        raise RoomConflict(f"room {room.name!r} has session {room.session.name} already; "
                           "disassociate it first", field="session")
    if config:
        room.config = config
    if not room.config:
        raise RoomInvalid("config: choose the SessionType to run", field="config")
    _validated(room, changed=["config"] if config else [], starts=True)
    if not isinstance(num_participants, int) or num_participants < 1:
        raise RoomInvalid("num_participants: must be a whole number of at least 1",
                        field="num_participants")
    quorum = room.min_participants if room.min_participants is not None \
        else session_type(room.config).min_participants
    if set_capacity and quorum is not None and num_participants < quorum:
        raise RoomInvalid(f"num_participants: a capacity of {num_participants} is smaller than "
                          f"the quorum (min_participants={quorum}): the session could never "
                          f"start", field="num_participants")
    session = _start_session(room, num_participants=num_participants, label=label,
                             is_test=is_test, overrides=overrides)
    room.open = True
    if set_capacity:
        room.capacity = num_participants
    room.save(update_fields=["config", "open", "capacity"])
    return session


@transaction.atomic
def room_disassociate(*, room_name: str) -> Room:
    """Unlink the session (it keeps running) and put the room back to waiting."""
    room = _lock(room_name)
    room.session = None
    room.open = False
    room.free_slots = False
    room.save(update_fields=["session", "open", "free_slots"])
    return room


@transaction.atomic
def room_delete(*, room_name: str) -> None:
    _lock(room_name).delete()


def rooms_ensure_defaults() -> list[Room]:
    """Create the rooms of config/deployment.py's DEFAULT_ROOMS that do not exist yet."""
    created = []
    for spec in deployment.DEFAULT_ROOMS:
        if not isinstance(spec, RoomSpec):
            raise ImproperlyConfigured(f"config/deployment.py: DEFAULT_ROOMS holds {spec!r}; "
                                       "use room(...)")
        if Room.objects.filter(name=spec.name).exists():
            continue
        try:
            created.append(room_create(name=spec.name, config=spec.config, labels=spec.labels,
                                       capacity=spec.capacity, open=spec.open,
                                       min_participants=spec.min_participants))
        except RoomConflict:
            continue  # the name is taken: another process created the room a moment ago
        except RoomError as error:
            raise ImproperlyConfigured(
                f"config/deployment.py: room {spec.name!r}: {error}") from None
    return created


_defaults_checked = False


def rooms_ensure_defaults_once() -> None:
    """At the first room request of a process: the server-start half of DEFAULT_ROOMS."""
    global _defaults_checked
    if not _defaults_checked:
        rooms_ensure_defaults()
        _defaults_checked = True


def rooms_ensure_defaults_after_migrate(**kwargs: Any) -> None:
    created = rooms_ensure_defaults()
    if created:
        log.info("created default rooms: %s", ", ".join(r.name for r in created))

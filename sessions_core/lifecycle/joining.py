"""Entering a session by a shared link: the session-wide link's slots, and online panels' ids.

The session-wide link (/join/<session_name>/, oTree's name) gives everyone the same URL and
hands each new browser the next free participant slot; a participant link or a room may carry
an online panel's id for the participant (participants/labels.py).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.eligibility import SESSION_LINK, Entry, entry_check, session_cap_step
from participants.labels import PanelIdentity
from participants.models import Participant
from sessions_core.errors import Conflict, InvalidRequest
from sessions_core.models import Session


@dataclass(frozen=True)
class Claim:
    outcome: str  # joined | rejoined | full
    participant: Participant | None = None


@transaction.atomic
def participant_claim(*, session: Session, identity: PanelIdentity | None = None,
                      known_name: str | None = None, entry: Entry | None = None) -> Claim:
    """Give a visitor of the session-wide link a participant slot.

    A returning visitor gets their slot again: the one their browser was given (known_name,
    from its cookie), or the one that has their label. Anyone else gets the free slot with the
    lowest id_in_session: not handed out yet (also not by a room) and not started by its own
    link. Raises InvalidRequest for an unusable label, and EntryRefused when the SessionType's
    entry rules refuse a newcomer (participants/eligibility.py; `entry` says who comes, with
    their browser's User-Agent); nothing is created or changed then. A newcomer's slot
    records their environment at entry.

    Takes the row lock of the slot it hands out, skipping slots that other visitors are being
    given at this moment (SKIP LOCKED): simultaneous visitors get distinct slots without queuing
    behind one lock. Nothing else is locked.
    """
    identity = identity or PanelIdentity()
    if identity.problem:
        raise InvalidRequest(identity.problem, field="label")
    returning = _returning(session, identity.label, known_name)
    if returning is not None:
        return Claim("rejoined", returning)
    entry = (entry or Entry(kind=SESSION_LINK, label=identity.label)).into(session)
    entry_check(entry)
    free = (Participant.objects.select_for_update(skip_locked=True)
            .filter(session=session, claimed_at__isnull=True, status=Participant.Status.NEW)
            .order_by("id_in_session").first())
    if free is None:
        return Claim("full")
    free.claimed_at = timezone.now()
    free.label = identity.label or free.label
    free.vars = _with_panel_vars(free.vars, identity.vars)
    free.environment = entry.environment
    try:
        with transaction.atomic():
            free.save(update_fields=["claimed_at", "label", "vars", "environment"])
    except IntegrityError:
        # Another visitor with the same label took a slot a moment ago: that one is theirs.
        taken = session.participant_set.filter(label=identity.label).first()
        if taken is None:
            raise
        return Claim("rejoined", taken)
    session_cap_step(session=session, admitted=free, entry=entry)
    return Claim("joined", free)


def _returning(session: Session, label: str | None, known_name: str | None) -> Participant | None:
    if known_name:
        known = session.participant_set.filter(name=known_name).first()
        if known is not None:
            return known
    if label:
        return session.participant_set.filter(label=label).first()
    return None


@transaction.atomic
def participant_note_identity(*, participant: Participant, identity: PanelIdentity) -> Participant:
    """Record an online panel's id that came with a participant's own link.

    A participant who has a label keeps it; their panel vars (participant.vars["prolific"])
    are recorded only if they have none yet. Raises InvalidRequest for an unusable value and
    Conflict for a label that another participant of the session has; nothing changes then.
    Takes the participant's row lock (the first lock, as their page requests take it).
    """
    if identity.problem:
        raise InvalidRequest(identity.problem, field="label")
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    changed = []
    if identity.label and locked.label is None:
        locked.label = identity.label
        changed.append("label")
    merged = _with_panel_vars(locked.vars, identity.vars)
    if merged != locked.vars:
        locked.vars = merged
        changed.append("vars")
    if changed:
        _save(locked, changed, new_label=identity.label if "label" in changed else None)
    return locked


@transaction.atomic
def participant_enter(*, participant: Participant, entry: Entry,
                      identity: PanelIdentity | None = None) -> Participant:
    """The first request of a participant link that nobody has entered yet (not started, not
    claimed by a room or the session-wide link): the SessionType's entry rules
    (participants/eligibility.py), then the slot is claimed for them, with their environment
    at entry and the online panel's id of the link (as participant_note_identity records it).
    Anyone else (already claimed or started) is not entering and passes unchanged.

    Raises EntryRefused, InvalidRequest (an unusable panel id) or Conflict (a label another
    participant of the session has); nothing changes then. Takes the participant's row lock
    (the first lock, as their page requests take it), and the SessionType's for the cap."""
    identity = identity or PanelIdentity()
    if identity.problem:
        raise InvalidRequest(identity.problem, field="label")
    locked = Participant.objects.select_related("session").select_for_update(of=("self",)).get(
        pk=participant.pk)
    if locked.status != Participant.Status.NEW or locked.claimed_at is not None:
        return locked
    entry = entry.into(locked.session, label=locked.label or identity.label)
    entry_check(entry)
    new_label = identity.label if locked.label is None else None
    locked.label = locked.label or identity.label
    locked.vars = _with_panel_vars(locked.vars, identity.vars)
    locked.claimed_at = timezone.now()
    locked.environment = entry.environment
    _save(locked, ["label", "vars", "claimed_at", "environment"], new_label=new_label)
    session_cap_step(session=locked.session, admitted=locked, entry=entry)
    return locked


def _save(participant: Participant, fields: list[str], *, new_label: str | None) -> None:
    """Save these fields; one that gives the participant a new label does so in a savepoint,
    since the label is unique in the session: Conflict when another participant has it."""
    if new_label is None:
        participant.save(update_fields=fields)
        return
    try:
        with transaction.atomic():
            participant.save(update_fields=fields)
    except IntegrityError:  # the unique label of the session
        raise Conflict(f"label {new_label!r} belongs to another participant of this "
                       "session", field="label") from None


@transaction.atomic
def participant_note_screen(*, session_name: str, participant_name: str,
                            width: int, height: int) -> dict[str, Any] | None:
    """The page's report of the screen size, kept in the participant's environment: the first
    report is kept, later ones change nothing. Returns the environment as stored, or None for
    no such participant. Takes the participant's row lock (the first lock)."""
    participant = (Participant.objects.select_for_update(of=("self",))
                   .filter(session__name=session_name, name=participant_name)
                   .only("pk", "environment").first())
    if participant is None:
        return None
    environment = dict(participant.environment or {})
    if "screen_width" not in environment:
        environment.update(screen_width=width, screen_height=height)
        participant.environment = environment
        participant.save(update_fields=["environment"])
    return environment


def _with_panel_vars(current: Any, panel: Mapping[str, Any]) -> dict[str, Any]:
    """participant.vars with the panel's keys added, never replacing what is there."""
    current = dict(current or {})
    return {**current, **{key: value for key, value in panel.items() if key not in current}}

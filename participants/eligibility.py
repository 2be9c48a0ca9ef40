"""Who may enter: a SessionType's entry rules, checked at every entry (docs/experiments.md,
"Who may enter").

An entry is someone being given a place in a session: a room's join, the session-wide link's
slot, or the first request of a participant link that nobody has entered yet. Returning to
one's own slot is not an entry and is never refused. The rules, in the order they are checked:

- blocked_labels: the label (or an online panel's id) is on the SessionType's blocklist.
- allowed_platforms: the platform read from the User-Agent (participants/environment.py) is
  not one of them; a header that says no platform ("unknown": a bot, curl, nothing) is refused
  too when the SessionType restricts platforms, as it cannot be shown to be allowed.
- exclude_prior / exclude_prior_from: the label or panel id took part in a session of this
  SessionType / of the listed ones. "Took part": a participant with that label (or Prolific id)
  has started (seen their first page) in a session that is not a test session.
- max_sessions: as many sessions of the SessionType have begun as the cap allows. A session
  has begun (and counts) once someone entered it: a participant slot claimed by a room or the
  session-wide link, or started by its own link. Test sessions neither count nor are capped;
  sessions the lab manager excluded (sessions_core/conditions: unusable data) do not count.
  Someone entering a session that has begun is never refused by the cap, so running sessions
  finish normally.

`entry_refusal(entry)` answers None (eligible) or a Refusal (rule and the reason shown to the
participant); it only reads. The cap is checked again inside the admission's transaction, once
the slot is claimed, by `session_cap_step`, under a lock per SessionType (a PostgreSQL advisory
transaction lock; on SQLite the admission's earlier write holds the database's write lock), so
two first entries of two sessions at the same instant cannot both pass a cap with one place
left. A refusal raised there (EntryRefused) rolls the whole admission back: no session, slot,
label or start remains. The interface then records the refusal (`refusal_record`, an
EntryRefusal row for the lab manager) in a transaction of its own and shows the reason.

This module reads sessions and participants; the entries (lifecycle/joining.py, rooms) call it.
It imports no interface and never `rooms`.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from participants.environment import environment_at_entry
from participants.labels import PROLIFIC_VARS_KEY, PanelIdentity
from participants.models import EntryRefusal, Participant
from sessions_core.experimenter.registry import session_type
from sessions_core.experimenter.session_types import SessionType
from sessions_core.models import Session

ROOM = "room"
SESSION_LINK = "session_link"
PARTICIPANT_LINK = "participant_link"

# The rules, as EntryRefusal.rule names them.
BLOCKED = "blocked_label"
PLATFORM = "platform"
PRIOR = "prior_participation"
MAX_SESSIONS = "max_sessions"

PLATFORM_WORDS = {"desktop": "a computer", "mobile": "a phone", "tablet": "a tablet"}


@dataclass(frozen=True)
class Entry:
    """Someone asking to enter: where (kind, SessionType, session, room) and who (label, an
    online panel's id, the browser's User-Agent)."""

    kind: str
    session_type: str = ""
    session: Session | None = None
    room: str = ""
    label: str | None = None
    external_id: str | None = None  # Prolific's PROLIFIC_PID when it came with the link
    user_agent: str = ""

    @property
    def ids(self) -> list[str]:
        """The label and panel id that prior participation and the blocklist look for."""
        return list(dict.fromkeys(i for i in (self.label, self.external_id) if i))

    @property
    def environment(self) -> dict[str, str]:
        return environment_at_entry(self.user_agent)

    def into(self, session: Session | None = None, *, session_type_name: str = "",
             label: str | None = None) -> Entry:
        """The same entry into this session (or, without one yet, this SessionType)."""
        name = session.session_type if session is not None else session_type_name
        return dataclasses.replace(self, session=session, session_type=name or self.session_type,
                                   label=label if label is not None else self.label)


def entry_from(*, kind: str, user_agent: str, identity: PanelIdentity | None = None,
               label: str | None = None, room: str = "") -> Entry:
    identity = identity or PanelIdentity()
    prolific = identity.vars.get(PROLIFIC_VARS_KEY, {})
    return Entry(kind=kind, room=room, label=label if label is not None else identity.label,
                 external_id=prolific.get("PROLIFIC_PID") or None, user_agent=user_agent or "")


@dataclass(frozen=True)
class Refusal:
    rule: str
    reason: str


class EntryRefused(Exception):  # noqa: N818  (a refusal, not a fault)
    """Raised inside an admission's transaction to roll it back; carries the Refusal and the
    entry as refusal_record logs it (with the session only if it existed before)."""

    def __init__(self, refusal: Refusal, entry: Entry) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal
        self.entry = entry

    def record(self) -> EntryRefusal:
        return refusal_record(self.entry, self.refusal)


def entry_check(entry: Entry) -> None:
    """entry_refusal as an exception: raises EntryRefused when the entry is refused."""
    refusal = entry_refusal(entry)
    if refusal is not None:
        raise EntryRefused(refusal, entry)


def entry_refusal(entry: Entry) -> Refusal | None:
    """Why this entry is refused, or None: it may enter. Only reads."""
    try:
        st = session_type(entry.session_type)
    except LookupError:
        return None  # no such SessionType: the admission itself says so
    return (_blocked(st, entry) or _platform(st, entry) or _prior(st, entry)
            or _cap(st, entry.session))


def _blocked(st: SessionType, entry: Entry) -> Refusal | None:
    blocked = set(st.blocked_labels or ())
    if any(i in blocked for i in entry.ids):
        return Refusal(BLOCKED, "Your participant code cannot take part in this study. If you "
                                "think this is a mistake, please contact the experimenter.")
    return None


def _platform(st: SessionType, entry: Entry) -> Refusal | None:
    allowed = st.allowed_platforms
    if not allowed:
        return None
    platform = entry.environment["platform"]
    if platform in allowed:
        return None
    words = " or ".join(PLATFORM_WORDS[p] for p in allowed)
    seen = (f"you seem to be using {PLATFORM_WORDS[platform]}" if platform in PLATFORM_WORDS
            else "we could not tell which kind of device you are using")
    return Refusal(PLATFORM, f"This study can be done only on {words}, and {seen}. Please "
                             "open the link again on " + words + ".")


def _prior(st: SessionType, entry: Entry) -> Refusal | None:
    types = ([st.name] if st.exclude_prior else []) + list(st.exclude_prior_from)
    ids = entry.ids
    if not types or not ids:
        return None
    prior = Participant.objects.filter(
        Q(label__in=ids) | Q(**{f"vars__{PROLIFIC_VARS_KEY}__PROLIFIC_PID__in": ids}),
        session__session_type__in=types, session__is_test=False, started_at__isnull=False)
    if entry.session is not None:
        prior = prior.exclude(session=entry.session)  # one's own slot is not "before"
    if prior.exists():
        return Refusal(PRIOR, "Our records show that you have already taken part in this "
                              "study or a related one, so you cannot take part again. Thank "
                              "you for your interest.")
    return None


def entered_sessions(session_type_name: str) -> QuerySet[Session]:
    """The sessions of the SessionType that max_sessions counts: not test sessions, not
    excluded by the lab manager, and begun (someone was given a slot: claimed by a room or the
    session-wide link, or started)."""
    entered = Participant.objects.filter(session=OuterRef("pk")).filter(
        Q(claimed_at__isnull=False) | Q(started_at__isnull=False))
    return Session.objects.filter(session_type=session_type_name, is_test=False,
                                  excluded_at__isnull=True).filter(Exists(entered))


def _cap(st: SessionType, session: Session | None, admitted: Participant | None = None,
         ) -> Refusal | None:
    if st.max_sessions is None or (session is not None and session.is_test):
        return None
    others = entered_sessions(st.name)
    if session is not None and session.pk is not None:
        begun = Participant.objects.filter(session=session).filter(
            Q(claimed_at__isnull=False) | Q(started_at__isnull=False))
        if admitted is not None:
            begun = begun.exclude(pk=admitted.pk)
        if begun.exists():
            return None  # a running session: its newcomers are never capped
        others = others.exclude(pk=session.pk)
    if others.count() >= st.max_sessions:
        return Refusal(MAX_SESSIONS, "This study has all the sessions it needs and takes no "
                                     "more participants. Thank you for your interest.")
    return None


def session_cap_step(*, session: Session, admitted: Participant, entry: Entry) -> None:
    """The cap, checked again inside the admission's transaction once `admitted`'s slot is
    claimed (its write done): under the SessionType's lock, so simultaneous first entries of
    several sessions are counted one after the other. Raises EntryRefused (roll back) with
    `entry` (whose session is the one to log: None for a session this admission created)."""
    try:
        st = session_type(session.session_type)
    except LookupError:
        return
    if st.max_sessions is None or session.is_test:
        return
    _lock_session_type(st.name)
    refusal = _cap(st, session, admitted)
    if refusal is not None:
        raise EntryRefused(refusal, entry)


def _lock_session_type(name: str) -> None:
    """PostgreSQL: a transaction-scoped advisory lock for the SessionType (last in the lock
    order, docs/architecture.md). SQLite: nothing to take; the admission's earlier write holds
    the database's only write lock until the commit."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"quorum.max_sessions:{name}".encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def refusal_record(entry: Entry, refusal: Refusal) -> EntryRefusal:
    """Log a refusal for the lab manager (call it after the admission rolled back)."""
    environment = entry.environment
    return EntryRefusal.objects.create(
        session_type=entry.session_type[:100], session=entry.session, room=entry.room[:100],
        entry=entry.kind, label=(entry.label or "")[:128],
        external_id=(entry.external_id or "")[:128], rule=refusal.rule, reason=refusal.reason,
        platform=environment["platform"], user_agent=environment["user_agent"])

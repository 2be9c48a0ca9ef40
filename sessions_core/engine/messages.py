"""The lab manager's pushes to participants' open pages: a message shown at once, a reload.

Services for the monitor's buttons (sessions_core/admin/pushes.py) and the REST API
(sessions/<s>/messages/, sessions/<s>/participants/<p>/reload/). Both go over the participant
socket every open page holds (presence.js on a page, wait.js on a wait page) through the channel
layer, so they reach a page on any server process. Nothing is stored: a participant whose page
is not open when it is sent does not see the message (the monitor's "Online" column says who
has one). A push that cannot be sent (Redis unreachable) is logged, and the service says so
instead of failing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from participants.models import Participant
from sessions_core.db.side_effects import run_logged
from sessions_core.engine.notify import notify_message, notify_reload
from sessions_core.errors import InvalidRequest
from sessions_core.models import Session

MAX_CHARS = 1000


@dataclass(frozen=True)
class Pushed:
    """To how many participants a push went, and whether the channel layer took it."""

    participants: int
    sent: bool


def clean_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidRequest("write the message to send", field="text")
    cleaned = text.strip()
    if len(cleaned) > MAX_CHARS:
        raise InvalidRequest(f"a message may have up to {MAX_CHARS} characters (this one has "
                             f"{len(cleaned)})", field="text")
    return cleaned


def _participant_ids(session: Session, codes: Sequence[str] | None) -> list[int]:
    """Every participant of the session, or those whose codes are given (all must exist)."""
    rows = session.participant_set.order_by("id_in_session")
    if codes is None:
        return list(rows.values_list("pk", flat=True))
    found = dict(rows.filter(name__in=list(codes)).values_list("name", "pk"))
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise InvalidRequest(f"no participant {unknown[0]!r} in session {session.name}",
                             field="participants")
    if not found:
        raise InvalidRequest("name at least one participant, or none for everyone",
                             field="participants")
    return [found[code] for code in dict.fromkeys(codes)]


def participants_message(*, session: Session, text: str,
                         participant_codes: Sequence[str] | None = None) -> Pushed:
    """Show `text` at once on the open pages of the named participants (by code), or of every
    participant of the session. Refuses an empty or too long text, or an unknown participant,
    sending nothing."""
    cleaned = clean_text(text)
    ids = _participant_ids(session, participant_codes)
    sent = run_logged("message push", lambda: notify_message(ids, cleaned)) if ids else True
    return Pushed(participants=len(ids), sent=sent)


def participant_reload(*, participant: Participant) -> Pushed:
    """Reload the participant's open pages (they show the participant's current page)."""
    sent = run_logged("reload push", lambda: notify_reload([participant.pk]))
    return Pushed(participants=1, sent=sent)

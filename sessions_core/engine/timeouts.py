"""Moving participants on without their browser: a page timer that ran out (fired by
lifecycle/deadlines.py), and the lab manager's advance of one participant or of the slowest.

Each is one participant's request through engine/visit.py, under the participant's row lock,
so a timeout, the participant's own submission and an advance of the same page make one
submission between them: whichever comes second finds the page already left.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from participants.models import Participant
from sessions_core.db.side_effects import after_commit
from sessions_core.engine.notify import notify_reload
from sessions_core.engine.timers import moved_by_server, timers_clock
from sessions_core.engine.visit import Visit, participant_visit
from sessions_core.errors import Conflict
from sessions_core.models import Session

log = logging.getLogger("quorum.deadlines")

# A page whose timeout raised (the app's before_next_page, say) is tried again this much later.
RETRY_FAILED = timedelta(seconds=60)


def participant_timeout_fire(participant_id: int, now: datetime) -> bool:
    """Fire the participant's deadline if it is due at `now` and no other request holds the
    participant (lifecycle/deadlines.py calls this). True if it fired."""
    try:
        with moved_by_server(), timers_clock(now):
            visit = participant_visit(pk=participant_id, expire=now, render=False)
    except Participant.DoesNotExist:
        return False
    except Exception as error:  # noqa: BLE001  (one broken page must not stop the others)
        log.warning("timeout of participant %s failed: %s: %s; trying again in %s s",
                    participant_id, type(error).__name__, error, RETRY_FAILED.total_seconds())
        Participant.objects.filter(pk=participant_id, timeout_at__lte=now).update(
            timeout_at=now + RETRY_FAILED)
        return False
    return visit.outcome is not None


@dataclass(frozen=True)
class Advanced:
    """Who an advance moved on, and where they are now ("<app>-<round>-<page>")."""

    participant_id: int
    moved: bool
    position: str
    status: str


def participant_advance(*, participant: Participant) -> Advanced:
    """Move one participant on by one page, as their page's timeout would: a page is submitted
    as a timeout (timeout_submission, else each field's neutral value; timeout_happened is
    True in before_next_page); a wait page that has opened is passed. A participant who has
    not started, has finished, or waits at a wait page that has not opened is refused."""
    if participant.status != Participant.Status.PLAYING:
        raise Conflict(f"participant {participant.name} is {participant.get_status_display()}: "
                       "only a playing participant can be advanced")
    token = participant.position_token
    with moved_by_server():
        visit = participant_visit(pk=participant.pk, submit_data={}, at=token,
                                  timeout_happened=True, render=False)
    moved = visit.position != token or visit.status != Participant.Status.PLAYING
    if not moved:
        raise Conflict(f"participant {participant.name} waits for others at a wait page: "
                       "advance the participants it waits for")
    if moved:
        # Their open page (a form page, or a wait page) reloads and shows where they are now.
        after_commit("advance reload push", lambda: notify_reload([participant.pk]))
    return _advanced(visit, moved)


def _advanced(visit: Visit, moved: bool) -> Advanced:
    return Advanced(participant_id=visit.participant_id, moved=moved, position=visit.position,
                    status=visit.status)


def session_slowest(*, session: Session) -> list[Participant]:
    """The playing participants at the earliest position of the session."""
    playing = list(session.participant_set.filter(status=Participant.Status.PLAYING)
                   .order_by("app_index", "round_number", "page_index", "id_in_session"))
    if not playing:
        return []
    last = playing[0].position
    return [p for p in playing if p.position == last]


def session_advance_slowest(*, session: Session) -> list[Advanced]:
    """Advance the participants at the earliest position by one page each (participant_advance);
    one who cannot move (a wait page that has not opened) is left where they are. Refused when
    nobody is playing."""
    slowest = session_slowest(session=session)
    if not slowest:
        raise Conflict(f"nobody is playing in session {session.name}")
    done = []
    for participant in slowest:
        participant.session = session
        try:
            done.append(participant_advance(participant=participant))
        except Conflict:
            done.append(Advanced(participant_id=participant.pk, moved=False,
                                 position=participant.position_token,
                                 status=participant.status))
    return done

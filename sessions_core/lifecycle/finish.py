"""The end of a session: when the last participant finishes, the payments are computed."""
from __future__ import annotations

from django.utils import timezone

from participants.models import Participant
from sessions_core.db.side_effects import after_commit
from sessions_core.lifecycle.tasks import session_compute_payments_task
from sessions_core.models import Session


def session_note_finished(*, session_id: int) -> None:
    """When the last participant finishes, mark the session finished and compute payments.

    Needs a transaction: it takes the session row lock, so the last two finishers agree on who
    is last. The payments task is sent after the commit; if the broker is away the finish still
    stands (the admin's Compute payments can run it later).
    """
    session = Session.objects.select_for_update().get(pk=session_id)
    if session.finished_at is not None:
        return
    if Participant.objects.filter(session_id=session_id).exclude(
            status=Participant.Status.FINISHED).exists():
        return
    Session.objects.filter(pk=session_id).update(finished_at=timezone.now())
    after_commit("payments task", lambda: session_compute_payments_task.delay(session_id))

"""Lab managers read a session's participant.log records in the admin (read-only), linked from
the session's page."""
from __future__ import annotations

from django.test import Client
from django.urls import reverse

from participants.models import ParticipantLog
from tests.conftest import make_session, participants_of


def test_a_sessions_logs_are_listed_read_only_and_linked_from_the_session(
        experimenter: Client) -> None:
    session, other = make_session("logcheck", 2), make_session("logcheck", 2)
    participants_of(session)[0].log("ours", {"n": 1})
    participants_of(other)[0].log("theirs", {"n": 2})
    page = experimenter.get(reverse("admin:sessions_core_session_change", args=[session.pk]))
    link = reverse("admin:participants_participantlog_changelist") + \
        f"?session__id__exact={session.pk}"
    assert link.replace("&", "&amp;") in page.content.decode()
    listed = experimenter.get(link).content.decode()
    assert "ours" in listed and "theirs" not in listed
    record = ParticipantLog.objects.get(name="ours")
    detail = experimenter.get(reverse("admin:participants_participantlog_change",
                                      args=[record.pk])).content.decode()
    assert "ours" in detail and 'name="name"' not in detail   # shown, not editable
    assert experimenter.post(reverse("admin:participants_participantlog_delete",
                                     args=[record.pk]), {"post": "yes"}).status_code == 403
    assert ParticipantLog.objects.filter(pk=record.pk).exists()

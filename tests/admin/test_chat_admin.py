"""Lab managers read a session's chat in the admin (read-only), linked from the session."""
from __future__ import annotations

from django.test import Client
from django.urls import reverse

from sessions_core.engine.chat import chat_post, chat_ticket
from sessions_core.models import ChatMessage
from tests.conftest import make_session, participants_of, player_of, visit


def test_a_sessions_chat_is_listed_read_only_and_linked_from_the_session(
        experimenter: Client) -> None:
    session, other = make_session("livecheck", 3), make_session("livecheck", 3)
    for s, body in ((session, "our message"), (other, "their message")):
        participant = participants_of(s)[0]
        visit(participant)
        chat_post(ticket=chat_ticket(player=player_of(participant), app_label="livecheck")[1],
                  body=body)
    page = experimenter.get(reverse("admin:sessions_core_session_change", args=[session.pk]))
    link = reverse("admin:sessions_core_chatmessage_changelist") + \
        f"?session__id__exact={session.pk}"
    assert link.replace("&", "&amp;") in page.content.decode()
    listed = experimenter.get(link).content.decode()
    assert "our message" in listed and "their message" not in listed
    message = ChatMessage.objects.get(body="our message")
    detail = experimenter.get(reverse("admin:sessions_core_chatmessage_change",
                                      args=[message.pk])).content.decode()
    assert "our message" in detail and 'name="body"' not in detail   # shown, not editable
    assert experimenter.post(reverse("admin:sessions_core_chatmessage_delete",
                                     args=[message.pk]), {"post": "yes"}).status_code == 403
    assert ChatMessage.objects.filter(pk=message.pk).exists()

"""Chat messages are exported with the session's data: chat_csv, a "chat" list per session in
the JSON, chat.csv in the ZIP (explained by the data dictionary), each with its sender."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from sessions_core.data.exports import export_stream
from sessions_core.engine.chat import chat_post, chat_ticket
from sessions_core.models import ChatMessage
from tests.conftest import make_session, participants_of, player_of, visit
from tests.data.conftest import content, csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def chatted() -> list:
    """A livecheck session whose first two participants chatted, one with a nickname."""
    session = make_session("livecheck", 3, label="chatty")
    first, second, _ = participants_of(session)
    for participant in (first, second):
        visit(participant)
    _, ticket = chat_ticket(player=player_of(first), app_label="livecheck")
    chat_post(ticket=ticket, body="hello, both")
    _, other = chat_ticket(player=player_of(second), app_label="livecheck", nickname="Blue")
    chat_post(ticket=other, body='a "quoted", comma')
    return [session, first, second]


def test_chat_csv_has_one_row_per_message_with_its_sender(chatted: list) -> None:
    session, first, second = chatted
    header, rows = csv_rows(content(export_stream(sessions=[session], format="chat_csv")))
    assert header == ["session.code", "participant.id_in_session", "participant.code",
                      "participant.label", "channel", "nickname", "body", "created_at"]
    stored = list(ChatMessage.objects.order_by("id"))
    assert rows == [
        {"session.code": session.name, "participant.id_in_session": str(p.id_in_session),
         "participant.code": p.name, "participant.label": "", "channel": "livecheck-1-1",
         "nickname": nickname, "body": body, "created_at": m.created_at.isoformat()}
        for p, nickname, body, m in ((first, f"Player {player_of(first).id_in_group}",
                                      "hello, both", stored[0]),
                                     (second, "Blue", 'a "quoted", comma', stored[1]))]


def test_the_json_holds_each_sessions_chat(chatted: list) -> None:
    session, first, _ = chatted
    document = json.loads(content(export_stream(sessions=[session], format="json")))
    chat = document["sessions"][0]["chat"]
    assert [m["body"] for m in chat] == ["hello, both", 'a "quoted", comma']
    assert chat[0]["participant"] == {"id_in_session": first.id_in_session, "code": first.name,
                                      "label": None}
    assert chat[0]["channel"] == "livecheck-1-1" and chat[1]["nickname"] == "Blue"
    assert len(document["sessions"][0]["participants"]) == 3


def test_the_zip_holds_chat_csv_and_the_dictionary_explains_it(chatted: list) -> None:
    session = chatted[0]
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=[session],
                                                               format="zip"))))
    assert archive.read("chat.csv") == content(export_stream(sessions=[session],
                                                             format="chat_csv"))
    _, dictionary = csv_rows(archive.read("data_dictionary.csv"))
    explained = {row["column"]: row for row in dictionary if row["file"] == "chat.csv"}
    assert list(explained) == csv_rows(archive.read("chat.csv"))[0]
    assert explained["body"]["json"] == "sessions[].chat[].body"
    assert explained["participant.code"]["json"] == "sessions[].chat[].participant.code"


def test_a_session_without_chat_exports_an_empty_chat() -> None:
    session = make_session("trust", 2)
    header, rows = csv_rows(content(export_stream(sessions=[session], format="chat_csv")))
    assert header[-1] == "created_at" and rows == []
    document = json.loads(content(export_stream(sessions=[session], format="json")))
    assert document["sessions"][0]["chat"] == []

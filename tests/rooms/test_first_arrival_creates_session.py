"""In an accepting room the first arrival creates the session; later arrivals join the same one."""
from __future__ import annotations

from django.test import Client

from rooms.services import room_admit
from sessions_core.models import Session
from tests.rooms.conftest import join, joined_participant, make_room, stored


def test_first_arrival_creates_the_session_from_the_room_config(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    assert stored(room).session is None
    participant = joined_participant(join(visitor, room))
    session = stored(room).session
    assert session is not None and session.session_type == "trust"
    assert participant.session == session and participant.id_in_session == 1
    assert participant.claimed_at is not None


def test_first_arrival_is_sent_to_their_participant_url(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    response = join(visitor, room)
    participant = joined_participant(response)
    assert response["Location"] == f"/p/{participant.session.name}/{participant.name}/"


def test_later_arrivals_join_the_same_session(db: None) -> None:
    room = make_room(open=True, config="trust")
    participants = [joined_participant(join(Client(), room)) for _ in range(3)]
    assert Session.objects.count() == 1
    assert {p.session_id for p in participants} == {stored(room).session_id}
    assert [p.id_in_session for p in participants] == [1, 2, 3]
    assert len({p.name for p in participants}) == 3
    assert stored(room).session.num_participants == 3


def test_admission_service_reports_joined_and_creates_one_session(db: None) -> None:
    room = make_room(open=True, config="public_goods")
    first = room_admit(room_name=room.name, label=None)
    second = room_admit(room_name=room.name, label=None)
    assert first.outcome == second.outcome == "joined"
    assert first.participant.session_id == second.participant.session_id
    assert Session.objects.count() == 1

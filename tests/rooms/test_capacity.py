"""Capacity limits how many players a room's session grows to; a full room shows "Room full"
(423), a closed one "Please wait". Free pre-created slots bypass capacity."""
from __future__ import annotations

from django.test import Client

from participants.models import Participant
from rooms.services import room_admit, room_create_session, room_set_capacity, room_set_open
from tests.rooms.conftest import join, joined_participant, make_room, stored


def test_full_room_shows_room_full_page(db: None) -> None:
    room = make_room(open=True, config="trust", capacity=2)
    joined_participant(join(Client(), room))
    joined_participant(join(Client(), room))
    response = join(Client(), room)
    assert response.status_code == 423
    assert "Room full" in response.content.decode()
    assert Participant.objects.count() == 2


def test_closed_room_shows_please_wait_even_when_full(db: None) -> None:
    room = make_room(open=True, config="trust", capacity=1)
    joined_participant(join(Client(), room))
    room_set_open(room_name=room.name, open=False)
    response = join(Client(), room)
    assert response.status_code == 200
    assert "Please wait" in response.content.decode() and "Room full" not in response.content.decode()


def test_closed_room_with_space_shows_please_wait(db: None) -> None:
    room = make_room(config="trust", capacity=10)
    response = join(Client(), room)
    assert response.status_code == 200 and "Please wait" in response.content.decode()


def test_full_room_accepts_again_when_capacity_grows(db: None) -> None:
    room = make_room(open=True, config="trust", capacity=1)
    joined_participant(join(Client(), room))
    assert join(Client(), room).status_code == 423
    room_set_capacity(room_name=room.name, capacity=2)
    assert joined_participant(join(Client(), room)).id_in_session == 2


def test_freejoin_room_takes_everyone(db: None) -> None:
    room = make_room(open=True, config="trust")
    assert room.is_freejoin and room.effective_capacity is None
    arrivals = [room_admit(room_name=room.name, label=None) for _ in range(25)]
    assert {a.outcome for a in arrivals} == {"joined"}
    assert stored(room).session.participant_set.count() == 25


def test_room_with_labels_or_capacity_is_not_freejoin(db: None) -> None:
    assert not make_room(capacity=3).is_freejoin
    assert not make_room(labels=["A1"]).is_freejoin


def test_session_grows_up_to_capacity(db: None) -> None:
    room = make_room(open=True, config="trust", capacity=3)
    outcomes = [room_admit(room_name=room.name, label=None).outcome for _ in range(5)]
    assert outcomes == ["joined"] * 3 + ["full"] * 2
    assert Participant.objects.count() == 3


def test_free_pre_created_slots_bypass_capacity(db: None) -> None:
    room = make_room(config="trust", capacity=2)
    room_create_session(room_name=room.name, num_participants=4)
    outcomes = [room_admit(room_name=room.name, label=None).outcome for _ in range(5)]
    assert outcomes == ["joined"] * 4 + ["full"]
    assert Participant.objects.count() == 4


def test_labels_without_capacity_make_capacity_the_number_of_labels(db: None) -> None:
    room = make_room(open=True, config="trust", labels=["A1", "A2", "A3"])
    assert room.capacity is None and room.effective_capacity == 3
    for label in ["A1", "A2", "A3"]:
        assert room_admit(room_name=room.name, label=label).outcome == "joined"


def test_explicit_capacity_wins_over_the_number_of_labels(db: None) -> None:
    labels = [f"L{i:03d}" for i in range(100)]
    room = make_room(open=True, config="trust", labels=labels, capacity=50)
    assert room.effective_capacity == 50
    outcomes = [room_admit(room_name=room.name, label=label).outcome for label in labels]
    assert outcomes == ["joined"] * 50 + ["full"] * 50
    accepted = set(Participant.objects.values_list("label", flat=True))
    assert accepted == set(labels[:50])


def test_full_room_still_leads_a_used_label_back(db: None) -> None:
    room = make_room(open=True, config="trust", labels=["A1", "A2"], capacity=1)
    first = joined_participant(join(Client(), room, label="A1"))
    assert join(Client(), room, label="A2").status_code == 423
    assert joined_participant(join(Client(), room, label="A1")) == first

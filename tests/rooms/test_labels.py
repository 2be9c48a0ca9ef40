"""Labels (access codes): a welcome page asks for one; a bad one is refused with a message and
nothing is created; a used one leads back to its participant; rooms without labels accept
?label= eagerly and record it."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from rooms.models import label_problem
from rooms.services import room_create_session
from tests.rooms.conftest import join, joined_participant, make_room, nothing_created, stored

LABELS = ["ALPHA", "BRAVO", "charlie-3", "d.e_f"]


@pytest.fixture
def labelled_room(db: None):
    return make_room(open=True, config="trust", labels=LABELS)


def test_room_with_labels_shows_a_welcome_page_with_an_access_code_field(
        labelled_room, visitor: Client) -> None:
    response = visitor.get(f"/room/{labelled_room.name}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Welcome" in page and 'name="label"' in page and "access code" in page
    assert "room-error" not in page


def test_posting_without_a_label_shows_the_welcome_page_again(labelled_room, visitor: Client) -> None:
    response = join(visitor, labelled_room)
    assert response.status_code == 200 and 'name="label"' in response.content.decode()
    assert nothing_created()


@pytest.mark.parametrize("label", LABELS)
def test_a_listed_label_gets_in_and_is_recorded(labelled_room, visitor: Client, label: str) -> None:
    participant = joined_participant(join(visitor, labelled_room, label=label))
    assert participant.label == label


@pytest.mark.parametrize("label, message", [
    ("ALPHA BRAVO", "uses only letters, digits"),
    ("ALPHA/1", "uses only letters, digits"),
    ("<script>", "uses only letters, digits"),
    ("ÄLPHA", "uses only letters, digits"),
    ("A" * 129, "at most 128 characters"),
    ("DELTA", "not valid for this room"),
    ("alpha", "not valid for this room"),
])
def test_a_bad_label_is_refused_with_a_message_and_nothing_is_created(
        labelled_room, visitor: Client, label: str, message: str) -> None:
    response = join(visitor, labelled_room, label=label)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="room-error"' in page and message in page and 'name="label"' in page
    assert nothing_created() and stored(labelled_room).session is None


def test_a_bad_label_in_the_link_shows_the_message_on_get(labelled_room, visitor: Client) -> None:
    response = visitor.get(f"/room/{labelled_room.name}/?label=DELTA")
    assert response.status_code == 400 and "not valid for this room" in response.content.decode()
    assert nothing_created()


def test_label_rules_allow_the_seed_characters_up_to_128() -> None:
    assert label_problem("Az09-._") is None
    assert label_problem("x" * 128) is None
    assert label_problem("x" * 129) is not None
    assert label_problem("a:b") is not None
    assert label_problem("") is not None


def test_a_valid_label_in_a_waiting_room_waits_with_the_label(db: None, visitor: Client) -> None:
    room = make_room(config="trust", labels=LABELS)
    response = join(visitor, room, label="BRAVO")
    page = response.content.decode()
    assert response.status_code == 200 and "Please wait" in page
    assert 'data-label="BRAVO"' in page and 'name="label" value="BRAVO"' in page
    assert nothing_created()


def test_a_used_label_leads_back_to_the_same_participant(labelled_room) -> None:
    first = joined_participant(join(Client(), labelled_room, label="ALPHA"))
    again = join(Client(), labelled_room, label="ALPHA")
    assert joined_participant(again) == first
    assert again["Location"] == f"/p/{first.session.name}/{first.name}/"
    assert Participant.objects.count() == 1


def test_labels_are_trimmed_before_they_are_checked(labelled_room) -> None:
    participant = joined_participant(join(Client(), labelled_room, label="  ALPHA "))
    assert participant.label == "ALPHA"


def test_room_without_labels_accepts_a_label_from_the_link(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    page = visitor.get(f"/room/{room.name}/?label=cubicle-07").content.decode()
    assert 'name="label" value="cubicle-07"' in page  # the join form carries it
    participant = joined_participant(join(visitor, room, label="cubicle-07"))
    assert participant.label == "cubicle-07"


def test_eager_label_in_the_query_of_the_join_post_is_recorded(db: None) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(Client(), room, query="?label=5f2a9c0d1e3b4a5c6d7e8f90"))
    assert participant.label == "5f2a9c0d1e3b4a5c6d7e8f90"


def test_eager_label_used_twice_leads_back_to_the_same_participant(db: None) -> None:
    room = make_room(open=True, config="trust")
    first = joined_participant(join(Client(), room, label="07"))
    assert joined_participant(join(Client(), room, label="07")) == first
    other = joined_participant(join(Client(), room, label="08"))
    assert other != first and Participant.objects.count() == 2


def test_room_without_labels_still_takes_visitors_without_one(db: None) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(Client(), room))
    assert participant.label is None


def test_malformed_eager_label_is_refused_and_nothing_is_created(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    response = join(visitor, room, label="no spaces please")
    assert response.status_code == 400
    assert "uses only letters, digits" in response.content.decode()
    assert nothing_created()


def test_a_label_claiming_a_pre_created_slot_is_recorded_on_it(db: None) -> None:
    room = make_room(config="trust", labels=LABELS)
    session = room_create_session(room_name=room.name, num_participants=2)
    participant = joined_participant(join(Client(), room, label="BRAVO"))
    assert participant.session == session and participant.id_in_session == 1
    assert participant.label == "BRAVO"

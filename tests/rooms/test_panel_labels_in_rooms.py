"""Room links take an online panel's id as the label: `participant_label` (oTree's name) or
Prolific's `PROLIFIC_PID`, whose STUDY_ID and SESSION_ID go into participant.vars["prolific"]."""
from __future__ import annotations

from django.test import Client

from rooms.services import room_create_session
from tests.rooms.conftest import join, joined_participant, make_room, nothing_created

PROLIFIC = "?PROLIFIC_PID=5f1a2b&STUDY_ID=60aa11&SESSION_ID=70cc33"


def test_participant_label_is_the_room_label(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(visitor, room, query="?participant_label=lab-12"))
    assert participant.label == "lab-12"


def test_prolific_ids_become_label_and_vars(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(visitor, room, query=PROLIFIC))
    assert participant.label == "5f1a2b"
    assert participant.vars == {"prolific": {"PROLIFIC_PID": "5f1a2b", "STUDY_ID": "60aa11",
                                             "SESSION_ID": "70cc33"}}


def test_a_pre_created_slot_gets_the_prolific_vars_too(db: None, visitor: Client) -> None:
    room = make_room(config="trust")
    room_create_session(room_name=room.name, num_participants=2)
    participant = joined_participant(join(visitor, room, query=PROLIFIC))
    assert participant.id_in_session == 1 and participant.vars["prolific"]["STUDY_ID"] == "60aa11"


def test_the_room_s_own_label_comes_first(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    participant = joined_participant(join(visitor, room, query="?label=A1&participant_label=B2"))
    assert participant.label == "A1"


def test_the_waiting_page_posts_the_panel_ids_back(db: None, visitor: Client) -> None:
    room = make_room(config="trust")  # closed: visitors wait
    page = visitor.get(f"/room/{room.name}/{PROLIFIC}").content.decode()
    assert (f'action="/room/{room.name}/?PROLIFIC_PID=5f1a2b&amp;STUDY_ID=60aa11&amp;'
            'SESSION_ID=70cc33"') in page
    assert 'name="label" value="5f1a2b"' in page


def test_an_unusable_study_id_is_refused_and_nothing_is_created(db: None, visitor: Client) -> None:
    room = make_room(open=True, config="trust")
    response = join(visitor, room, query="?PROLIFIC_PID=ok&STUDY_ID=bad%20id")
    assert response.status_code == 400
    assert "STUDY_ID in the link: An access code uses only" in response.content.decode()
    assert nothing_created()

"""Deleting a session in the admin: the confirmation says how many participants and players'
game data go with it (counted, not listed row by row), and the session's delete permission is
all it takes."""
from __future__ import annotations

from django.test import Client

from experiments.public_goods.models import Player as PublicGoodsPlayer
from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import make_session, participants_of, visit
from tests.permissions import admin_client, staff_with

ADMIN = "/admin/sessions_core/session/"


def test_the_confirmation_counts_the_game_data(experimenter: Client) -> None:
    session = make_session("public_goods", 3)
    visit(participants_of(session)[0])  # initializes: 3 participants x 3 rounds
    page = experimenter.get(f"{ADMIN}{session.pk}/delete/").content.decode()
    assert ("Deleting this session also deletes its 3 participants and the game data of 9 "
            "players (one per participant, app and round; public_goods: 9)") in page
    assert "<li>Players&#x27; game data: 9</li>" in page
    assert "<li>Participants: 3</li>" in page
    assert f"P1 of session {session.name}" not in page  # counted, not listed


def test_the_confirmation_of_an_uninitialized_session_says_there_is_no_game_data_yet(
        experimenter: Client) -> None:
    session = make_session("trust", 4)
    page = experimenter.get(f"{ADMIN}{session.pk}/delete/").content.decode()
    assert "its 4 participants and no game data yet" in page


def test_deleting_several_sessions_counts_them_all(experimenter: Client) -> None:
    sessions = [make_session("trust", 2), make_session("public_goods", 3)]
    for session in sessions:
        visit(participants_of(session)[0])
    page = experimenter.post(ADMIN, {"action": "delete_selected",
                                     "_selected_action": [s.pk for s in sessions]}).content.decode()
    assert "<li>Sessions: 2</li>" in page and "<li>Participants: 5</li>" in page
    assert "<li>Players&#x27; game data: 11</li>" in page


def test_delete_session_permission_is_enough_to_delete_everything(db: None) -> None:
    session = make_session("public_goods", 3)
    visit(participants_of(session)[0])
    client = admin_client(staff_with("sessions_core.delete_session"))
    assert "Yes, I’m sure" in client.get(f"{ADMIN}{session.pk}/delete/").content.decode()
    assert client.post(f"{ADMIN}{session.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Session.objects.exists() and not Participant.objects.exists()
    assert not PublicGoodsPlayer.objects.filter(session_id=session.pk).exists()


def test_without_delete_session_nothing_is_deleted(db: None) -> None:
    session = make_session("trust", 2)
    client = admin_client(staff_with("sessions_core.view_session",
                                     "sessions_core.change_session"))
    assert client.get(f"{ADMIN}{session.pk}/delete/").status_code == 403
    assert client.post(f"{ADMIN}{session.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()

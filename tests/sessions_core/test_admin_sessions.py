"""Lab managers create sessions in the admin and get one link per participant."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from experiments.trust.models import Player as TrustPlayer
from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import make_session, participants_of, visit

CREATE_URL = "/admin/sessions_core/session/create/"


@pytest.fixture
def experimenter(db: None) -> Client:
    user = get_user_model().objects.create_superuser("lab", "lab@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_admin_creates_a_session_and_shows_every_participant_link(experimenter: Client) -> None:
    response = experimenter.post(CREATE_URL, {"session_type": "trust", "num_participants": 4,
                                              "label": "Tuesday 3 PM"})
    session = Session.objects.get()
    assert response.status_code == 302
    assert session.label == "Tuesday 3 PM"
    page = experimenter.get(response["Location"]).content.decode()
    for participant in participants_of(session):
        assert f"/p/{session.name}/{participant.name}/" in page


def test_admin_add_button_leads_to_the_create_form(experimenter: Client) -> None:
    response = experimenter.get("/admin/sessions_core/session/add/")
    assert response.status_code == 302 and response["Location"] == CREATE_URL
    form = experimenter.get(CREATE_URL).content.decode()
    assert 'value="public_goods"' in form and "Number of participants" not in form
    form = experimenter.get(f"{CREATE_URL}?session_type=public_goods").content.decode()
    assert "Number of participants" in form and 'name="config_multiplier"' in form


@pytest.mark.parametrize("count, message", [
    (3, "must be a multiple of 2"),
    (0, "greater than or equal to 1"),
])
def test_admin_refuses_a_bad_participant_count_and_creates_nothing(
        experimenter: Client, count: int, message: str) -> None:
    response = experimenter.post(CREATE_URL, {"session_type": "trust", "num_participants": count})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Session.objects.exists() and not Participant.objects.exists()


def test_admin_refuses_an_unknown_session_type(experimenter: Client) -> None:
    response = experimenter.post(CREATE_URL, {"session_type": "nope", "num_participants": 2})
    assert "Select a valid choice" in response.content.decode()
    assert not Session.objects.exists()


def test_admin_is_for_staff_only(db: None) -> None:
    response = Client().get(CREATE_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_deleting_a_session_removes_its_experiment_rows(experimenter: Client) -> None:
    session = make_session("trust", 2)
    visit(participants_of(session)[0])
    assert TrustPlayer.objects.filter(session_id=session.pk).count() == 2
    response = experimenter.post(f"/admin/sessions_core/session/{session.pk}/delete/",
                                 {"post": "yes"})
    assert response.status_code == 302
    assert not Session.objects.exists()
    assert not TrustPlayer.objects.filter(session_id=session.pk).exists()
    assert not Participant.objects.exists()

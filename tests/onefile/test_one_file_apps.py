"""Apps in oTree 5's one-file format (sessions_core/experimenter/app_formats.py): found, installed
under their folder's name, and played by their bots and by participants' requests."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from participants.models import Participant
from sessions_core.engine.bot_runner import play_session, run_bots
from sessions_core.experimenter.registry import experiment_app
from sessions_core.models import Session
from tests.apps import onefile_rounds
from tests.conftest import make_session, page_name, participants_of, player_of, post, url_of, visit


def test_a_folder_with_init_and_no_models_is_an_app_of_the_one_file_format() -> None:
    app = experiment_app("onefile_rounds")
    assert app.one_file
    assert app.models is onefile_rounds
    assert app.Constants is onefile_rounds.C
    assert (app.num_rounds, app.players_per_group, app.name_in_url) == (2, 2, "onefile_rounds")
    assert app.page_sequence == [onefile_rounds.Send, onefile_rounds.ResultsWaitPage,
                                 onefile_rounds.Results]
    # Its models are Django models of the app named after the folder.
    assert onefile_rounds.Player._meta.app_label == "onefile_rounds"
    assert onefile_rounds.Player._meta.db_table == "onefile_rounds_player"
    assert "tests.apps.onefile_rounds" in settings.TEST_APPS
    # An oTree 3 app keeps its format.
    assert not experiment_app("flowcheck").one_file


@pytest.mark.django_db
def test_its_bots_play_two_rounds_of_pairs() -> None:
    results = run_bots("onefile_rounds", 4)
    assert [r.ok for r in results] == [True], results[0].error
    session = Session.objects.get(name=results[0].session_name)
    assert all(p.status == Participant.Status.FINISHED for p in participants_of(session))
    subsessions = onefile_rounds.Subsession.objects.filter(session=session)
    assert [s.setup_runs for s in subsessions.order_by("round_number")] == [1, 1]
    groups = onefile_rounds.Group.objects.filter(session=session)
    assert sorted((g.round_number, g.sent, g.payoff_runs) for g in groups) == [
        (1, 1, 1), (1, 1, 1), (2, 2, 1), (2, 2, 1)]
    for player in onefile_rounds.Player.objects.filter(session=session):
        expected = {"Sender": 10 - player.round_number, "Receiver": 3 * player.round_number}
        assert player.payoff == expected[player.role]


@pytest.mark.django_db
def test_partners_and_roles_stay_from_round_one() -> None:
    session = make_session("onefile_rounds", 4)
    assert play_session(session, 0).ok
    for participant in participants_of(session):
        first, second = player_of(participant, 1), player_of(participant, 2)
        assert first.role == second.role
        assert first.role == ("Sender" if first.id_in_group == 1 else "Receiver")
        assert first.role() == first.role  # oTree 3's call form gives the same
        assert first.partner_code == second.partner_code


@pytest.mark.django_db
def test_participants_play_it_by_requests(client: Client) -> None:
    session = make_session("onefile_rounds", 2)
    pages = {p.pk: page_name(visit(p)) for p in participants_of(session)}
    sender, receiver = sorted(participants_of(session),
                              key=lambda p: player_of(p).id_in_group)
    # Send is the sender's only
    assert (pages[sender.pk], pages[receiver.pk]) == ("Send", "ResultsWaitPage")
    html = client.get(url_of(sender)).content.decode()
    assert '<p id="role">You are the Sender.</p>' in html
    assert post(sender, {"sent": 11}).form.errors == {
        "sent": ["Ensure this value is less than or equal to 10."]}
    assert page_name(post(sender, {"sent": 4})) == "Results"
    html = client.get(url_of(receiver)).content.decode()
    assert '<p id="result">Receiver 12 points of 10 points; partner 1; total 12 points</p>' in html

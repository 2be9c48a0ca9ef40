"""Page hooks: is_displayed, vars_for_template, before_next_page, form_model='group',
app_after_this_page and timeouts."""
from __future__ import annotations

import pytest
from django.test import Client

from participants.models import Participant
from sessions_core.engine.bot_runner import play_session
from sessions_core.models import Session
from tests.apps.flowcheck import models as flowcheck
from tests.apps.flowskip import models as flowskip
from tests.conftest import (
    fresh,
    make_session,
    page_name,
    participants_of,
    player_of,
    post,
    timeout,
    url_of,
    visit,
)


@pytest.fixture
def pair(db: None) -> list[Participant]:
    return participants_of(make_session("flowcheck", 2))


@pytest.fixture
def played(db: None) -> Session:
    """A flowcheck session of four played to the end by its bots (odd participants time out)."""
    session = make_session("flowcheck", 4)
    result = play_session(session, 0)
    assert result.ok, result.error
    return session


def test_vars_for_template_reach_the_page(pair: list[Participant], client: Client) -> None:
    html = client.get(url_of(pair[1])).content.decode()
    assert '<p id="greeting">Hello participant 2</p>' in html


def test_a_page_not_displayed_is_skipped(pair: list[Participant]) -> None:
    leader, follower = pair
    visit(leader)
    visit(follower)
    assert page_name(post(leader, {})) == "Decide"
    assert page_name(post(follower, {})) == "PageHookWait"  # Decide is for the leader only


def test_before_next_page_runs_after_a_valid_submission(pair: list[Participant]) -> None:
    leader, follower = pair
    visit(leader)
    assert "intro_seen" not in fresh(leader).vars
    post(leader, {})
    assert fresh(leader).vars["intro_seen"] is True
    assert fresh(follower).vars == {"partner_saw_intro": 1}  # a hook wrote another's vars
    assert Session.objects.get(pk=leader.session_id).vars["intro_by"] == [1]


def test_form_model_group_stores_on_the_group(pair: list[Participant]) -> None:
    leader, _follower = pair
    visit(leader)
    post(leader, {})
    assert post(leader, {"choice": 10}).form.errors == {
        "choice": ["Ensure this value is less than or equal to 9."]}
    post(leader, {"choice": 4})
    assert player_of(leader).group.choice == 4


def test_page_shown_only_in_round_one_is_skipped_in_round_two(played: Session) -> None:
    assert sorted(Session.objects.get(pk=played.pk).vars["intro_by"]) == [1, 2, 3, 4]


def test_app_after_this_page_skips_to_the_named_app(played: Session) -> None:
    visited = {p.id_in_session: p.vars.get("visited_flowskip", False)
               for p in participants_of(played)}
    assert visited == {1: False, 2: True, 3: False, 4: True}
    assert all(p.status == Participant.Status.FINISHED for p in participants_of(played))
    assert flowskip.Player.objects.filter(session=played).count() == 4  # rows exist for all


def test_timeout_stores_timeout_submission_and_sets_timeout_happened(played: Session) -> None:
    answers = {(p.participant_id, p.round_number): (p.answer, p.timed_out)
               for p in flowcheck.Player.objects.filter(session=played)}
    for participant in participants_of(played):
        expected = (42, True) if participant.id_in_session % 2 else (7, False)
        assert answers[(participant.pk, 1)] == answers[(participant.pk, 2)] == expected


def test_a_timeout_skips_validation(db: None) -> None:
    participant = participants_of(make_session("questionnaire", 1))[0]
    visit(participant)
    outcome = timeout(participant)
    assert page_name(outcome) == "CognitiveReflection"
    player = player_of(participant)
    # Each field gets oTree's neutral value for its type, valid or not (age has a minimum).
    assert (player.age, player.gender, player.education_years) == (0, "", 0)


def test_hooks_ran_once_per_group_and_round(played: Session) -> None:
    groups = flowcheck.Group.objects.filter(session=played)
    assert sorted((g.round_number, g.choice, g.page_hook_runs, g.group_hook_runs)
                  for g in groups) == [(1, 1, 1, 1), (1, 1, 1, 1), (2, 2, 1, 1), (2, 2, 1, 1)]
    subsessions = flowcheck.Subsession.objects.filter(session=played)
    assert [s.all_groups_hook_runs for s in subsessions.order_by("round_number")] == [1, 1]

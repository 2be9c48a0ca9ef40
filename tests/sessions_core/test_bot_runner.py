"""The bot runner: a misbehaving bot fails its case with a message that says where and why."""
from __future__ import annotations

import re

import pytest

from participants.models import Participant
from sessions_core.engine.bot_runner import CaseResult, run_bots
from sessions_core.models import Session
from tests.apps.botcases import models as botcases
from tests.apps.botcheck import models as botcheck

WHERE = r"app botcheck, round 1, participant [a-z0-9]{8}: "


def only_result(mode: str) -> CaseResult:
    results = run_bots(f"botcheck_{mode}", 1)
    assert len(results) == 1
    return results[0]


def failure(mode: str) -> str:
    result = only_result(mode)
    assert not result.ok
    return result.error or ""


@pytest.mark.django_db
def test_a_correct_bot_passes_and_stores_its_answers() -> None:
    result = only_result("ok")
    assert result.ok, result.error
    assert result.submissions == 3  # one rejected, two accepted
    session = Session.objects.get(name=result.session_name)
    assert botcheck.Player.objects.get(session=session).value == 5


@pytest.mark.django_db
def test_yielding_the_wrong_page_names_both_pages() -> None:
    assert re.fullmatch(WHERE + "the bot yielded page Second, but the participant is on page "
                        "First", failure("wrong_page"))


@pytest.mark.django_db
def test_submission_must_fail_that_is_accepted_fails() -> None:
    assert re.fullmatch(WHERE + r"SubmissionMustFail: page First accepted \{'value': 5\}",
                        failure("must_fail_accepted"))


@pytest.mark.django_db
def test_a_rejected_submission_fails_with_the_form_errors() -> None:
    assert re.fullmatch(WHERE + r"page First rejected \{'value': 11\}: value: Ensure this value "
                        r"is less than or equal to 10\.", failure("rejected"))


@pytest.mark.django_db
def test_submitting_a_field_that_is_not_an_input_fails() -> None:
    assert re.fullmatch(WHERE + r"page First has no form input named bogus \(check_html=False "
                        r"to submit anyway\)", failure("not_an_input"))


@pytest.mark.django_db
def test_check_html_false_submits_a_field_that_is_not_an_input() -> None:
    result = only_result("not_an_input_unchecked")
    assert result.ok, result.error


@pytest.mark.django_db
def test_a_page_without_next_button_fails_check_html() -> None:
    assert re.fullmatch(WHERE + "page First has no next button", failure("no_next_button"))


@pytest.mark.django_db
def test_a_bot_that_stops_yielding_early_is_finished_and_its_participant_stays_there() -> None:
    # oTree 3's rule: many bots skip a last results page.
    result = only_result("too_few_pages")
    assert result.ok, result.error
    assert result.submissions == 2  # the rejected and the accepted First
    participant = Participant.objects.get(session__name=result.session_name)
    assert (participant.status, participant.page_index) == (Participant.Status.PLAYING, 1)


def botstop(mode: str) -> CaseResult:
    results = run_bots(f"botstop_{mode}", 4)
    assert len(results) == 1
    return results[0]


def positions(result: CaseResult) -> list[tuple[str, int, int]]:
    return [(p.status, p.round_number, p.page_index) for p in
            Participant.objects.filter(session__name=result.session_name).order_by("id_in_session")]


@pytest.mark.django_db
def test_bots_that_skip_the_last_results_page_pass_in_groups() -> None:
    result = botstop("skip_last_results")
    assert result.ok, result.error
    assert positions(result) == [("playing", 2, 3)] * 4  # all on Results of round 2


@pytest.mark.django_db
def test_bots_that_stop_in_an_early_round_pass_when_nobody_waits_for_them() -> None:
    result = botstop("stop_in_round_1")
    assert result.ok, result.error
    assert positions(result) == [("playing", 1, 3)] * 4  # all on Results of round 1


@pytest.mark.django_db
def test_waiting_forever_for_a_stopped_bot_names_the_wait_pages_and_whom_they_wait_for() -> None:
    result = botstop("one_stops_before_wait")
    names = [p.name for p in Participant.objects.filter(
        session__name=result.session_name).order_by("id_in_session")]
    stopped = f"participant {names[3]}, whose bot stopped on page Decide (app botstop, round 1)"
    assert result.error == (
        "no bot can move: "
        f"wait page AllSync (app botstop, round 1) waits for participant {names[2]}, on wait page "
        f"Sync (app botstop, round 1, group 2); {stopped} (waiting there: {names[0]}, {names[1]})\n"
        f"wait page Sync (app botstop, round 1, group 2) waits for {stopped} "
        f"(waiting there: {names[2]})")


@pytest.mark.django_db
def test_a_bot_that_yields_past_the_end_fails() -> None:
    assert re.fullmatch(WHERE + "the bot yielded page Second, but the participant has moved on "
                        "to the end of the session", failure("too_many_pages"))


@pytest.mark.django_db
def test_a_failed_expect_says_where_it_failed() -> None:
    assert re.fullmatch(WHERE + "on page Second: expected 5 > 5", failure("expect_fails"))


@pytest.mark.django_db
def test_a_failed_expect_after_the_last_page_says_where_it_failed() -> None:
    assert re.fullmatch(WHERE + r"expected 5 in \[1, 2\]", failure("expect_fails_at_end"))


@pytest.mark.django_db
def test_cases_play_the_session_once_per_case_with_every_bot_on_it() -> None:
    results = run_bots("botcases", 3)
    assert [r.case_index for r in results] == [0, 1, 2]
    assert all(r.ok for r in results), [r.error for r in results]
    assert len({r.session_name for r in results}) == 3
    recorded = []
    for result in results:
        players = botcases.Player.objects.filter(session__name=result.session_name)
        recorded.append(sorted({p.case_name for p in players}))
        assert players.count() == 6  # three bots, two rounds each
    assert recorded == [["calm"], ["bold"], ["shy"]]


@pytest.mark.django_db
def test_bots_wait_at_wait_pages_and_see_the_state_after_them() -> None:
    # flowcheck's bot checks hook results right after yielding the page before the wait pages.
    results = run_bots("flowcheck", 4)
    assert [r.ok for r in results] == [True], [r.error for r in results]


@pytest.mark.django_db
def test_passing_wait_pages_without_submitting_counts_as_progress() -> None:
    # In one turn each bot passes an opened wait page and stops at the next one: no bot
    # submits anything, yet the play moves on.
    assert [r.error for r in run_bots("waitchain", 2)] == [None]

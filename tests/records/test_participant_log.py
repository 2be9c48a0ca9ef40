"""participant.log(name, data): one call from app code stores a record with where the
participant was, in the request's transaction; bad names and non-JSON data are refused at the
call."""
from __future__ import annotations

from decimal import Decimal

import pytest

from participants.models import ParticipantLog
from sessions_core.engine.visit import participant_visit
from sessions_core.lifecycle.services import session_delete
from tests.conftest import fresh, make_session, participants_of, post, visit

pytestmark = pytest.mark.django_db


def _logs(**filters: object) -> list[ParticipantLog]:
    return list(ParticipantLog.objects.filter(**filters).order_by("id"))


def test_a_page_method_logs_with_app_round_and_page() -> None:
    session = make_session("logcheck", 2)
    first, _ = participants_of(session)
    visit(first)
    post(first, {"answer": 42})
    [record] = _logs(name="answer")
    assert record.participant_id == first.pk and record.session_id == session.pk
    assert record.data == {"value": 42, "list": [1, "two"]}
    assert (record.app_label, record.round_number, record.page_name) == ("logcheck", 1, "Answer")
    assert record.created_at is not None


def test_a_group_hook_logs_for_every_member_of_the_group() -> None:
    session = make_session("logcheck", 2)
    first, second = participants_of(session)
    for participant in (first, second):
        visit(participant)
        post(participant, {"answer": 1})
    done = _logs(name="group_done")
    assert sorted(r.participant_id for r in done) == sorted([first.pk, second.pk])
    assert all(r.data == {"round": 1, "by_group": 1} for r in done)
    assert {r.page_name for r in done} <= {"Together", "Answer"}


def test_a_request_that_fails_after_logging_logs_nothing() -> None:
    session = make_session("logcheck", 2)
    first, _ = participants_of(session)
    visit(first)
    with pytest.raises(RuntimeError, match="unlucky"):
        post(first, {"answer": 13})
    assert _logs() == []
    assert fresh(first).page_index == 0  # still on Answer: nothing of the request was kept


def test_a_page_view_that_logs_logs_once_per_view() -> None:
    """A plain view is first tried without a transaction; the log's INSERT is refused there
    before it is sent and the view runs again under the lock: one record per view."""
    session = make_session("logcheck", 2)
    first, _ = participants_of(session)
    visit(first)
    stored = fresh(first)
    stored.vars["log_views"] = True
    stored.save(update_fields=["vars"])
    for _ in range(2):
        shown = participant_visit(pk=first.pk, render=True)
        assert "answer" in shown.html
    assert len(_logs(name="viewed")) == 2


@pytest.mark.parametrize("name, message", [
    ("", "must not be empty"),
    ("   ", "must not be empty"),
    ("x" * 101, "at most 100"),
    ("two\nlines", "one line"),
    (7, "must be text"),
])
def test_a_bad_name_is_refused_at_the_call(name: object, message: str) -> None:
    participant = participants_of(make_session("logcheck", 2))[0]
    with pytest.raises(ValueError, match=message):
        participant.log(name, {"a": 1})  # type: ignore[arg-type]
    assert _logs() == []


@pytest.mark.parametrize("data", [Decimal("1.5"), {"when": object()}, {1: "a", (2, 3): "b"},
                                  float("nan"), {"s": {1, 2}}])
def test_data_that_is_not_json_is_refused_at_the_call(data: object) -> None:
    participant = participants_of(make_session("logcheck", 2))[0]
    with pytest.raises(TypeError, match="must be JSON"):
        participant.log("trial", data)
    assert _logs() == []


def test_json_values_of_every_kind_are_stored_as_given() -> None:
    participant = participants_of(make_session("logcheck", 2))[0]
    for value in (None, True, 3, 2.5, "text", [1, [2]], {"nested": {"k": [None]}}):
        participant.log("value", value)
    assert [r.data for r in _logs()] == [None, True, 3, 2.5, "text", [1, [2]],
                                         {"nested": {"k": [None]}}]
    # Not started yet: no position.
    assert {(r.app_label, r.round_number, r.page_name) for r in _logs()} == {("", None, "")}


def test_deleting_the_session_deletes_its_records() -> None:
    session = make_session("logcheck", 2)
    participants_of(session)[0].log("x", 1)
    session_delete(session=session)
    assert _logs() == []

"""The live monitor: one row per participant with label, position by name, status, time on the
page, online or offline, last seen and payoff; a summary per position; a JSON view that the page
polls, answering a cursor with only the rows changed since (its cost does not grow with the
session), and that says so when presence cannot be read."""
from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import make_session, participants_of, post, visit
from tests.participants.test_participant_socket import socket_of
from tests.permissions import admin_client, staff_with
from tests.unreachable import redis_down

__all__ = ["redis_down"]  # a fixture used below

ADMIN = "/admin/sessions_core/session/"


@pytest.fixture
def manager(db: None) -> Client:
    return admin_client(staff_with("sessions_core.view_session"))


def rows(manager: Client, session: Session, since: float | None = None) -> dict[str, Any]:
    query = "" if since is None else f"?since={since}"
    response = manager.get(f"{ADMIN}{session.pk}/monitor/rows/{query}")
    assert response.status_code == 200
    return dict(response.json())


def by_id(answer: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in answer["rows"]}


@pytest.mark.django_db
def test_the_page_shows_each_participant_where_they_are_by_name(manager: Client) -> None:
    session = make_session("trust", 4)
    first, second, third, _ = participants_of(session)
    Participant.objects.filter(pk=first.pk).update(label="cubicle-07")
    visit(first)
    visit(second)  # the trustee waits for the trustor
    post(first, {"sent_amount": 30})
    visit(third)
    page = manager.get(f"{ADMIN}{session.pk}/monitor/").content.decode()
    assert page.count("<tr data-id=") == 4
    assert "cubicle-07" in page
    assert "trust, round 1, ResultsWaitPage<" in page  # the trustor, waiting for the trustee
    assert "trust, round 1, SendBackWaitPage<" in page  # the trustee, until their page moves on
    assert "trust, round 1, Send<" in page  # the third participant
    assert "not started" in page
    assert 'id="monitor-controls"' in page  # room for the advance and pause controls
    assert "quorum/monitor.js" in page


@pytest.mark.django_db
def test_the_summary_counts_participants_on_each_page(manager: Client) -> None:
    session = make_session("trust", 4)
    for participant in participants_of(session)[:3]:
        visit(participant)
    page = manager.get(f"{ADMIN}{session.pk}/monitor/").content.decode()
    summary = page.split('id="monitor-summary"')[1].split("</ul>")[0]
    assert "<strong>2</strong> trust, round 1, Send<" in summary
    assert "<strong>1</strong> trust, round 1, SendBackWaitPage<" in summary
    assert "<strong>1</strong> not started<" in summary


@pytest.mark.django_db
def test_the_rows_json_has_names_statuses_times_and_payoffs(manager: Client) -> None:
    session = make_session("trust", 2)
    first, second = participants_of(session)
    visit(first)
    answer = rows(manager, session)
    assert answer["full"] is True and answer["cursor"] < answer["now"]
    mine = by_id(answer)[first.pk]
    assert (mine["n"], mine["status"], mine["position"]) == (1, "playing", "trust, round 1, Send")
    assert mine["entered"] is not None and mine["entered"] <= answer["now"]
    assert mine["payoff"] == "0 points" and mine["url"] == f"/p/{session.name}/{first.name}/"
    assert by_id(answer)[second.pk]["position"] == "not started"


@pytest.mark.django_db
def test_a_poll_with_the_cursor_gets_only_the_rows_that_changed(manager: Client) -> None:
    session = make_session("trust", 4)
    first, second, third, fourth = participants_of(session)
    for participant in (first, second, third):
        visit(participant)
    cursor = rows(manager, session)["cursor"]
    # Nothing moved: a row may come back only from the overlap before the cursor.
    Participant.objects.filter(session=session).update(
        page_entered_at=None, started_at=None)  # as if every move was long ago
    assert rows(manager, session, since=cursor)["rows"] == []
    post(first, {"sent_amount": 30})  # the trustor moves on to the results' wait page
    visit(second)  # the trustee's page moves on past its wait page
    changed = by_id(rows(manager, session, since=cursor))
    assert set(changed) == {first.pk, second.pk}
    assert changed[second.pk]["position"] == "trust, round 1, SendBack"
    assert third.pk not in changed and fourth.pk not in changed


@pytest.mark.django_db
def test_a_changed_row_carries_its_payoff(manager: Client) -> None:
    session = make_session("trust", 2)
    first, second = participants_of(session)
    visit(first)
    visit(second)
    post(first, {"sent_amount": 30})
    visit(second)
    cursor = rows(manager, session)["cursor"]
    post(second, {"sent_back_amount": 40})  # the payoffs are set when both reach the results
    changed = by_id(rows(manager, session, since=cursor))
    assert changed[second.pk]["payoff"] == "50 points"  # 3 x 30 - 40
    assert changed[second.pk]["payoff_value"] == 50


@pytest.mark.django_db
def test_a_delta_poll_costs_the_same_queries_for_a_small_and_a_large_session(
        manager: Client) -> None:
    counts = []
    for size in (2, 40):
        session = make_session("trust", size)
        cursor = rows(manager, session)["cursor"]
        visit(participants_of(session)[0])
        with CaptureQueriesContext(connection) as queries:
            answer = rows(manager, session, since=cursor)
        assert len(answer["rows"]) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
@pytest.mark.parametrize("since", ["soon", "nan", "inf", "-5", "1e300"])
def test_a_bad_cursor_is_refused_with_a_reason(manager: Client, since: str) -> None:
    session = make_session("trust", 2)
    response = manager.get(f"{ADMIN}{session.pk}/monitor/rows/?since={since}")
    assert response.status_code == 400
    assert response.json() == {"detail": "since must be the cursor of an earlier answer"}


@pytest.mark.django_db(transaction=True)
def test_online_and_last_seen_follow_the_participants_page(manager: Client) -> None:
    session = make_session("trust", 2)
    first, second = participants_of(session)
    visit(first)
    poll = sync_to_async(rows)

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], str]:
        socket = socket_of(first)
        socket.scope["query_string"] = b"on=page"
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        answer = await poll(manager, session)
        page = (await sync_to_async(manager.get)(f"{ADMIN}{session.pk}/monitor/")).content
        await socket.disconnect()
        return answer, await poll(manager, session, since=answer["cursor"]), page.decode()

    answer, later, page = async_to_sync(scenario)()
    assert answer["presence"]["available"] is True
    assert answer["presence"]["online"] == [first.pk]
    mine = page.split(f'<tr data-id="{first.pk}">')[1].split("</tr>")[0]
    assert "monitor-online" in mine and ">now<" in mine
    other = page.split(f'<tr data-id="{second.pk}">')[1].split("</tr>")[0]
    assert "monitor-offline" in other and ">never<" in other
    assert later["presence"]["online"] == []
    assert list(later["presence"]["last_seen"]) == [str(first.pk)]


@pytest.mark.django_db(transaction=True)
def test_the_monitor_says_when_presence_cannot_be_read(redis_down: str, manager: Client) -> None:
    session = make_session("trust", 2)
    answer = rows(manager, session)
    assert answer["presence"]["available"] is False
    assert "Redis cannot be reached" in answer["presence"]["detail"]
    assert len(answer["rows"]) == 2
    page = manager.get(f"{ADMIN}{session.pk}/monitor/")
    assert page.status_code == 200 and "presence is unavailable" in page.content.decode()

"""A page view runs without a transaction or a lock, and one that writes after all is run locked.

The participant's GET is first answered in a read-only unit (engine/visit.py). Page code that
changes something during a view (vars_for_template setting vars or a field, or writing with the
ORM itself) must still have its change stored, exactly once, under the participant's lock.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from experiments.public_goods import pages
from experiments.public_goods.models import Player
from participants.models import Participant
from sessions_core.models import Session
from tests.conftest import make_session, participants_of, url_of


@pytest.fixture
def playing(db: None) -> Participant:
    """A public goods participant on Contribute (entered already)."""
    participant = participants_of(make_session("public_goods", 3))[0]
    Client().get(url_of(participant))
    return participant


def view(participant: Participant) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        html = Client().get(url_of(participant)).content.decode()
    # A statement refused before it was sent is logged too (on PostgreSQL without its text).
    return html, [q["sql"] or "" for q in queries]


def locked(sql: list[str]) -> bool:
    return any("FOR UPDATE" in q.upper() or q.startswith("SAVEPOINT") for q in sql)


def with_template_vars(monkeypatch: pytest.MonkeyPatch,
                       code: Callable[[pages.Contribute], dict[str, Any]]) -> None:
    monkeypatch.setattr(pages.Contribute, "vars_for_template", code)


def test_a_view_that_reads_vars_takes_no_lock(playing: Participant,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with_template_vars(monkeypatch, lambda page: {"multiplier": len(page.participant.vars)
                                                  + len(page.session.vars) + 2})
    html, sql = view(playing)
    assert "contribution" in html
    assert not locked(sql)


def test_vars_set_while_viewing_are_stored(playing: Participant,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def count_views(page: pages.Contribute) -> dict[str, Any]:
        page.participant.vars["views"] = page.participant.vars.get("views", 0) + 1
        return {"multiplier": 2}

    with_template_vars(monkeypatch, count_views)
    for _ in range(3):
        _, sql = view(playing)
        assert locked(sql)
    assert Participant.objects.get(pk=playing.pk).vars["views"] == 3


def test_a_field_set_while_viewing_is_stored(playing: Participant,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def preset(page: pages.Contribute) -> dict[str, Any]:
        page.player.contribution = 7
        return {"multiplier": 2}

    with_template_vars(monkeypatch, preset)
    _, sql = view(playing)
    assert locked(sql)
    assert Player.objects.get(participant_id=playing.pk, round_number=1).contribution == 7


def test_a_write_of_the_page_code_itself_runs_once_under_the_lock(
        playing: Participant, monkeypatch: pytest.MonkeyPatch) -> None:
    def count_views(page: pages.Contribute) -> dict[str, Any]:
        Session.objects.filter(pk=page.participant.session_id).update(
            num_participants=F("num_participants") + 1)
        return {"multiplier": 2}

    with_template_vars(monkeypatch, count_views)
    _, sql = view(playing)
    assert locked(sql)
    assert Session.objects.get(pk=playing.session_id).num_participants == 3 + 1


def test_a_lock_asked_for_while_viewing_is_taken(playing: Participant,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def lock_player(page: pages.Contribute) -> dict[str, Any]:
        list(Player.objects.select_for_update().filter(pk=page.player.pk))
        return {"multiplier": 2}

    with_template_vars(monkeypatch, lock_player)
    html, sql = view(playing)
    assert "contribution" in html
    # SQLite has no row locks (its write transactions take turns): a plain read is all it asks.
    assert locked(sql) == connection.features.has_select_for_update


def test_a_new_participants_first_view_starts_them(db: None) -> None:
    participant = participants_of(make_session("public_goods", 3))[0]
    html, sql = view(participant)
    assert "contribution" in html and locked(sql)
    assert Participant.objects.get(pk=participant.pk).status == Participant.Status.PLAYING

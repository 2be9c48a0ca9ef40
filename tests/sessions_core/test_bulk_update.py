"""sessions_core/db/bulk.py: many rows, each with its own values, in one UPDATE ... FROM (VALUES
on SQLite, arrays on PostgreSQL), and new rows inserted without a model instance each.

Run on SQLite (3.33+) and on PostgreSQL: every kind of field experiment rows and participants
hold (integers, currency, text, booleans, nulls, JSON, dates) comes back exactly as written."""
from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from participants.models import Participant
from sessions_core.db import bulk, idmap
from sessions_core.experimenter.currency import Currency
from sessions_core.lifecycle.services import session_initialize
from sessions_core.models import Session
from tests.apps.formcheck import models as formcheck
from tests.conftest import make_session, participants_of

pytestmark = pytest.mark.django_db


def updates(captured: CaptureQueriesContext) -> list[str]:
    return statements(captured, "UPDATE")


def statements(captured: CaptureQueriesContext, verb: str) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper()
            .startswith(verb)]


def assert_update_from(sql: str) -> None:
    """One join of the target with the rows: VALUES on SQLite, arrays on PostgreSQL."""
    upper = sql.upper()
    assert "CASE" not in upper and " FROM " in upper
    assert ("UNNEST(" if connection.vendor == "postgresql" else "(VALUES (") in upper


def formcheck_players(n: int = 4) -> list[formcheck.Player]:
    session = make_session("formcheck", n)
    session_initialize(session=session)
    return list(formcheck.Player.objects.filter(session=session, round_number=1).order_by("pk"))


def stored(model: Any, pks: list[int], fields: list[str]) -> dict[int, tuple[Any, ...]]:
    rows = model.objects.filter(pk__in=pks).values_list("pk", *fields)
    return {row[0]: tuple(row[1:]) for row in rows}


def test_the_statement_is_update_from_not_case() -> None:
    players = formcheck_players()
    for index, player in enumerate(players):
        player.number = index + 1
    with CaptureQueriesContext(connection) as captured:
        assert bulk.bulk_update(players, ["number"]) == len(players)
    [sql] = updates(captured)
    assert_update_from(sql)


def test_experiment_fields_round_trip_exactly() -> None:
    players = formcheck_players()
    values: list[dict[str, Any]] = [
        dict(number=7, flavour="vanilla", nickname="", essay="line one\nline two ✓ 'quoted' \"x\"",
             newsletter=True, price=Currency("12.345678"), likes_tea=False),
        dict(number=-2_147_483_648, flavour="chocolate", nickname="Zoë; DROP TABLE x; --",
             essay="a" * 10_000, newsletter=False, price=Currency("-0.000001"), likes_tea=True),
        dict(number=None, flavour=None, nickname=None, essay=None, newsletter=None, price=None,
             likes_tea=None),
        dict(number=2_147_483_647, flavour="%s %% ?", nickname="%(name)s", essay="",
             newsletter=None, price=Currency("123456789.123456"), likes_tea=True),
    ]
    for player, row in zip(players, values, strict=True):
        for name, value in row.items():
            setattr(player, name, value)
    fields = list(values[0])
    bulk.bulk_update(players, fields)
    rows = stored(formcheck.Player, [p.pk for p in players], fields)
    for player, row in zip(players, values, strict=True):
        assert rows[player.pk] == tuple(row.values())
    assert isinstance(rows[players[0].pk][fields.index("price")], Currency)


def test_participant_fields_round_trip_exactly() -> None:
    """Text, nullable text, JSON, dates with time zones, big and small integers."""
    participants = participants_of(make_session("trust", 4))
    when = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    values: list[dict[str, Any]] = [
        dict(label="lab-1", vars={"a": [1, 2.5, None, True], "ü": {"nested": "✓"}},
             started_at=when, payment=9_007_199_254_740_993, page_index=3, status="playing"),
        dict(label=None, vars={}, started_at=None, payment=None, page_index=0, status="new"),
        dict(label="x'y", vars={"big": 10**18, "text": "%s"}, started_at=when + timedelta(days=400),
             payment=-1, page_index=32767, status="finished"),
        dict(label="", vars=[1, "two"], started_at=when - timedelta(microseconds=1), payment=0,
             page_index=1, status="playing"),
    ]
    for participant, row in zip(participants, values, strict=True):
        for name, value in row.items():
            setattr(participant, name, value)
    fields = list(values[0])
    bulk.bulk_update(participants, fields)
    rows = stored(Participant, [p.pk for p in participants], fields)
    for participant, row in zip(participants, values, strict=True):
        assert rows[participant.pk] == tuple(row.values())


def test_foreign_keys_and_json_config_of_sessions() -> None:
    first, second = make_session("trust", 2), make_session("trust", 2)
    first.config = {**first.config, "note": "é", "rate": "0.01"}
    first.is_test = True
    second.config = {"only": None}
    second.is_test = False
    bulk.bulk_update([first, second], ["config", "is_test"])
    assert Session.objects.get(pk=first.pk).config == first.config
    assert Session.objects.get(pk=first.pk).is_test is True
    assert Session.objects.get(pk=second.pk).config == {"only": None}
    a, b = participants_of(first)
    a.session, b.session_id = second, second.pk  # the object, or the id
    a.id_in_session, b.id_in_session = 11, 12
    bulk.bulk_update([a, b], ["session", "id_in_session"])
    assert sorted(Participant.objects.filter(session=second).values_list("pk", "id_in_session")) \
        == sorted([*((p.pk, p.id_in_session) for p in participants_of(second)[:2]),
                   (a.pk, 11), (b.pk, 12)])


def test_other_rows_and_fields_are_untouched() -> None:
    players = formcheck_players(6)
    for player in players:
        player.number, player.flavour = 1, "vanilla"
    bulk.bulk_update(players[:3], ["number"])
    rows = stored(formcheck.Player, [p.pk for p in players], ["number", "flavour"])
    assert [rows[p.pk] for p in players] == [(1, None)] * 3 + [(None, None)] * 3


def test_a_large_update_is_split_into_batches() -> None:
    players = formcheck_players(25)
    for index, player in enumerate(players):
        player.number = 1000 + index
    with CaptureQueriesContext(connection) as captured:
        assert bulk.bulk_update(players, ["number"], batch_size=10) == 25
    assert len(updates(captured)) == 3
    assert stored(formcheck.Player, [p.pk for p in players], ["number"]) == {
        p.pk: (1000 + index,) for index, p in enumerate(players)}


def test_batches_respect_the_databases_parameter_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    players = formcheck_players(10)
    for player in players:
        player.number, player.bid = 5, 6
    monkeypatch.setattr(bulk, "max_params", lambda connection: 9)  # 3 rows of (pk, 2 fields)
    with CaptureQueriesContext(connection) as captured:
        bulk.bulk_update(players, ["number", "bid"])
    # PostgreSQL's arrays are one parameter per column, whatever the number of rows.
    assert len(updates(captured)) == (1 if connection.vendor == "postgresql" else 4)
    assert set(stored(formcheck.Player, [p.pk for p in players], ["number", "bid"]).values()) \
        == {(5, 6)}


def test_one_object_twice_is_written_once() -> None:
    [player, *_] = formcheck_players()
    player.number = 4
    with CaptureQueriesContext(connection) as captured:
        assert bulk.bulk_update([player, player], ["number"]) == 1
    assert len(updates(captured)) == 1


def test_expressions_go_through_djangos_bulk_update() -> None:
    players = formcheck_players()
    for player in players:
        player.number, player.bid = 3, F("number")
    bulk.bulk_update(players, ["number"])
    bulk.bulk_update(players, ["bid"])
    assert set(stored(formcheck.Player, [p.pk for p in players], ["bid"]).values()) == {(3,)}


def test_without_update_from_it_falls_back_to_case(monkeypatch: pytest.MonkeyPatch) -> None:
    players = formcheck_players()
    for player in players:
        player.price = Decimal("1.5")
    monkeypatch.setattr(bulk, "supports_update_from", lambda connection: False)
    with CaptureQueriesContext(connection) as captured:
        bulk.bulk_update(players, ["price"])
    [sql] = updates(captured)
    assert "CASE" in sql.upper()
    assert set(stored(formcheck.Player, [p.pk for p in players], ["price"]).values()) == \
        {(Currency("1.5"),)}


def test_update_from_is_used_where_the_database_has_it() -> None:
    if connection.vendor == "sqlite":
        assert bulk.supports_update_from(connection) is (sqlite3.sqlite_version_info >= (3, 33))
    else:
        assert bulk.supports_update_from(connection) is (connection.vendor == "postgresql")


def test_refusals_match_djangos() -> None:
    players = formcheck_players()
    with pytest.raises(ValueError, match="primary key"):
        bulk.bulk_update([formcheck.Player()], ["number"])
    with pytest.raises(ValueError, match="primary key"):
        bulk.bulk_update(players, ["id"])
    with pytest.raises(ValueError, match="field"):
        bulk.bulk_update(players, [])
    with pytest.raises(ValueError, match="one model"):
        bulk.bulk_update([players[0], participants_of(make_session("trust", 2))[0]], ["label"])
    assert bulk.bulk_update([], ["number"]) == 0


def test_the_unit_of_work_writes_many_rows_with_it() -> None:
    """Regrouping in creating_session reaches the flush with every player of a subsession."""
    players = formcheck_players(6)
    with CaptureQueriesContext(connection) as captured, idmap.unit_of_work() as unit:
        mapped = unit.adopt_all(formcheck.Player.objects.filter(pk__in=[p.pk for p in players]))
        for index, player in enumerate(mapped):
            player.number, player.payoff = index, Currency(10 + index)
    [sql] = updates(captured)
    assert_update_from(sql)
    assert stored(formcheck.Player, [p.pk for p in players], ["number", "payoff"]) == {
        p.pk: (index, Currency(10 + index)) for index, p in enumerate(mapped)}


def test_inserted_rows_take_the_given_values_and_every_other_fields_default() -> None:
    [player] = formcheck_players(1)
    columns = ["session", "participant", "subsession", "group", "round_number",
               "id_in_group", "id_in_subsession"]
    base = [player.session_id, player.participant_id, player.subsession_id, player.group_id]
    with CaptureQueriesContext(connection) as captured:
        inserted = bulk.bulk_insert(formcheck.Player, [*columns, "number", "essay"], [
            (*base, 2, None, 2, -5, "x'y %s"),
            (*base, 3, 7, 3, None, None),
        ], batch_size=1)
    assert inserted == 2
    assert len(statements(captured, "INSERT")) == 2
    rows = formcheck.Player.objects.filter(id_in_subsession__in=[2, 3]).order_by(
        "id_in_subsession").values_list("id_in_group", "number", "essay", "payoff", "flavour")
    assert list(rows) == [(None, -5, "x'y %s", Currency(0), None), (7, None, None, Currency(0),
                                                                      None)]


def test_inserting_needs_a_value_per_row_for_unique_fields() -> None:
    with pytest.raises(ValueError, match="unique"):
        bulk.bulk_insert(Session, ["session_type", "num_participants"], [("trust", 2)])

"""Every export of every bundled SessionType, played by its bots, says what the database holds:
each cell of each CSV and each value of the JSON is checked against the rows, column by column
(the expected values are computed here from the models, not by sessions_core/data)."""
from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from experiments.sessions import SESSION_TYPES
from participants.models import Participant
from sessions_core.data.exports import export_stream
from sessions_core.experimenter.declared import participant_fields, session_fields
from sessions_core.experimenter.registry import experiment_app, session_type
from sessions_core.models import BasePlayer, PageVisit, Session
from tests.data.conftest import cell, content, csv_rows, exported_csv, own_fields, play

BUNDLED = [st.name for st in SESSION_TYPES]


def players_of(session: Session, label: str) -> list[BasePlayer]:
    model = experiment_app(label).Player
    return list(model.objects.filter(session=session).select_related("group", "subsession")
                .order_by("round_number", "id_in_subsession"))


def app_values(prefix: str, player: BasePlayer) -> dict[str, str]:
    """The player, group and subsession cells of one app (and round) for a player."""
    values = {f"{prefix}player.id_in_group": cell(player.id_in_group),
              f"{prefix}player.role": cell(player.role()),
              f"{prefix}player.payoff": cell(player.payoff)}
    values |= {f"{prefix}player.{f.name}": cell(getattr(player, f.attname))
               for f in own_fields(type(player), "player")}
    group = player.group
    values[f"{prefix}group.id_in_subsession"] = cell(group.id_in_subsession)
    values |= {f"{prefix}group.{f.name}": cell(getattr(group, f.attname))
               for f in own_fields(type(group), "group")}
    subsession = player.subsession
    values[f"{prefix}subsession.round_number"] = cell(subsession.round_number)
    values |= {f"{prefix}subsession.{f.name}": cell(getattr(subsession, f.attname))
               for f in own_fields(type(subsession), "subsession")}
    return values


def position(participant: Participant, session: Session) -> tuple[str, str, str]:
    if participant.status != Participant.Status.PLAYING:
        return "", "", ""
    label = session.app_sequence[participant.app_index]
    page = experiment_app(label).page_sequence[participant.page_index].__name__
    return label, str(participant.round_number), page


def payment(units: int | None) -> str:
    if units is None:
        return ""
    return format(Decimal(units).scaleb(-settings.REAL_WORLD_CURRENCY_DECIMAL_PLACES), "f")


def participant_values(participant: Participant, session: Session,
                       payoffs: list[Any]) -> dict[str, str]:
    app, round_number, page = position(participant, session)
    return {
        "participant.id_in_session": str(participant.id_in_session),
        "participant.code": participant.name, "participant.label": cell(participant.label),
        "participant.status": participant.status, "participant.current_app": app,
        "participant.current_round": round_number, "participant.current_page": page,
        "participant.started_at": cell(participant.started_at),
        "participant.finished_at": cell(participant.finished_at),
        "participant.released": cell(participant.released_at is not None),
        "participant.released_at": cell(participant.released_at),
        "participant.dropped_out": cell(participant.dropped_out_at is not None),
        "participant.dropped_out_at": cell(participant.dropped_out_at),
        "participant.dropout_returned_at": cell(participant.dropout_returned_at),
        "participant.payoff": cell(sum((Decimal(p or 0) for p in payoffs), Decimal(0))),
        "participant.payment": payment(participant.payment),
        "participant.vars": cell(participant.vars),
        "participant.condition": cell(participant.condition),
        "participant.stratum": cell(participant.stratum),
        "participant.excluded": cell(participant.excluded_at is not None),
        "participant.excluded_at": cell(participant.excluded_at),
        "participant.excluded_reason": cell(participant.excluded_reason or None),
        **{f"participant.{key}": cell((participant.environment or {}).get(key))
           for key in ("platform", "device", "os", "browser", "screen_width", "screen_height",
                       "user_agent")},
        # PARTICIPANT_FIELDS the project declares: one column each, read from vars.
        **{f"participant.{name}": cell(participant.vars.get(name))
           for name in participant_fields()},
    }


def condition_values(participant: Participant, session: Session) -> dict[str, str]:
    """participant.condition.<variable>: one column per between-subjects variable."""
    variables = session_type(session.session_type).conditions or {}
    return {f"participant.condition.{name}": cell((participant.condition or {}).get(name))
            for name in variables}


def session_values(session: Session) -> dict[str, str]:
    return {"session.code": session.name, "session.session_type": session.session_type,
            "session.label": session.label, "session.is_test": cell(session.is_test),
            "session.created_at": cell(session.created_at),
            "session.finished_at": cell(session.finished_at),
            "session.config": cell(session.config), "session.vars": cell(session.vars),
            "session.condition": cell(session.condition),
            "session.excluded": cell(session.excluded_at is not None),
            "session.excluded_at": cell(session.excluded_at),
            "session.excluded_reason": cell(session.excluded_reason or None),
            **{f"session.{name}": cell(session.vars.get(name)) for name in session_fields()}}


def expected_wide(session: Session) -> list[dict[str, str]]:
    by_participant: dict[int, dict[str, str]] = {}
    payoffs: dict[int, list[Any]] = {}
    for label in session.app_sequence:
        for player in players_of(session, label):
            prefix = f"{label}.{player.round_number}."
            by_participant.setdefault(player.participant_id, {}).update(app_values(prefix, player))
            payoffs.setdefault(player.participant_id, []).append(player.payoff)
    return [{**participant_values(p, session, payoffs.get(p.pk, [])),
             **condition_values(p, session), **session_values(session),
             **by_participant.get(p.pk, {})}
            for p in session.participant_set.order_by("id_in_session")]


@pytest.mark.parametrize("session_type", BUNDLED)
def test_every_export_says_what_the_database_holds(db: None, session_type: str) -> None:
    # One play per SessionType (every bot case: one session each), every format checked on it.
    played = play(session_type)
    check_the_wide_csv_has_one_row_per_participant_with_every_column(played)
    check_the_wide_csv_of_every_session_of_a_type_holds_them_all(played)
    check_each_app_csv_has_one_row_per_player_and_round(played)
    check_the_page_times_csv_has_one_row_per_page_left(played)
    check_the_json_holds_the_same_values(played)
    check_the_zip_holds_every_export_and_the_data_dictionary(played)


def check_the_wide_csv_has_one_row_per_participant_with_every_column(played: list[Session]) -> None:
    for session in played:
        header, rows = exported_csv([session], "wide_csv")
        expected = expected_wide(session)
        assert rows == expected
        assert header == list(expected[0])  # no column more, none less, in this order


def check_the_wide_csv_of_every_session_of_a_type_holds_them_all(played: list[Session]) -> None:
    _, rows = exported_csv(played, "wide_csv")
    assert rows == [row for session in played for row in expected_wide(session)]


def check_each_app_csv_has_one_row_per_player_and_round(played: list[Session]) -> None:
    for label in played[0].app_sequence:
        _, rows = exported_csv(played, "app_csv", label)
        expected = [
            {"session.code": session.name,
             "participant.id_in_session": str(player.participant.id_in_session),
             "participant.code": player.participant.name,
             "participant.label": cell(player.participant.label),
             **app_values("", player)}
            for session in played for player in players_of(session, label)]
        assert rows == expected


def check_the_page_times_csv_has_one_row_per_page_left(played: list[Session]) -> None:
    _, rows = exported_csv(played, "page_times_csv")
    expected = []
    for session in played:
        for participant in session.participant_set.order_by("id_in_session"):
            for visit in PageVisit.objects.filter(participant_id=participant.pk).order_by(
                    "left_at", "id"):
                seconds = (visit.left_at - visit.entered_at).total_seconds()
                expected.append({
                    "session.code": session.name,
                    "participant.id_in_session": str(participant.id_in_session),
                    "participant.code": participant.name,
                    "participant.label": cell(participant.label), "app": visit.app_label,
                    "round_number": str(visit.round_number), "page_index": str(visit.page_index),
                    "page_name": visit.page_name, "entered_at": cell(visit.entered_at),
                    "left_at": cell(visit.left_at), "seconds_on_page": str(round(seconds, 3)),
                    "how": visit.how,
                    "timeout_happened": "1" if visit.how == PageVisit.How.TIMEOUT else "0"})
    assert expected and rows == expected


def as_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def check_the_json_holds_the_same_values(played: list[Session]) -> None:
    document = json.loads(content(export_stream(sessions=played, format="json")))
    assert [s["code"] for s in document["sessions"]] == [s.name for s in played]
    for session, exported in zip(played, document["sessions"], strict=True):
        assert exported["config"] == session.config and exported["vars"] == session.vars
        participants = list(session.participant_set.order_by("id_in_session"))
        assert [p["code"] for p in exported["participants"]] == [p.name for p in participants]
        for participant, data in zip(participants, exported["participants"], strict=True):
            assert data["vars"] == participant.vars and data["status"] == participant.status
            assert len(data["page_times"]) == PageVisit.objects.filter(
                participant_id=participant.pk).count()
            for label in session.app_sequence:
                rounds = data["apps"][label]
                for player in players_of(session, label):
                    if player.participant_id != participant.pk:
                        continue
                    entry = rounds[player.round_number - 1]
                    assert entry["round_number"] == player.round_number
                    assert entry["player"]["payoff"] == as_json(player.payoff)
                    for f in own_fields(type(player), "player"):
                        assert entry["player"][f.name] == as_json(getattr(player, f.attname))
                    for f in own_fields(type(player.group), "group"):
                        assert entry["group"][f.name] == as_json(getattr(player.group, f.attname))


def check_the_zip_holds_every_export_and_the_data_dictionary(played: list[Session]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(content(export_stream(sessions=played, format="zip"))))
    labels = played[0].app_sequence
    extra = [f"apps/{label}.{model.__name__}.csv" for label in labels
             for model in experiment_app(label).extra_models]  # ExtraModel tables
    assert archive.namelist() == ["all_apps_wide.csv", *(f"apps/{label}.csv" for label in labels),
                                  *extra, "page_times.csv", "chat.csv", "logs.csv", "data.json",
                                  "data_dictionary.csv", "README.txt"]
    assert archive.testzip() is None
    assert archive.read("all_apps_wide.csv") == content(
        export_stream(sessions=played, format="wide_csv"))
    for label in labels:
        assert archive.read(f"apps/{label}.csv") == content(
            export_stream(sessions=played, format="app_csv", app_label=label))
    assert archive.read("page_times.csv") == content(
        export_stream(sessions=played, format="page_times_csv"))
    assert archive.read("chat.csv") == content(export_stream(sessions=played, format="chat_csv"))
    assert archive.read("logs.csv") == content(export_stream(sessions=played, format="logs_csv"))
    assert archive.read("data.json") == content(export_stream(sessions=played, format="json"))
    # The data dictionary explains every column of every CSV in the archive, in order.
    _, dictionary = csv_rows(archive.read("data_dictionary.csv"))
    for name in archive.namelist():
        if name.endswith(".csv") and name != "data_dictionary.csv":
            header, _ = csv_rows(archive.read(name))
            assert [d["column"] for d in dictionary if d["file"] == name] == header

"""The columns of each CSV, made from the Fields (data/fields.py), with the JSON path of each.

A Column picks the object its Field reads from a row (the participant, the session, the player
of app X in round R, that player's group...) and names it as the CSV header does.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sessions_core.data.fields import (
    CHAT_FIELDS,
    LOG_FIELDS,
    PAGE_TIME_FIELDS,
    PARTICIPANT_FIELDS,
    SESSION_FIELDS,
    AppFields,
    ExtraTable,
    Field,
    ParticipantRow,
    Plan,
    participant_export_fields,
    session_export_fields,
)
from sessions_core.models import BasePlayer

SESSION_JSON = "sessions[]."
PARTICIPANT_JSON = "sessions[].participants[]."
CHAT_JSON = "sessions[].chat[]."
LOG_JSON = "sessions[].logs[]."

Pick = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    name: str
    field: Field
    json_path: str
    pick: Pick

    def value(self, row: Any) -> Any:
        target = self.pick(row)
        return None if target is None else self.field.read(target)


def _columns(prefix: str, fields: list[Field], pick: Pick, json_prefix: str) -> list[Column]:
    return [Column(prefix + f.key, f, json_prefix + f.key, pick) for f in fields]


def _of(pick: Pick, name: str) -> Pick:
    """The `name` attribute (group, subsession) of what pick finds, or None."""
    def picked(row: Any) -> Any:
        found = pick(row)
        return None if found is None else getattr(found, name)
    return picked


def _player_in(label: str, round_number: int) -> Callable[[ParticipantRow], BasePlayer | None]:
    return lambda row: row.players.get((label, round_number))


def _same(row: Any) -> Any:
    return row


def _keys(fields: list[Field], *keys: str) -> list[Field]:
    return [f for f in fields if f.key in keys]


def app_round_columns(app: AppFields, player: Pick, prefix: str, json_round: str) -> list[Column]:
    """Player, group and subsession columns of one app (and round, in the wide CSV)."""
    json_prefix = f"{PARTICIPANT_JSON}apps.{app.label}{json_round}."
    return [*_columns(f"{prefix}player.", app.player, player, json_prefix + "player."),
            *_columns(f"{prefix}group.", app.group, _of(player, "group"), json_prefix + "group."),
            *_columns(f"{prefix}subsession.", app.subsession, _of(player, "subsession"),
                      json_prefix + "subsession.")]


def wide_columns(plan: Plan) -> list[Column]:
    """One row per participant (rows: ParticipantRow): participant, session, then each app's
    player, group and subsession fields for every round, `<app>.<round>.player.<field>`."""
    columns = [*_columns("participant.", participant_export_fields(), _same, PARTICIPANT_JSON),
               *condition_columns(plan),
               *_columns("session.", session_export_fields(), attrgetter("session"),
                         SESSION_JSON)]
    for app in plan.apps:
        for round_number in app.rounds:
            columns += app_round_columns(app, _player_in(app.label, round_number),
                                         f"{app.label}.{round_number}.",
                                         f"[round_number={round_number}]")
    return columns


def condition_columns(plan: Plan) -> list[Column]:
    """participant.condition.<variable>: one column per between-subjects variable."""
    return [Column(f"participant.condition.{name}",
                   Field(name, "json", f"The value of the variable {name} in the participant's "
                         "condition (see participant.condition).", _variable_of(name)),
                   f"{PARTICIPANT_JSON}condition.{name}", _same)
            for name in plan.conditions]


def _variable_of(name: str) -> Callable[[ParticipantRow], Any]:
    condition = next(f for f in PARTICIPANT_FIELDS if f.key == "condition")
    return lambda row: (condition.read(row) or {}).get(name)


def _who() -> list[Column]:
    """Which session and participant a row of an app's table or of the page times belongs to
    (rows with an `owner`: ParticipantRow)."""
    owner = attrgetter("owner")
    return [*_columns("session.", _keys(SESSION_FIELDS, "code"), attrgetter("owner.session"),
                      SESSION_JSON),
            *_columns("participant.", _keys(PARTICIPANT_FIELDS, "id_in_session", "code", "label"),
                      owner, PARTICIPANT_JSON)]


def app_columns(app: AppFields) -> list[Column]:
    """One row per player and round of one app (rows: PlayerRow)."""
    return [*_who(), *app_round_columns(app, attrgetter("player"), "", "[]")]


def page_time_columns() -> list[Column]:
    """One row per page a participant left (rows: VisitRow)."""
    return [*_who(), *_columns("", PAGE_TIME_FIELDS, attrgetter("visit"),
                               f"{PARTICIPANT_JSON}page_times[].")]


def chat_columns() -> list[Column]:
    """One row per chat message, by session and time (rows: ChatRow); the participant is its
    sender."""
    return [*_columns("session.", _keys(SESSION_FIELDS, "code"), attrgetter("owner.session"),
                      SESSION_JSON),
            *_columns("participant.", _keys(PARTICIPANT_FIELDS, "id_in_session", "code", "label"),
                      attrgetter("owner"), f"{CHAT_JSON}participant."),
            *_columns("", CHAT_FIELDS, attrgetter("message"), CHAT_JSON)]


def log_columns() -> list[Column]:
    """One row per participant.log record, by session and time (rows: LogRow)."""
    return [*_columns("session.", _keys(SESSION_FIELDS, "code"), attrgetter("owner.session"),
                      SESSION_JSON),
            *_columns("participant.", _keys(PARTICIPANT_FIELDS, "id_in_session", "code", "label"),
                      attrgetter("owner"), f"{LOG_JSON}participant."),
            *_columns("", LOG_FIELDS, attrgetter("record"), LOG_JSON)]


def extra_json_path(table: ExtraTable) -> str:
    return f"{SESSION_JSON}extra_models.{table.app_label}.{table.name}[]."


def extra_columns(table: ExtraTable) -> list[Column]:
    """One row per row of an app's ExtraModel table (rows: ExtraRow), with its session."""
    return [*_columns("session.", _keys(SESSION_FIELDS, "code"), attrgetter("session"),
                      SESSION_JSON),
            *_columns("", table.fields, attrgetter("row"), extra_json_path(table))]

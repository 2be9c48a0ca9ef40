"""What an export holds: every value, its type, what it means, and how to read it.

A Field is one value of one kind of row (a participant, a session, a player, a group, a
subsession, a page visit). The CSV columns and the JSON keys are both made from the same Fields,
and the data dictionary is written from them too, so it explains every column by construction.
docs/data.md lists the built-in ones for people.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db import models

from participants.models import Participant
from sessions_core.conditions.models import ConditionAssignment, Unit
from sessions_core.experimenter.currency import Currency, money_from_minor_units
from sessions_core.experimenter.declared import participant_fields, session_fields
from sessions_core.experimenter.registry import (
    ExperimentApp,
    experiment_app,
    experiment_apps,
    session_type,
)
from sessions_core.models import BaseGroup, BasePlayer, BaseSubsession, PageVisit, Session


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # integer, float, decimal, currency, money, boolean, text, datetime, json
    description: str
    read: Callable[[Any], Any]
    label: str = ""
    choices: str = ""


@dataclass
class ParticipantRow:
    """A participant with what an export reads of them: their players (by app label and round)
    and their page visits, loaded a page of participants at a time (data/rows.py)."""

    participant: Participant
    session: Session
    players: dict[tuple[str, int], BasePlayer] = field(default_factory=dict)
    visits: list[Any] = field(default_factory=list)  # PageVisit values (data/rows.py)

    @property
    def payoff(self) -> Currency:
        """participant.payoff, from the players loaded (the sum over every app and round)."""
        return Currency(sum((Decimal(p.payoff or 0) for p in self.players.values()), Decimal(0)))


@dataclass(frozen=True)
class PlayerRow:
    """One row of an app's table: a player, with its participant."""

    player: BasePlayer
    owner: ParticipantRow


@dataclass(frozen=True)
class ChatRow:
    """One row of the chat: a message (its values), with its sender."""

    message: Any
    owner: ParticipantRow


@dataclass(frozen=True)
class LogRow:
    """One row of the logs: a participant.log record (its values), with its participant."""

    record: Any
    owner: ParticipantRow


@dataclass(frozen=True)
class VisitRow:
    """One row of the page times: a page visit (its values), with its participant."""

    visit: Any
    owner: ParticipantRow


# --- encoding -----------------------------------------------------------------------------

def csv_text(value: Any) -> str:
    """A value as a CSV cell: empty for not set, 1/0 for booleans, numbers without their unit,
    times in ISO 8601 (UTC), vars and config as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(Decimal(value), "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def json_value(value: Any) -> Any:
    """A value as JSON: numbers as numbers (a whole Decimal as an integer), times in ISO 8601."""
    if value is None or isinstance(value, (bool, int, float, str, dict, list)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


# --- participants and sessions ------------------------------------------------------------

def _current_app(row: ParticipantRow) -> str | None:
    p = row.participant
    if p.status != Participant.Status.PLAYING:
        return None
    labels = row.session.app_sequence
    return labels[p.app_index] if p.app_index < len(labels) else None


def _current_page(row: ParticipantRow) -> str | None:
    label = _current_app(row)
    if label is None or label not in experiment_apps():
        return None
    pages = experiment_app(label).page_sequence
    index = row.participant.page_index
    return pages[index].__name__ if index < len(pages) else None


def _payment(row: ParticipantRow) -> Decimal | None:
    units = row.participant.payment
    return None if units is None else money_from_minor_units(units)


def _applied_condition(row: ParticipantRow) -> dict[str, Any] | None:
    """The condition the participant was in: their own, their session's, or their group's
    (of the first app whose group got one), read as stored (nothing is assigned by an export)."""
    for unit in (row.participant, row.session):
        stored = unit.__dict__.get("condition")
        if stored is not None:
            return stored
    return _group_conditions(row.session).get(row.participant.pk)


def _group_conditions(session: Session) -> dict[int, dict[str, Any]]:
    """Each group member's condition in the session, read once per session of an export (kept
    on the Session object, which every row of that session shares)."""
    cached = session.__dict__.get("_export_group_conditions")
    if cached is None:
        cached = {}
        for members, condition in (ConditionAssignment.objects
                                   .filter(session_id=session.pk, unit=Unit.GROUP)
                                   .order_by("-id").values_list("members", "condition")):
            cached.update(dict.fromkeys(members, condition))  # the first app's, by overwriting
        session.__dict__["_export_group_conditions"] = cached
    return cached


def _of_participant(name: str) -> Callable[[ParticipantRow], Any]:
    return lambda row: getattr(row.participant, name)


def _environment(key: str) -> Callable[[ParticipantRow], Any]:
    """One value of Participant.environment, recorded at entry (participants/environment.py)."""
    return lambda row: (row.participant.environment or {}).get(key)


ENVIRONMENT_FIELDS = [
    Field("platform", "text", "The participant's platform at entry, read from their browser's "
          "User-Agent; empty for a participant who never entered through a link (bots, the "
          "API).", _environment("platform"), choices="desktop; mobile; tablet; unknown"),
    Field("device", "text", "The device at entry as the User-Agent names it (bot for a "
          "program's header; unknown when it names none).", _environment("device")),
    Field("os", "text", "The operating system at entry, from the User-Agent.",
          _environment("os")),
    Field("browser", "text", "The browser at entry, from the User-Agent.",
          _environment("browser")),
    Field("screen_width", "integer", "The screen's width in CSS pixels, as the participant's "
          "page reported it (the first report); empty until a page has.",
          _environment("screen_width")),
    Field("screen_height", "integer", "The screen's height in CSS pixels, as the "
          "participant's page reported it; empty until a page has.",
          _environment("screen_height")),
    Field("user_agent", "text", "The browser's User-Agent header at entry.",
          _environment("user_agent")),
]


def _exclusion_fields(unit: str, read: Callable[[Any], Any]) -> list[Field]:
    """excluded, excluded_at, excluded_reason of a participant or session (read: the row's
    unit): set by a lab manager's exclusion from condition balancing."""
    return [
        Field("excluded", "boolean", f"1 when a lab manager excluded the {unit} from condition "
              "balancing (admin action or API: it no longer counts for balancing; its data "
              "stays), else 0.", lambda source: read(source).excluded_at is not None),
        Field("excluded_at", "datetime", f"When the {unit} was excluded (UTC); empty if not.",
              lambda source: read(source).excluded_at),
        Field("excluded_reason", "text", f"The reason the lab manager gave for excluding the "
              f"{unit}; empty if not excluded.",
              lambda source: read(source).excluded_reason or None),
    ]


PARTICIPANT_FIELDS = [
    Field("id_in_session", "integer", "The participant's number in the session, from 1.",
          _of_participant("id_in_session")),
    Field("code", "text", "The participant's code: the random name in their link "
          "/p/<session code>/<participant code>/.", _of_participant("name")),
    Field("label", "text", "The participant's label: a lab's access code or an online panel's "
          "id (participant_label, PROLIFIC_PID); empty when none.", _of_participant("label")),
    Field("status", "text", "How far the participant is.", _of_participant("status"),
          choices="new = not started; playing; finished"),
    Field("current_app", "text", "The app the participant is in now; empty unless playing.",
          _current_app),
    Field("current_round", "integer", "The round the participant is in now; empty unless playing.",
          lambda row: row.participant.round_number if _current_app(row) else None),
    Field("current_page", "text", "The name of the page the participant is on now; empty unless "
          "playing.", _current_page),
    Field("started_at", "datetime", "When the participant first opened their link (UTC).",
          _of_participant("started_at")),
    Field("finished_at", "datetime", "When the participant finished the session (UTC).",
          _of_participant("finished_at")),
    Field("released", "boolean", "1 for a participant released by a lobby timeout: they waited "
          "at an arrival-time wait page longer than its lobby timeout without being grouped, "
          "finished the session there (current app, round and page stay empty; their page "
          "times end with how = released) and are paid the fixed pay only.",
          lambda row: row.participant.released_at is not None),
    Field("released_at", "datetime", "When the participant was released by a lobby timeout "
          "(UTC); empty for everyone else.", _of_participant("released_at")),
    Field("dropped_out", "boolean", "1 for a participant marked as dropped out: their pages "
          "were silent longer than the session's dropout_after_seconds. Stays 1 if they came "
          "back (see dropout_returned_at).", lambda row: row.participant.dropped_out_at is not None),
    Field("dropped_out_at", "datetime", "When the participant was marked as dropped out (UTC); "
          "empty for everyone else.", _of_participant("dropped_out_at")),
    Field("dropout_returned_at", "datetime", "When a page of a dropped-out participant "
          "connected again (UTC); empty if they never came back, or never dropped out.",
          _of_participant("dropout_returned_at")),
    Field("payoff", "currency", "The sum of the participant's player payoffs over every app and "
          "round (participant.payoff).", attrgetter("payoff")),
    Field("payment", "money", "What the participant is paid in real money: the session's fixed "
          "pay plus the payoff at real_world_currency_per_point. Empty until the payments are "
          "computed.", _payment),
    Field("vars", "json", "participant.vars: what the apps stored for the participant.",
          _of_participant("vars")),
    Field("condition", "json", "The between-subjects condition the participant was in "
          "({\"depth\": \"near\", ...}): their own (condition_unit participant), their "
          "session's (session) or their group's (group); empty when none was assigned. The "
          "wide CSV also has one column per variable, participant.condition.<variable>.",
          _applied_condition),
    Field("stratum", "text", "The stratum the participant's condition was balanced in (what "
          "the SessionType's condition_stratum returned); empty without one.",
          _of_participant("stratum")),
    *_exclusion_fields("participant", attrgetter("participant")),
    *ENVIRONMENT_FIELDS,
]

SESSION_FIELDS = [
    Field("code", "text", "The session's code: the random name in its links.", attrgetter("name")),
    Field("session_type", "text", "The SessionType the session was made from "
          "(experiments/sessions.py).", attrgetter("session_type")),
    Field("label", "text", "The label the lab manager gave the session.", attrgetter("label")),
    Field("is_test", "boolean", "1 for a test session (made by bots, the demo page, or marked as "
          "a test).", attrgetter("is_test")),
    Field("created_at", "datetime", "When the session was created (UTC).",
          attrgetter("created_at")),
    Field("finished_at", "datetime", "When the last participant finished (UTC).",
          attrgetter("finished_at")),
    Field("config", "json", "The session's configuration: the SessionType's values with the "
          "overrides it was created with.", attrgetter("config")),
    Field("vars", "json", "session.vars: what the apps stored for the session.",
          attrgetter("vars")),
    Field("condition", "json", "The session's between-subjects condition (condition_unit "
          "session); empty otherwise.", lambda session: session.__dict__.get("condition")),
    *_exclusion_fields("session", lambda session: session),
]


# --- declared fields: PARTICIPANT_FIELDS and SESSION_FIELDS of the project ----------------

def _declared_value(name: str, pick: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A declared field's value (kept in vars under its name); None when it was never set."""
    def read(source: Any) -> Any:
        values = pick(source).vars
        return values.get(name) if isinstance(values, dict) else None
    return read


def participant_export_fields() -> list[Field]:
    """PARTICIPANT_FIELDS above, then one per name the project declares in its own
    PARTICIPANT_FIELDS (experimenter/declared.py)."""
    return PARTICIPANT_FIELDS + [
        Field(name, "json", f"participant.{name}, declared in PARTICIPANT_FIELDS; empty when "
              "it was never set (also in participant.vars).",
              _declared_value(name, attrgetter("participant")))
        for name in participant_fields()]


def session_export_fields() -> list[Field]:
    """SESSION_FIELDS above, then one per name the project declares in SESSION_FIELDS."""
    return SESSION_FIELDS + [
        Field(name, "json", f"session.{name}, declared in SESSION_FIELDS; empty when it was "
              "never set (also in session.vars).", _declared_value(name, _same))
        for name in session_fields()]


def _same(source: Any) -> Any:
    return source


# --- apps: player, group and subsession fields --------------------------------------------

_KINDS = {"integer": "integer", "float": "float", "boolean": "boolean", "string": "text",
          "longstring": "text", "currency": "currency"}
_DJANGO_KINDS = [(models.BooleanField, "boolean"), (models.DecimalField, "decimal"),
                 (models.FloatField, "float"), (models.IntegerField, "integer"),
                 (models.DateTimeField, "datetime"), (models.JSONField, "json"),
                 (models.CharField, "text"), (models.TextField, "text")]


def _kind(model_field: models.Field) -> str:
    form_kind = getattr(model_field, "form_kind", None)
    if form_kind in _KINDS:
        return _KINDS[form_kind]
    for django_class, kind in _DJANGO_KINDS:
        if isinstance(model_field, django_class):
            return kind
    return "text"


def _choices(model_field: models.Field) -> str:
    pairs = getattr(model_field, "form_choices", None) or model_field.choices or []
    return "; ".join(str(value) if str(value) == str(label) else f"{value} = {label}"
                     for value, label in pairs)


def _own_fields(model: type[models.Model], base: type[models.Model],
                taken: set[str]) -> list[Field]:
    """The fields an app declares on its model (not those of the Quorum base), in order."""
    inherited = {f.name for f in base._meta.get_fields()} | {"id"}
    return [_app_field(model, model_field) for model_field in model._meta.concrete_fields
            if model_field.name not in inherited and model_field.name not in taken]


def _app_field(model: type[models.Model], model_field: models.Field) -> Field:
    doc = getattr(model_field, "doc", "") or str(model_field.help_text or "") or (
        f"{model.__name__}.{model_field.name} of app {model._meta.app_label} (no doc given)")
    return Field(model_field.name, _kind(model_field), doc, attrgetter(model_field.attname),
                 label=str(getattr(model_field, "form_label", None) or ""),
                 choices=_choices(model_field))


def _role(player: BasePlayer) -> str:
    role = player.role
    value = role() if callable(role) else role
    return "" if value is None else str(value)


# --- apps: their ExtraModel tables -----------------------------------------------------------

@dataclass(frozen=True)
class ExtraRow:
    """One row of an app's ExtraModel table, with its session."""

    row: Any
    session: Session


@dataclass(frozen=True)
class ExtraTable:
    """An app's ExtraModel (sessions_core/models.py): its values, each link as the objects it
    links to are known in the export (a player by its participant and round)."""

    app_label: str
    model: type[models.Model]
    fields: list[Field]
    related: tuple[str, ...]  # select_related paths: the linked rows, read with each chunk

    @property
    def name(self) -> str:
        return self.model.__name__


def _through(link: str, path: str) -> Callable[[Any], Any]:
    """The value at `path` of the object a row links to by `link`, or None without one."""
    def read(row: Any) -> Any:
        linked = getattr(row, link)
        return None if linked is None else attrgetter(path)(linked)
    return read


def _link_fields(model: type[models.Model], link: models.Field) -> tuple[list[Field], list[str]]:
    name, target = link.name, link.related_model
    about = f"the {getattr(target, '__name__', 'row')} this {model.__name__} links to ({name})"
    if isinstance(target, type) and issubclass(target, BasePlayer):
        return [Field(f"{name}.participant.code", "text", f"The participant code of {about}.",
                      _through(name, "participant.name")),
                Field(f"{name}.participant.id_in_session", "integer",
                      f"The participant's number in the session of {about}.",
                      _through(name, "participant.id_in_session")),
                Field(f"{name}.round_number", "integer", f"The round of {about}.",
                      _through(name, "round_number")),
                Field(f"{name}.id_in_group", "integer", f"The number in its group of {about}.",
                      _through(name, "id_in_group"))], [name, f"{name}__participant"]
    if isinstance(target, type) and issubclass(target, BaseGroup):
        return [Field(f"{name}.round_number", "integer", f"The round of {about}.",
                      _through(name, "round_number")),
                Field(f"{name}.id_in_subsession", "integer",
                      f"The group's number in its round of {about}.",
                      _through(name, "id_in_subsession"))], [name]
    if isinstance(target, type) and issubclass(target, BaseSubsession):
        return [Field(f"{name}.round_number", "integer", f"The round of {about}.",
                      _through(name, "round_number"))], [name]
    return [Field(f"{name}.id", "integer", f"The id of {about}.",
                  attrgetter(link.attname))], []


def extra_table(model: type[models.Model]) -> ExtraTable:
    label = model._meta.app_label
    fields = [Field("id", "integer", f"The row's id in the {model.__name__} table of app "
                    f"{label} (in the order the rows were created).", attrgetter("pk"))]
    related: list[str] = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name == "session":
            continue
        if model_field.is_relation:
            link_fields, paths = _link_fields(model, model_field)
            fields += link_fields
            related += paths
        else:
            fields.append(_app_field(model, model_field))
    return ExtraTable(app_label=label, model=model, fields=fields, related=tuple(related))


@dataclass(frozen=True)
class AppFields:
    app: ExperimentApp
    player: list[Field]
    group: list[Field]
    subsession: list[Field]
    extra: tuple[ExtraTable, ...] = ()

    @property
    def label(self) -> str:
        return self.app.label

    @property
    def rounds(self) -> range:
        return range(1, self.app.num_rounds + 1)


def app_fields(app: ExperimentApp) -> AppFields:
    player = [
        Field("id_in_group", "integer", "The player's number in their group, from 1.",
              attrgetter("id_in_group")),
        Field("role", "text", "The player's role (Player.role(), or the app's C.<NAME>_ROLE constants "
              "in the one-file format); empty when the app names none.",
              _role),
        Field("payoff", "currency", "The player's payoff in this round.", attrgetter("payoff")),
    ]
    group = [Field("id_in_subsession", "integer", "The group's number in its round, from 1.",
                   attrgetter("id_in_subsession"))]
    subsession = [Field("round_number", "integer", "The round, from 1.",
                        attrgetter("round_number"))]
    return AppFields(
        app=app,
        player=player + _own_fields(app.Player, BasePlayer, {f.key for f in player}),
        group=group + _own_fields(app.Group, BaseGroup, {f.key for f in group}),
        subsession=subsession + _own_fields(app.Subsession, BaseSubsession,
                                            {f.key for f in subsession}),
        extra=tuple(extra_table(model) for model in app.extra_models))


@dataclass(frozen=True)
class Plan:
    """The apps of the exported sessions, in the order they first appear."""

    apps: tuple[AppFields, ...]
    # The between-subjects variables of the sessions' SessionTypes (a CSV column each).
    conditions: tuple[str, ...] = ()

    def app(self, label: str) -> AppFields | None:
        return next((a for a in self.apps if a.label == label), None)


def plan_for(sessions: Sequence[Session]) -> Plan:
    """Every installed app of the sessions' app sequences (an app removed from the project since
    has no model to read, and is left out)."""
    installed = experiment_apps()
    labels: list[str] = []
    for session in sessions:
        labels += [label for label in session.app_sequence
                   if label in installed and label not in labels]
    return Plan(apps=tuple(app_fields(installed[label]) for label in labels),
                conditions=_condition_variables(sessions))


def _condition_variables(sessions: Sequence[Session]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for name in dict.fromkeys(s.session_type for s in sessions):
        try:
            names.update(dict.fromkeys(session_type(name).conditions or {}))
        except LookupError:  # a SessionType removed since: its sessions' JSON column remains
            continue
    return tuple(names)


# --- page times -----------------------------------------------------------------------------

def _seconds(visit: Any) -> float | None:
    if visit.entered_at is None:
        return None
    return round((visit.left_at - visit.entered_at).total_seconds(), 3)


PAGE_TIME_FIELDS = [
    Field("app", "text", "The app of the page.", attrgetter("app_label")),
    Field("round_number", "integer", "The round.", attrgetter("round_number")),
    Field("page_index", "integer", "The page's place in the app's page_sequence, from 0, "
          "counting the wait pages of group stages.", attrgetter("page_index")),
    Field("page_name", "text", "The page's name (its class in pages.py; <Page>_start_together "
          "and <Page>_end_together: the wait pages of a group stage).", attrgetter("page_name")),
    Field("entered_at", "datetime", "When the participant landed on the page (UTC).",
          attrgetter("entered_at")),
    Field("left_at", "datetime", "When the participant left the page (UTC): submitted it, it "
          "timed out, or the wait page let them through.", attrgetter("left_at")),
    Field("seconds_on_page", "float", "left_at minus entered_at, in seconds.", _seconds),
    Field("how", "text", "How the page was left.", attrgetter("how"),
          choices="submitted = the participant submitted the page; timeout = the page's "
                  "timeout submitted it; passed = a wait page that let the participant through"),
    Field("timeout_happened", "boolean", "1 when the page was left by its timeout.",
          lambda visit: visit.how == PageVisit.How.TIMEOUT),
]


# --- chat -------------------------------------------------------------------------------------

CHAT_FIELDS = [
    Field("channel", "text", "The chat's channel: participants with the same channel chat "
          "together. By default <app>-<round>-<group's id_in_subsession>: the group in that "
          "app and round; an app may name its own ({% chat channel=... %}).",
          attrgetter("channel")),
    Field("nickname", "text", "The name the sender was shown as (by default Player <id_in_group>).",
          attrgetter("nickname")),
    Field("body", "text", "The message, as sent (surrounding spaces removed).",
          attrgetter("body")),
    Field("created_at", "datetime", "When the message was sent (UTC).", attrgetter("created_at")),
]


# --- participant.log records ------------------------------------------------------------------

LOG_FIELDS = [
    Field("name", "text", "What the record is: the name the app gave participant.log(name, "
          "data).", attrgetter("name")),
    Field("data", "json", "The record's data, as the app gave it: any JSON value (in the CSV, "
          "written as JSON; an empty cell is JSON null).", attrgetter("data")),
    Field("app", "text", "The app the participant was in when the record was made; empty "
          "before they started.", attrgetter("app_label")),
    Field("round_number", "integer", "The round the participant was in; empty before they "
          "started.", attrgetter("round_number")),
    Field("page_name", "text", "The page the participant was on (its class in pages.py; a "
          "hook of a wait page logs at that wait page); empty before they started or after "
          "they finished.", attrgetter("page_name")),
    Field("created_at", "datetime", "When the record was made (UTC).", attrgetter("created_at")),
]

"""Participant: one person in one session, with their place in the flow."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sessions_core.db import idmap
from sessions_core.db.assigned import AssignedJSONField
from sessions_core.experimenter.currency import (
    Currency,
    Money,
    money_from_minor_units,
    payment_minor_units,
)
from sessions_core.experimenter.declared import DeclaredFieldsMixin
from sessions_core.experimenter.registry import experiment_app, experiment_apps

LOG_NAME_MAX = 100


def format_position(app_index: int, round_number: int, page_index: int) -> str:
    """A position as forms and waiting pages carry it: "<app>-<round>-<page>"."""
    return f"{app_index}-{round_number}-{page_index}"


def participant_payoff(*, participant_id: int, app_sequence: list[str]) -> Currency:
    """Sum of the participant's player payoffs; unsaved changes in this unit count too."""
    unit = idmap.current()
    total = Decimal(0)
    for label in app_sequence:
        model = experiment_app(label).Player
        for pk, stored in model.objects.filter(participant_id=participant_id).values_list(
                "pk", "payoff"):
            mapped = unit.get(model, pk) if unit is not None else None
            value = mapped.payoff if mapped is not None else stored
            total += Decimal(value or 0)
    return Currency(total)


class Participant(DeclaredFieldsMixin, models.Model):
    """One person in one session. The names in PARTICIPANT_FIELDS are attributes too
    (`participant.age`, kept in vars: experimenter/declared.py)."""

    declared_kind = "participant"

    class Status(models.TextChoices):
        NEW = "new", "not started"
        PLAYING = "playing", "playing"
        FINISHED = "finished", "finished"

    session = models.ForeignKey("sessions_core.Session", on_delete=models.CASCADE)
    name = models.CharField(max_length=32)
    id_in_session = models.PositiveIntegerField()
    # NULL, not "", is "no label": the unique constraint below lets many slots have none.
    label = models.CharField(max_length=128, null=True, blank=True)  # noqa: DJ001
    vars = idmap.VarsField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    # The jtree position: app_index counts from 0, round_number from 1, page_index from 0.
    app_index = models.PositiveSmallIntegerField(default=0)
    round_number = models.PositiveIntegerField(default=1)
    page_index = models.PositiveSmallIntegerField(default=0)
    # When the participant reached the page they are on (page times, the monitor's time on page).
    page_entered_at = models.DateTimeField(null=True, blank=True)
    # The page timer of the current position (engine/timers.py): when it runs out (fired by
    # lifecycle/deadlines.py), or, while the session's timers are paused, the time it has left.
    timeout_at = models.DateTimeField(null=True, blank=True)
    timeout_remaining = models.DurationField(null=True, blank=True)
    payment = models.BigIntegerField(null=True, blank=True,
                                     help_text="minor units (1000 = 10.00), set when paid out")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a room hands this slot to someone; a pre-created slot is free until then.
    claimed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Released by a lobby timeout (engine/lobby.py): finished there, paid the fixed pay only.
    released_at = models.DateTimeField(null=True, blank=True)
    # Arrived in the session's quorum lobby (engine/quorum.py), before their start.
    quorum_arrived_at = models.DateTimeField(null=True, blank=True)
    # Dropouts (engine/dropouts.py): when the server next looks whether the participant has gone
    # silent (their pages' heartbeats, kept in presence, not here); when it found them silent
    # longer than the session's dropout_after_seconds; when a page of theirs connected again.
    dropout_check_at = models.DateTimeField(null=True, blank=True)
    dropped_out_at = models.DateTimeField(null=True, blank=True)
    dropout_returned_at = models.DateTimeField(null=True, blank=True)
    # Conditions (sessions_core/conditions/): the participant's, with condition_unit=
    # "participant" ({"depth": "near"}; NULL until assigned), the stratum it was balanced in
    # (condition_stratum's answer), and the lab manager's exclusion from balancing.
    condition = AssignedJSONField(null=True, blank=True, editable=False)
    stratum = models.CharField(max_length=200, null=True, blank=True, editable=False)  # noqa: DJ001
    excluded_at = models.DateTimeField(null=True, blank=True, editable=False)
    excluded_reason = models.TextField(blank=True, editable=False)
    # The environment at entry (participants/environment.py): platform, device, os, browser,
    # user_agent; screen_width and screen_height once the page has reported them.
    environment = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="participant_name_in_session"),
            models.UniqueConstraint(fields=["session", "id_in_session"],
                                    name="participant_id_in_session"),
            models.UniqueConstraint(fields=["session", "label"], condition=Q(label__isnull=False),
                                    name="participant_label_in_session"),
        ]
        indexes = [
            # The scheduler's "which deadlines are due": only running timers are indexed.
            models.Index(fields=["timeout_at"], condition=Q(timeout_at__isnull=False),
                         name="participant_timeout_due"),
            models.Index(fields=["dropout_check_at"], condition=Q(dropout_check_at__isnull=False),
                         name="participant_dropout_check_due"),
        ]

    def __str__(self) -> str:
        # The session by its name, as lab managers know it (select_related it in lists).
        return f"P{self.id_in_session} of session {self.session.name}"

    def get_absolute_url(self) -> str:
        """The participant's link: the one place it is built (views, admin, API, commands)."""
        return reverse("participant", args=[self.session.name, self.name])

    @property
    def code(self) -> str:
        return self.name

    @property
    def position(self) -> tuple[str, int, int, int]:
        return (self.status, self.app_index, self.round_number, self.page_index)

    @property
    def position_token(self) -> str:
        return format_position(self.app_index, self.round_number, self.page_index)

    @property
    def payoff(self) -> Currency:
        """The sum of the participant's player payoffs over every app and round."""
        return participant_payoff(participant_id=self.pk, app_sequence=self.session.app_sequence)

    @property
    def released(self) -> bool:
        """Released by a lobby timeout: paid the fixed pay and nothing else."""
        return self.released_at is not None

    @property
    def dropped_out(self) -> bool:
        """Marked as dropped out (engine/dropouts.py), whether or not they came back since."""
        return self.dropped_out_at is not None

    def log(self, name: str, data: Any = None) -> ParticipantLog:
        """Store one record of the app's own data for this participant (ParticipantLog).

        name: a short text (1 to LOG_NAME_MAX characters, one line) that says what the record
        is ("trial", "click"); data: any JSON value (dict, list, text, number, bool, None).
        Anything else raises at the call, naming what is wrong. The record is written in the
        request's transaction: a request that fails (and is rolled back) logs nothing. It
        notes where the participant is: app, round and page (empty before they start)."""
        return participant_log(participant=self, name=name, data=data)

    def payoff_plus_participation_fee(self) -> Money:
        """Real money: the fixed pay plus the payoff converted at the session's rate (the same
        computation as the stored payment and the payments page); exact, and shown with the
        currency's symbol ("€13.50") in templates. A released participant's is the fixed pay."""
        payoff = Decimal(0) if self.released else self.payoff
        return Money(money_from_minor_units(payment_minor_units(payoff=payoff,
                                                                config=self.session.config)))


class ParticipantLog(models.Model):
    """One record an app stored with participant.log(name, data), in order of the calls.

    participant has no database constraint, as PageVisit's participant_id: a hook that logs for
    another participant (a group's after_all_players_arrive) must not wait for that
    participant's row lock, which a foreign key check would. Deleting the participant (or its
    session) still deletes its records: Django's cascade, not the database's."""

    session = models.ForeignKey("sessions_core.Session", on_delete=models.CASCADE,
                                related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, db_constraint=False,
                                    related_name="logs")
    name = models.CharField(max_length=LOG_NAME_MAX)
    data = models.JSONField(null=True, blank=True)
    app_label = models.CharField(max_length=100, blank=True)
    round_number = models.PositiveIntegerField(null=True, blank=True)
    page_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["session", "id"], name="participant_log_session")]

    def __str__(self) -> str:
        return f"{self.name} of participant {self.participant_id}"


def _log_name_problem(name: Any) -> str | None:
    if not isinstance(name, str):
        return f"the name must be text, not {type(name).__name__}"
    if not name.strip():
        return "the name must not be empty"
    if len(name) > LOG_NAME_MAX:
        return f"the name has {len(name)} characters; at most {LOG_NAME_MAX} are allowed"
    if any(ch in name for ch in "\r\n\t"):
        return "the name must be one line"
    return None


def _json_data(data: Any) -> Any:
    """data as it will be stored: refused unless it is JSON (dict keys text, no NaN)."""
    try:
        return json.loads(json.dumps(data, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise TypeError(f"participant.log: the data must be JSON (a dict, list, text, number, "
                        f"True/False or None): {error}") from None


def _log_position(participant: Participant) -> tuple[str, int | None, str]:
    """(app label, round, page name) of where the participant is; empty before they start."""
    if participant.status == Participant.Status.NEW:
        return "", None, ""
    labels = participant.session.app_sequence
    if not 0 <= participant.app_index < len(labels):
        return "", None, ""
    label = labels[participant.app_index]
    if participant.status == Participant.Status.FINISHED or label not in experiment_apps():
        return label, participant.round_number, ""
    pages = experiment_app(label).page_sequence
    index = participant.page_index
    return label, participant.round_number, pages[index].__name__ if index < len(pages) else ""


def participant_log(*, participant: Participant, name: str, data: Any) -> ParticipantLog:
    """participant.log: one INSERT in the caller's transaction (the request's unit of work;
    a read-only unit refuses it before it is sent, and the request runs again under its
    locks), so a rolled-back request leaves no record."""
    problem = _log_name_problem(name)
    if problem is not None:
        raise ValueError(f"participant.log: {problem} (got {name!r:.60})")
    stored = _json_data(data)
    app_label, round_number, page_name = _log_position(participant)
    return ParticipantLog.objects.create(
        session_id=participant.session_id, participant=participant, name=name, data=stored,
        app_label=app_label, round_number=round_number, page_name=page_name)
class EntryRefusal(models.Model):
    """Someone turned away at entry (participants/eligibility.py), for the lab manager: nothing
    else was created or changed for them. `session` is the session they tried to enter, if it
    existed; `room` the room's name (a name, not a link: rooms sit above participants)."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    session_type = models.CharField(max_length=100)
    session = models.ForeignKey("sessions_core.Session", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="entry_refusals")
    room = models.CharField(max_length=100, blank=True)
    entry = models.CharField(max_length=20)  # room | session_link | participant_link
    label = models.CharField(max_length=128, blank=True)
    external_id = models.CharField(max_length=128, blank=True)
    rule = models.CharField(max_length=30)
    reason = models.TextField()
    platform = models.CharField(max_length=20, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rule} at {self.created_at:%Y-%m-%d %H:%M:%S}"

"""The conditions' rows: one per assigned unit, and one per balancing pool to lock.

Imported by sessions_core/models.py (so Django sees them); they name the core models by their
label, so this module imports Django only.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Unit(models.TextChoices):
    PARTICIPANT = "participant", "participant"
    GROUP = "group", "group"
    SESSION = "session", "session"


class ConditionAssignment(models.Model):
    """One unit's condition, assigned once and never changed.

    Balanced within a pool: the SessionType, real or test sessions, and the stratum. A unit
    counts for its pool unless it is excluded, overridden, or expired (services.py says when).
    """

    session_type = models.CharField(max_length=100)
    is_test = models.BooleanField(default=False)
    stratum = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=12, choices=Unit.choices)
    session = models.ForeignKey("sessions_core.Session", on_delete=models.CASCADE,
                                related_name="condition_assignments")
    participant = models.ForeignKey("participants.Participant", null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="condition_assignments")
    # A group unit: the app and the group's id_in_subsession (its first round's group;
    # later rounds' groups with that number share it), and its members when it was assigned.
    app_label = models.CharField(max_length=100, blank=True)
    group_number = models.PositiveIntegerField(null=True, blank=True)
    members = models.JSONField(default=list, blank=True)
    condition = models.JSONField()
    # The combination as one text (JSON with sorted keys): what counts are grouped by.
    cell = models.CharField(max_length=1000)
    # Set by condition_overrides in a test session: never counted for balancing.
    overridden = models.BooleanField(default=False)
    assigned_at = models.DateTimeField(default=timezone.now)
    excluded_at = models.DateTimeField(null=True, blank=True)
    excluded_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant"], condition=Q(unit="participant"),
                                    name="condition_once_per_participant"),
            models.UniqueConstraint(fields=["session", "app_label", "group_number"],
                                    condition=Q(unit="group"), name="condition_once_per_group"),
            models.UniqueConstraint(fields=["session"], condition=Q(unit="session"),
                                    name="condition_once_per_session"),
        ]
        indexes = [models.Index(fields=["session_type", "is_test", "stratum"],
                                name="condition_pool")]

    def __str__(self) -> str:
        return f"{self.unit} of session {self.session_id}: {self.cell}"


class ConditionBalance(models.Model):
    """The row locked (SELECT ... FOR UPDATE) while one unit of a pool is counted, picked and
    inserted, so that concurrent assignments of a pool take turns. Created on first use."""

    session_type = models.CharField(max_length=100)
    is_test = models.BooleanField(default=False)
    stratum = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session_type", "is_test", "stratum"],
                                               name="condition_balance_pool")]

    def __str__(self) -> str:
        return f"{self.session_type} {'test' if self.is_test else 'real'} {self.stratum!r}"

"""Room: a stable URL (/room/<name>/) that admits participants into its current session."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

# Labels are the participant's: rooms check them with the same rule as every other entry.
from participants.labels import label_problem
from sessions_core.experimenter.registry import quorum_group_size, session_type, session_types
from sessions_core.experimenter.session_types import quorum_group_problem

ROOM_NAME_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9._-]{1,64}$",
    "A room name uses only letters, digits, '-', '.' and '_' (at most 64 characters).")


class Room(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "waiting"
        ACCEPTING = "accepting", "accepting"

    name = models.CharField(max_length=64, unique=True, validators=[ROOM_NAME_VALIDATOR])
    config = models.CharField("SessionType", max_length=100, blank=True,
                              help_text="the SessionType a session in this room runs")
    labels = models.JSONField(default=list, blank=True,
                              help_text="access codes; empty = no access code needed")
    capacity = models.PositiveIntegerField(null=True, blank=True,
                                           help_text="most participants; empty = no limit "
                                                     "(or the number of labels)")
    open = models.BooleanField(default=False)
    min_participants = models.PositiveIntegerField(
        "quorum", null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="the room's session starts when this many are present (the first arrivals "
                  "wait in a lobby); empty = the SessionType's min_participants")
    session = models.ForeignKey("sessions_core.Session", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="rooms")
    # Whether the session was created with free slots ("Create session in room"): only then
    # does a join look for one. A session made by the first arrival never has free slots.
    free_slots = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/room/{self.name}/"

    @property
    def state(self) -> str:
        return self.State.ACCEPTING if self.open and self.config else self.State.WAITING

    @property
    def is_accepting(self) -> bool:
        return self.state == self.State.ACCEPTING

    @property
    def effective_capacity(self) -> int | None:
        """An explicit capacity wins; labels without one make it the number of labels."""
        if self.capacity is not None:
            return self.capacity
        return len(self.labels) if self.labels else None

    @property
    def is_freejoin(self) -> bool:
        return not self.labels and self.capacity is None

    def clean(self) -> None:
        if not isinstance(self.labels, list) or not all(isinstance(x, str) for x in self.labels):
            raise ValidationError({"labels": "labels must be a list of strings"})
        for label in self.labels:
            problem = label_problem(label)
            if problem:
                raise ValidationError({"labels": f"{label[:40]!r}: {problem}"})
        if len(set(self.labels)) != len(self.labels):
            raise ValidationError({"labels": "a label is listed twice"})
        known = {st.name for st in session_types()}
        if self.config and self.config not in known:
            raise ValidationError({"config": f"no SessionType {self.config!r} (known: "
                                             f"{', '.join(sorted(known))})"})
        self._clean_quorum()

    def _clean_quorum(self) -> None:
        """The room's quorum must start whole groups of its SessionType's apps, and fit in the
        room (a capacity below it, the room's or the SessionType's, would keep the session from
        ever starting)."""
        quorum = self.min_participants
        if quorum is None:
            inherited = session_type(self.config).min_participants if self.config else None
            capacity = self.effective_capacity
            if inherited and capacity is not None and capacity < inherited:
                raise ValidationError({"min_participants": (
                    f"the room holds {capacity}, fewer than the quorum of SessionType "
                    f"{self.config!r} (min_participants={inherited}): its session could never "
                    f"start; set the room's min_participants, or make room for {inherited}")})
            return
        if isinstance(quorum, bool) or not isinstance(quorum, int) or quorum < 1:
            raise ValidationError({"min_participants": "must be a whole number of at least 1"})
        capacity = self.effective_capacity
        if capacity is not None and capacity < quorum:
            raise ValidationError({"min_participants": (
                f"the quorum ({quorum}) is larger than the room's capacity ({capacity}): its "
                f"session could never start")})
        if self.config:
            apps = session_type(self.config).app_sequence
            problem = quorum_group_problem(quorum, quorum_group_size(apps),
                                           f"SessionType {self.config!r}")
            if problem:
                raise ValidationError({"min_participants": problem})

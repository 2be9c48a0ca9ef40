"""Sessions and the abstract bases that every experiment app subclasses.

Experiment apps keep no migrations: their tables are created by `manage.py migrate --run-syncdb`
(docs/experiments.md). Their links to core rows are therefore declared without database
constraints (`db_constraint=False`), so an app's tables can be created before or after the core's.
"""
from __future__ import annotations

import hashlib
import random
import re
import secrets
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.conf import settings
from django.db import models
from django.db.models.signals import class_prepared
from django.dispatch import receiver
from django.utils import timezone

from sessions_core.db import idmap
from sessions_core.db.assigned import AssignedJSONField, assigned_resolve
from sessions_core.experimenter.declared import DeclaredFieldsMixin
from sessions_core.experimenter.fields import CurrencyField
from sessions_core.experimenter.registry import experiment_app

if TYPE_CHECKING:
    from participants.models import Participant

NAME_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: names get read aloud


def random_name(length: int = 8) -> str:
    return "".join(secrets.choice(NAME_ALPHABET) for _ in range(length))


class Session(DeclaredFieldsMixin, models.Model):
    """A session. The names in SESSION_FIELDS are attributes too (`session.market`, kept in
    vars: experimenter/declared.py)."""

    declared_kind = "session"

    name = models.CharField(max_length=32, unique=True)
    session_type = models.CharField(max_length=100)
    config = models.JSONField(default=dict)
    vars = idmap.VarsField(default=dict, blank=True)
    num_participants = models.PositiveIntegerField()
    label = models.CharField(max_length=200, blank=True)
    is_test = models.BooleanField(
        "test session", default=False,
        help_text="made by bots, the demo page or marked as a test: left out of the default "
                  "session list (and, later, of treatment balancing)")
    initialized = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    payments_computed_at = models.DateTimeField(null=True, blank=True)
    # Set while the lab manager has paused the session's page timers (lifecycle/deadlines.py).
    timers_paused_at = models.DateTimeField(null=True, blank=True)
    # Conditions (sessions_core/conditions/): the session's, with condition_unit="session"
    # ({"depth": "near"}; NULL until assigned, at its first participant's start); excluded
    # from balancing by a lab manager, with the reason (the data keeps the session).
    condition = AssignedJSONField(null=True, blank=True, editable=False)
    excluded_at = models.DateTimeField(null=True, blank=True, editable=False)
    excluded_reason = models.TextField(blank=True, editable=False)
    # The quorum (engine/quorum.py): the first arrivals wait in a lobby until this many are
    # there (None: no lobby), each at most quorum_timeout_seconds (None: no limit); set from
    # the SessionType, or the room's min_participants, when the session is created.
    min_participants = models.PositiveIntegerField(null=True, blank=True)
    quorum_timeout_seconds = models.FloatField(null=True, blank=True)
    # When the quorum was reached (its participants all started at that moment).
    quorum_reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.session_type})"

    @property
    def code(self) -> str:
        return self.name

    @property
    def app_sequence(self) -> list[str]:
        return list(self.config["app_sequence"])

    def get_participants(self) -> list[Participant]:
        return idmap.adopt_all(self.participant_set.order_by("id_in_session"))

    def get_subsessions(self) -> list[BaseSubsession]:
        found: list[BaseSubsession] = []
        for label in self.app_sequence:
            model = experiment_app(label).Subsession
            found.extend(idmap.adopt_all(model.objects.filter(session=self).order_by("round_number")))
        return found


class WaitArrival(models.Model):
    """A participant reached a wait page (one row per participant and wait page)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    participant_id = models.BigIntegerField()
    app_index = models.PositiveSmallIntegerField()
    round_number = models.PositiveIntegerField()
    page_index = models.PositiveSmallIntegerField()
    group_key = models.PositiveIntegerField()
    grouped = models.BooleanField(default=True)
    arrived_at = models.DateTimeField(default=timezone.now)
    # A lobby timeout (engine/lobby.py): when a participant not grouped by then is released.
    release_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant_id", "app_index", "round_number", "page_index"],
                name="wait_arrival_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["session", "app_index", "round_number", "page_index", "group_key"],
                name="wait_arrival_barrier",
            )
        ]

    def __str__(self) -> str:
        return (f"participant {self.participant_id} at {self.app_index}-{self.round_number}-"
                f"{self.page_index}")


class WaitCompletion(models.Model):
    """A wait page barrier opened: its after_all_players_arrive ran (exactly once)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    app_index = models.PositiveSmallIntegerField()
    round_number = models.PositiveIntegerField()
    page_index = models.PositiveSmallIntegerField()
    group_key = models.PositiveIntegerField()
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "app_index", "round_number", "page_index", "group_key"],
                name="wait_completion_once",
            )
        ]

    def __str__(self) -> str:
        return (f"barrier {self.app_index}-{self.round_number}-{self.page_index} "
                f"group {self.group_key} of session {self.session_id}")


class GroupStage(models.Model):
    """A group stage started for a group (engine/stages.py): its group timer's deadline and
    group_play ran, once, under the group's row lock. page_index is the stage's page."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    app_index = models.PositiveSmallIntegerField()
    round_number = models.PositiveIntegerField()
    page_index = models.PositiveSmallIntegerField()
    group_key = models.PositiveIntegerField()  # the group's id_in_subsession
    started_at = models.DateTimeField(default=timezone.now)
    # When the group timer runs out: every member still on the page is then submitted as a
    # timeout (each member's page deadline is set to it). None: no group timer.
    deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "app_index", "round_number", "page_index", "group_key"],
                name="group_stage_once",
            )
        ]

    def __str__(self) -> str:
        return (f"stage {self.app_index}-{self.round_number}-{self.page_index} "
                f"group {self.group_key} of session {self.session_id}")


class PageVisit(models.Model):
    """One participant's time on one page: written when they leave it (data export: page times).

    A form page is left by its submission (or its timeout), a wait page by passing it.
    """

    class How(models.TextChoices):
        SUBMITTED = "submitted", "submitted"
        TIMEOUT = "timeout", "timed out"
        PASSED = "passed", "passed (wait page)"
        RELEASED = "released", "released (lobby timeout)"

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    participant_id = models.BigIntegerField()
    app_index = models.PositiveSmallIntegerField()
    app_label = models.CharField(max_length=100)
    round_number = models.PositiveIntegerField()
    page_index = models.PositiveSmallIntegerField()
    page_name = models.CharField(max_length=100)
    entered_at = models.DateTimeField(null=True)
    left_at = models.DateTimeField()
    how = models.CharField(max_length=10, choices=How.choices)

    class Meta:
        indexes = [models.Index(fields=["session", "participant_id", "left_at"],
                                name="page_visit_session")]

    def __str__(self) -> str:
        return f"participant {self.participant_id} on {self.app_label}.{self.page_name}"


class ChatMessage(models.Model):
    """One message of a page's chat ({% chat %}: engine/chat.py), as its sender wrote it.

    `channel` is the chat's name within the session (by default the group's in that app and
    round); participant_id is the sender, without a foreign key, as in PageVisit."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    channel = models.CharField(max_length=255)
    participant_id = models.BigIntegerField()
    nickname = models.CharField(max_length=100)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["session", "channel", "id"], name="chat_message_channel")]

    def __str__(self) -> str:
        return f"{self.nickname} in {self.channel}: {self.body[:40]}"


class ExportJob(models.Model):
    """A data export made by a Celery task: its progress, and its file when done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE,
                                help_text="empty: every session of session_type")
    session_type = models.CharField(max_length=100, blank=True)
    format = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done_units = models.PositiveIntegerField(default=0)
    total_units = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        what = self.session.name if self.session is not None else f"every {self.session_type} session"
        return f"{self.format} export of {what} ({self.status})"


# --- Names of the indexes and constraints that the bases give every app's tables ---
#
# The bases name them "<app label>_<suffix>" (Django fills in %(app_label)s, lower-cased). A long
# label makes such a name too long: Django refuses index names over 30 characters (models.E034,
# which stops every manage.py command), and PostgreSQL cuts any identifier at 63 bytes, so two cut
# names could collide. When the concrete model class is prepared (class_prepared: after Django
# has filled in the label, before any check, migration or schema editor reads the names), a name
# that does not fit becomes "<label prefix>_<hash of the label>_<tag>": at most 29 ASCII
# characters whatever the label, unique per app (the hash of the whole label) and per constraint
# (the tag). No plain name ends with a tag, so a hashed name never equals a plain one. Names that
# fit stay as they were, so the tables (and any migrations) of existing deployments keep theirs.
INDEX_NAME_LIMIT = 30  # characters: Django's models.E034
IDENTIFIER_LIMIT = 63  # bytes: PostgreSQL's NAMEDATALEN - 1
DERIVED_NAME_TAGS = {
    "subsession_round": "sr",
    "group_id_in_subsession": "gi",
    "player_participant_round": "pr",
    "player_group": "pg",
}


def derived_name(label: str, suffix: str, *, index: bool) -> str:
    """The name of the index (or constraint) `suffix` of app `label`, within the limits."""
    plain = f"{label.lower()}_{suffix}"
    limit = INDEX_NAME_LIMIT if index else IDENTIFIER_LIMIT
    if len(plain) <= limit and len(plain.encode()) <= IDENTIFIER_LIMIT and plain[0].isalpha():
        return plain
    digest = hashlib.sha256(label.encode()).hexdigest()[:10]
    prefix = re.sub(r"[^a-z0-9_]", "", label.lower()).lstrip("_0123456789")[:15] or "app"
    return f"{prefix}_{digest}_{DERIVED_NAME_TAGS[suffix]}"


@receiver(class_prepared)
def _fit_derived_names(sender: type[models.Model], **kwargs: Any) -> None:
    if not issubclass(sender, (BaseSubsession, BaseGroup, BasePlayer)) or sender._meta.abstract:
        return
    label = sender._meta.app_label
    for objects, index in ((sender._meta.indexes, True), (sender._meta.constraints, False)):
        for obj in objects:  # clones made for this class by Django: renaming them is safe
            for suffix in DERIVED_NAME_TAGS:
                if obj.name == f"{label.lower()}_{suffix}":
                    obj.name = derived_name(label, suffix, index=index)


def _experiment_fk(to: str, **kwargs: Any) -> MappedForeignKey:
    return idmap.MappedForeignKey(to, on_delete=models.DO_NOTHING, db_constraint=False,
                                  related_name="+", **kwargs)


MappedForeignKey = idmap.MappedForeignKey


class BaseSubsession(models.Model):
    session = _experiment_fk("sessions_core.Session")
    round_number = models.PositiveIntegerField()

    objects: ClassVar[models.Manager[Any]] = models.Manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["session", "round_number"],
                                    name="%(app_label)s_subsession_round")
        ]

    def __str__(self) -> str:
        return f"{self._meta.app_label} round {self.round_number}"

    def creating_session(self) -> None:
        """Override to set up the round (runs once per round when the session initializes)."""

    def vars_for_admin_report(self) -> dict[str, Any]:
        return {}

    def get_players(self) -> list[BasePlayer]:
        player_model = self._meta.apps.get_model(self._meta.app_label, "Player")
        rows = player_model.objects.filter(subsession=self).select_related("participant")
        return idmap.adopt_all(rows.order_by("id_in_subsession"))

    def get_groups(self) -> list[BaseGroup]:
        group_model = self._meta.apps.get_model(self._meta.app_label, "Group")
        return idmap.adopt_all(group_model.objects.filter(subsession=self).order_by("id_in_subsession"))

    def in_round(self, round_number: int) -> BaseSubsession:
        return idmap.adopt(type(self).objects.get(session_id=self.session_id, round_number=round_number))

    def in_rounds(self, first: int, last: int) -> list[BaseSubsession]:
        rows = type(self).objects.filter(session_id=self.session_id,
                                         round_number__range=(first, last))
        return idmap.adopt_all(rows.order_by("round_number"))

    def in_previous_rounds(self) -> list[BaseSubsession]:
        return self.in_rounds(1, self.round_number - 1)

    def in_all_rounds(self) -> list[BaseSubsession]:
        return self.in_rounds(1, self.round_number)

    # --- how its players are grouped: the group matrix and the ways to change it ---

    def get_group_matrix(self) -> list[list[BasePlayer]]:
        by_group: dict[int, list[BasePlayer]] = {g.pk: [] for g in self.get_groups()}
        for player in self.get_players():
            if player.group_id in by_group:
                by_group[player.group_id].append(player)
        rows = [sorted(players, key=lambda p: p.id_in_group or 0) for players in by_group.values()]
        return [row for row in rows if row]

    def set_group_matrix(self, matrix: list[list[Any]]) -> None:
        """Regroup: each row is a group, of players or of their id_in_subsession.

        A matrix of this subsession's player objects (what get_group_matrix gives, shuffled)
        is checked against their numbers alone, without loading the players again: with
        group_randomly in creating_session, loading them twice per round was half the time of
        initializing a 3,000-participant session."""
        items = [item for row in matrix for item in row]
        if items and all(isinstance(item, BasePlayer) and item.subsession_id == self.pk
                         for item in items):
            by_id = {p.id_in_subsession: idmap.adopt(p) for p in items}
            everyone = self._player_numbers()
        else:
            by_id = {p.id_in_subsession: p for p in self.get_players()}
            everyone = list(by_id)
        rows = [[_resolve(by_id, item) for item in row] for row in matrix]
        placed = [p.id_in_subsession for row in rows for p in row]
        if sorted(placed) != sorted(everyone) or any(not row for row in rows):
            raise ValueError(
                "set_group_matrix: the matrix must hold every player of the subsession exactly "
                f"once in non-empty rows (players {sorted(everyone)}, matrix has {sorted(placed)})"
            )
        players = list(by_id.values())
        groups = self._groups_for(len(rows))
        for group, row in zip(groups, rows, strict=True):
            for position, player in enumerate(row, start=1):
                player.group = group
                player.id_in_group = position
        idmap.save_now(players, ["group", "id_in_group"])
        self._drop_groups_beyond(len(rows))

    def group_randomly(self, fixed_id_in_group: bool = False) -> None:
        matrix = self.get_group_matrix()
        if fixed_id_in_group:
            columns = [list(col) for col in zip(*matrix, strict=True)]
            for column in columns:
                random.shuffle(column)
            self.set_group_matrix([list(row) for row in zip(*columns, strict=True)])
            return
        players = [p for row in matrix for p in row]
        random.shuffle(players)
        sizes = [len(row) for row in matrix]
        shuffled, start = [], 0
        for size in sizes:
            shuffled.append(players[start:start + size])
            start += size
        self.set_group_matrix(shuffled)

    def group_like_round(self, round_number: int) -> None:
        earlier = self.in_round(round_number)
        here = {p.participant_id: p for p in self.get_players()}
        self.set_group_matrix(
            [[here[p.participant_id] for p in row] for row in earlier.get_group_matrix()]
        )

    def _player_numbers(self) -> list[int]:
        """The id_in_subsession of every player of this subsession (one narrow query)."""
        player_model = self._meta.apps.get_model(self._meta.app_label, "Player")
        return list(player_model.objects.filter(subsession=self)
                    .values_list("id_in_subsession", flat=True))

    def _groups_for(self, count: int) -> list[BaseGroup]:
        groups = self.get_groups()
        group_model = type(groups[0]) if groups else self._group_model()
        missing = [
            group_model(session_id=self.session_id, subsession=self,
                        round_number=self.round_number,
                        id_in_subsession=n)
            for n in range(len(groups) + 1, count + 1)
        ]
        if missing:
            group_model.objects.bulk_create(missing)
            groups.extend(idmap.adopt_all(missing))
        return groups[:count]

    def _drop_groups_beyond(self, count: int) -> None:
        self._group_model().objects.filter(
            subsession=self, id_in_subsession__gt=count
        ).delete()

    def _drop_empty_groups(self) -> None:
        player_model = self._meta.apps.get_model(self._meta.app_label, "Player")
        used = player_model.objects.filter(subsession=self, group__isnull=False).values("group_id")
        self._group_model().objects.filter(subsession=self).exclude(pk__in=used).delete()

    def _group_size(self) -> int:
        """Constants.players_per_group, or everyone when it is None."""
        size = experiment_app(self._meta.app_label).players_per_group
        return size or len(self.get_players())

    def _group_model(self) -> type[BaseGroup]:
        meta = self._meta
        return meta.apps.get_model(meta.app_label, "Group")



class BaseGroup(models.Model):
    session = _experiment_fk("sessions_core.Session")
    # "Subsession" and "Group" name the app's own models, which the type checker cannot see.
    subsession = idmap.MappedForeignKey("Subsession", on_delete=models.CASCADE,  # type: ignore[misc]
                                        related_name="+")
    round_number = models.PositiveIntegerField()
    id_in_subsession = models.PositiveIntegerField()

    objects: ClassVar[models.Manager[Any]] = models.Manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["subsession", "id_in_subsession"],
                                    name="%(app_label)s_group_id_in_subsession")
        ]

    def __str__(self) -> str:
        return f"group {self.id_in_subsession} of {self.subsession}"

    @property
    def condition(self) -> Any:
        """The group's conditions with condition_unit="group" ({"depth": "near"}), kept in
        ConditionAssignment (app tables get no new column: `--run-syncdb` alters no table)."""
        return assigned_resolve(self)

    def get_players(self) -> list[BasePlayer]:
        player_model = self._meta.apps.get_model(self._meta.app_label, "Player")
        # Hooks often reach p.participant for each player: one join instead of a query each.
        rows = player_model.objects.filter(group=self).select_related("participant")
        return idmap.adopt_all(rows.order_by("id_in_group"))

    def get_player_by_id(self, id_in_group: int) -> BasePlayer:
        for player in self.get_players():
            if player.id_in_group == id_in_group:
                return player
        raise ValueError(f"group {self.id_in_subsession} has no player with id_in_group "
                         f"{id_in_group}")

    def get_player_by_role(self, role: str) -> BasePlayer:
        for player in self.get_players():
            if _role_of(player) == role:
                return player
        raise ValueError(f"group {self.id_in_subsession} has no player with role {role!r}")

    def in_round(self, round_number: int) -> BaseGroup:
        row = type(self).objects.get(session_id=self.session_id, round_number=round_number,
                                     id_in_subsession=self.id_in_subsession)
        return idmap.adopt(row)

    def in_rounds(self, first: int, last: int) -> list[BaseGroup]:
        rows = type(self).objects.filter(session_id=self.session_id,
                                         id_in_subsession=self.id_in_subsession,
                                         round_number__range=(first, last))
        return idmap.adopt_all(rows.order_by("round_number"))

    def in_previous_rounds(self) -> list[BaseGroup]:
        return self.in_rounds(1, self.round_number - 1)

    def in_all_rounds(self) -> list[BaseGroup]:
        return self.in_rounds(1, self.round_number)


class BasePlayer(models.Model):
    session = _experiment_fk("sessions_core.Session")
    participant = _experiment_fk("participants.Participant")
    subsession = idmap.MappedForeignKey("Subsession", on_delete=models.CASCADE,  # type: ignore[misc]
                                        related_name="+")
    group = idmap.MappedForeignKey("Group", on_delete=models.SET_NULL,  # type: ignore[misc]
                                   null=True, related_name="+")
    round_number = models.PositiveIntegerField()
    id_in_group = models.PositiveIntegerField(null=True)
    id_in_subsession = models.PositiveIntegerField()
    payoff = CurrencyField(initial=0)

    objects: ClassVar[models.Manager[Any]] = models.Manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["participant", "round_number"],
                                    name="%(app_label)s_player_participant_round")
        ]
        indexes = [models.Index(fields=["group", "id_in_group"],
                                name="%(app_label)s_player_group")]

    def __str__(self) -> str:
        return f"player {self.id_in_subsession} of {self.subsession}"

    @property
    def role(self) -> RoleName:
        """The player's role, read in either format's way: `player.role` (oTree 5: the value
        of the app's constants ending in `_ROLE`, the first for id_in_group 1, the second for
        2, ...; "" beyond them or without them) or `player.role()` (oTree 3, whose apps
        override it with a method of their own); get_player_by_role compares with it."""
        names = experiment_app(self._meta.app_label).role_names
        index = (self.id_in_group or 0) - 1
        return RoleName(names[index] if 0 <= index < len(names) else "")

    def get_others_in_group(self) -> list[BasePlayer]:
        return [p for p in self.group.get_players() if p.pk != self.pk]

    def get_others_in_subsession(self) -> list[BasePlayer]:
        return [p for p in self.subsession.get_players() if p.pk != self.pk]

    def in_round(self, round_number: int) -> BasePlayer:
        row = type(self).objects.get(participant_id=self.participant_id, round_number=round_number)
        return idmap.adopt(row)

    def in_rounds(self, first: int, last: int) -> list[BasePlayer]:
        rows = type(self).objects.filter(participant_id=self.participant_id,
                                         round_number__range=(first, last))
        return idmap.adopt_all(rows.order_by("round_number"))

    def in_previous_rounds(self) -> list[BasePlayer]:
        return self.in_rounds(1, self.round_number - 1)

    def in_all_rounds(self) -> list[BasePlayer]:
        return self.in_rounds(1, self.round_number)


class RoleName(str):
    """A player's role from the app's `_ROLE` constants: a string (oTree 5's `player.role`)
    that may also be called (`player.role()`, oTree 3's form) to give itself."""

    def __call__(self) -> str:
        return str(self)


def _role_of(player: BasePlayer) -> Any:
    role = player.role
    return role() if callable(role) else role


class ExtraModel(models.Model):
    """An app's own table (oTree 5's ExtraModel): rows linked to its players, groups or
    subsessions by `models.Link(...)`, any number of them per player (bids, offers, moves).

        class Offer(ExtraModel):
            player = models.Link(Player)
            amount = models.CurrencyField()

        Offer.create(player=player, amount=10)
        Offer.filter(player=player)            # a list, oldest first
        Offer.values_list("amount", player=player, flat=True)

    Each row also keeps its session (taken from the objects it links to), so it is exported
    with the session's data and deleted with it (lifecycle/services.py:session_delete). Rows
    created or read in a request belong to its unit of work, as players do: a change to one is
    stored when the request ends. Its table is created with the app's others (`migrate
    --run-syncdb`)."""

    session = _experiment_fk("sessions_core.Session")

    objects: ClassVar[models.Manager[Any]] = models.Manager()
    # How the registry (a layer below, experimenter/registry.py) tells these from other models.
    quorum_extra_model: ClassVar[bool] = True

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk} of {self._meta.app_label}"

    @classmethod
    def create(cls, **values: Any) -> Any:
        """A new row, stored at once (its id is known), with these values."""
        unknown = sorted(set(values) - _value_names(cls))
        if unknown:
            raise TypeError(f"{cls.__name__}.create: {cls.__name__} has no field "
                            f"{unknown[0]!r} (its fields: {', '.join(sorted(_value_names(cls)))})")
        row: Any = cls(**values)
        if row.session_id is None:
            row.session_id = _session_of_links(row)
        row.save()
        return idmap.adopt(row)

    @classmethod
    def filter(cls, **conditions: Any) -> list[Any]:
        """The rows that match every condition (`player=p`, `amount__gt=5`: Django's lookups),
        in the order they were created."""
        return idmap.adopt_all(cls.objects.filter(**conditions).order_by("pk"))

    @classmethod
    def values_list(cls, *names: str, flat: bool = False, **conditions: Any) -> list[Any]:
        """The named values of the matching rows, oldest first: tuples, or with flat=True and
        one name, the values themselves (`Offer.values_list('amount', player=p, flat=True)`)."""
        if flat and len(names) != 1:
            raise TypeError(f"{cls.__name__}.values_list: flat=True needs exactly one name")
        rows = cls.objects.filter(**conditions).order_by("pk")
        return list(rows.values_list(*names, flat=flat))

    @classmethod
    def values_dicts(cls, **conditions: Any) -> list[dict[str, Any]]:
        """The matching rows as dicts of their values (a link by its id: `player_id`)."""
        return list(cls.objects.filter(**conditions).order_by("pk").values())


def _value_names(model: type[models.Model]) -> set[str]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    return {f.name for f in fields} | {f.attname for f in fields}


def _session_of_links(row: ExtraModel) -> int:
    """The session of the first object the row links to (it must link to one)."""
    links = [f for f in row._meta.concrete_fields
             if isinstance(f, models.ForeignKey) and f.name != "session"]
    for link in links:
        linked: Any = link.get_cached_value(row, None)
        if linked is not None:
            return int(linked.session_id)
        linked_id = getattr(row, link.attname)
        if linked_id is not None:
            target = cast(type[models.Model], link.related_model)
            return int(target._default_manager.values_list("session_id", flat=True)
                       .get(pk=linked_id))
    names = ", ".join(link.name for link in links) or "none declared"
    raise ValueError(f"{type(row).__name__}.create needs an object to link to (its links: "
                     f"{names}), or session=...")


def _resolve(by_id: dict[int, BasePlayer], item: Any) -> BasePlayer:
    key = item if isinstance(item, int) else getattr(item, "id_in_subsession", None)
    if key not in by_id:
        raise ValueError(f"set_group_matrix: {item!r} is not a player of this subsession")
    return by_id[key]


# The conditions' tables are core tables: their module is imported here so that Django sees them.
from sessions_core.conditions.models import ConditionAssignment, ConditionBalance  # noqa: E402,F401

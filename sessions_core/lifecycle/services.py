"""Sessions: create, initialize, finish. Writes go through these functions (STYLE.md)."""
from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from participants.models import Participant
from sessions_core.conditions.services import condition_on_start
from sessions_core.db import bulk, idmap
from sessions_core.db.side_effects import after_commit
from sessions_core.errors import InvalidRequest, SessionError
from sessions_core.experimenter.registry import (
    ExperimentApp,
    experiment_app,
    quorum_group_size,
    session_type,
)
from sessions_core.experimenter.session_types import (
    SessionType,
    min_participants_problem,
    quorum_group_problem,
)
from sessions_core.lifecycle.progress import InitializationReporter
from sessions_core.models import Session, random_name

log = logging.getLogger(__name__)

MAX_PARTICIPANTS = 100_000
# A session may override the SessionType's own free config keys, and its pay: as oTree's admin
# lets a session change participation_fee and real_world_currency_per_point.
OVERRIDABLE_PAY_KEYS = ("fixed_pay", "real_world_currency_per_point")
MAX_RATE = 1_000_000  # money per point: anything larger is a typo that would overflow payments
MAX_VARS_CHANGE_BYTES = 64 * 1024  # one change of participant.vars, as JSON
# An initialization that inserts this many rows refreshes the planner's statistics (PostgreSQL).
ANALYZE_AFTER_ROWS = 1_000


def session_check_size(*, session_type_name: str, num_participants: int,
                       whole_groups: bool = True) -> None:
    st = session_type(session_type_name)
    if not isinstance(num_participants, int) or isinstance(num_participants, bool) \
            or not 1 <= num_participants <= MAX_PARTICIPANTS:
        raise SessionError(f"number of participants must be a whole number from 1 to "
                           f"{MAX_PARTICIPANTS}, not {num_participants!r}",
                           field="num_participants")
    for label in st.app_sequence:
        app = experiment_app(label)
        size = app.players_per_group
        # An app that groups by arrival time forms its groups from whoever turns up.
        if whole_groups and size and num_participants % size and not app.groups_by_arrival_time:
            raise SessionError(
                f"app {label!r} forms groups of {size}, so the number of participants must be a "
                f"multiple of {size} (got {num_participants})", field="num_participants")


def session_one_group_size(*, session_type_name: str) -> int:
    """The smallest session that fills whole groups in every app (least common multiple)."""
    size = 1
    for label in session_type(session_type_name).app_sequence:
        size = math.lcm(size, experiment_app(label).players_per_group or 1)
    return size


def session_demo_size(*, session_type_name: str) -> int:
    st = session_type(session_type_name)
    size = st.num_demo_participants or session_one_group_size(session_type_name=session_type_name)
    if st.min_participants and size < st.min_participants:
        # Enough to reach the quorum, in whole groups.
        size = -(-st.min_participants // size) * size
    return size


DEMO_LABEL = "demo"


def session_create_demo(*, session_type_name: str) -> Session:
    """A demo session: a test session of the SessionType's demo size, labelled "demo"."""
    return session_create(session_type_name=session_type_name,
                          num_participants=session_demo_size(session_type_name=session_type_name),
                          is_test=True, label=DEMO_LABEL)


def session_reuse_demo(*, session_type_name: str) -> tuple[Session, bool]:
    """The SessionType's newest unfinished demo session, or a new one; (session, created)."""
    existing = (Session.objects.filter(session_type=session_type_name, is_test=True,
                                       label=DEMO_LABEL, finished_at__isnull=True)
                .order_by("-created_at").first())
    if existing is not None:
        return existing, False
    return session_create_demo(session_type_name=session_type_name), True


def session_check_config(*, session_type_name: str, overrides: Mapping[str, Any]) -> None:
    """Refuse a config override that the SessionType does not have, or whose value is not of
    its default's type (a typo or "3" for 3 would otherwise reach the experiment's code)."""
    st = session_type(session_type_name)
    for key, value in overrides.items():
        if key in OVERRIDABLE_PAY_KEYS:
            problem = _pay_problem(key, value)
        elif key in st.config:
            problem = _value_problem(value, st.config[key]) or json_text_problem(value)
        else:
            problem = (f"not a config key of SessionType {st.name!r} (it has: "
                       f"{', '.join([*sorted(st.config), *OVERRIDABLE_PAY_KEYS])})")
        if problem:
            raise SessionError(f"config.{key}: {problem}", field=f"config.{key}")


def json_text_problem(value: Any) -> str | None:
    """Why a JSON value cannot be stored (None when it can): PostgreSQL's jsonb holds neither
    the character U+0000 nor half of a surrogate pair, in keys or in strings. Refused on every
    database alike, so a value SQLite would take is not a 500 in production."""
    stack = [value]
    while stack:  # without recursion: the parser allows 32 levels, a caller may pass more
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "text may not contain the character U+0000 (NUL)"
            if not item.isascii() and any(0xD800 <= ord(c) <= 0xDFFF for c in item):
                return "text may not contain half of a UTF-16 surrogate pair"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _value_problem(value: Any, default: Any) -> str | None:
    """Why value cannot replace default (None when it can): the same JSON type, where a
    number default takes any finite number and a whole-number default only whole numbers."""
    is_number = (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and math.isfinite(value))
    if isinstance(default, bool):
        ok, words = isinstance(value, bool), "true or false"
    elif isinstance(default, int):
        ok, words = is_number and isinstance(value, int), "a whole number"
    elif isinstance(default, (float, Decimal)):
        ok, words = is_number, "a number"
    elif isinstance(default, (str, list, dict)):
        ok, words = isinstance(value, type(default)), f"a {type(default).__name__}"
    else:
        return None  # a default of None: any JSON value
    return None if ok else f"must be {words}, like the default {default!r}"


def _pay_problem(key: str, value: Any) -> str | None:
    if key == "fixed_pay":
        whole = isinstance(value, int) and not isinstance(value, bool)
        return None if whole and 0 <= value <= 2**31 - 1 else \
            "must be a whole number of minor units >= 0 (1000 = 10.00)"
    try:
        rate = Decimal(str(value)) if not isinstance(value, bool) else Decimal(-1)
    except InvalidOperation:
        rate = Decimal(-1)
    return None if rate.is_finite() and 0 <= rate <= MAX_RATE else \
        f"must be a number from 0 to {MAX_RATE} (a string keeps it exact: \"0.01\")"


def _session_config(st: SessionType, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    session_check_config(session_type_name=st.name, overrides=overrides or {})
    config = st.session_config(dict(overrides or {}))
    config["real_world_currency_per_point"] = str(config["real_world_currency_per_point"])
    return config


def session_create(*, session_type_name: str, num_participants: int,
                   config: dict[str, Any] | None = None, label: str = "",
                   is_test: bool = False, growing: bool = False,
                   min_participants: int | None = None) -> Session:
    """Create a session and its participant slots with bulk inserts (not initialized yet).

    A growing session (a room's) may start with no slots and gain them one by one, so its size
    need not fill whole groups. min_participants (a room's) replaces the SessionType's quorum
    (engine/quorum.py); a session of fixed size must have slots enough to reach it.
    """
    try:
        st = session_type(session_type_name)
    except LookupError as error:
        raise SessionError(str(error), field="session_type") from None
    if not (growing and num_participants == 0):
        session_check_size(session_type_name=session_type_name, num_participants=num_participants,
                           whole_groups=not growing)
    session_config = _session_config(st, config)
    quorum = st.min_participants if min_participants is None else min_participants
    if min_participants is not None:  # a room's, checked as the SessionType's was at start-up
        problem = (min_participants_problem(min_participants) or quorum_group_problem(
            min_participants, quorum_group_size(st.app_sequence), f"SessionType {st.name!r}"))
        if problem:
            raise SessionError(problem, field="min_participants")
    if quorum is not None and not growing and num_participants < quorum:
        raise SessionError(f"number of participants ({num_participants}) is smaller than the "
                           f"quorum of SessionType {st.name!r} (min_participants={quorum}): the "
                           f"session could never start", field="num_participants")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                session = Session.objects.create(
                    name=random_name(), session_type=st.name, config=session_config,
                    num_participants=num_participants, label=label, is_test=is_test,
                    min_participants=quorum,
                    quorum_timeout_seconds=st.quorum_timeout_seconds if quorum else None)
                if num_participants:
                    participants_add(session=session, count=num_participants)
                return session
        except IntegrityError:
            log.info("session name collision, trying another name")
    raise SessionError("could not find a free session name; try again")


def participants_add(*, session: Session, count: int, first_id: int = 1) -> list[Participant]:
    names: set[str] = set()
    while len(names) < count:
        names.add(random_name())
    rows = [Participant(session=session, name=name, id_in_session=first_id + offset)
            for offset, name in enumerate(names)]
    return Participant.objects.bulk_create(rows, batch_size=2000)


def participant_join(*, session: Session, label: str | None = None,
                     capacity: int | None = None,
                     panel_vars: Mapping[str, Any] | None = None,
                     environment: Mapping[str, Any] | None = None) -> Participant | None:
    """Add one claimed participant slot to a growing session (a room's), or None when the
    session holds `capacity` participants already. Runs inside the caller's transaction; the
    slot is numbered under the session's row lock (_take_number). In an initialized session the
    newcomer gets a player in every app and round, in the first group with room for them (a new
    group when all are full), since creating_session ran before they existed."""
    taken = _take_number(session, capacity)
    if taken is None:
        return None
    number, initialized = taken
    participant = Participant.objects.create(
        session=session, name=random_name(), label=label, id_in_session=number,
        claimed_at=timezone.now(), vars=dict(panel_vars or {}),
        environment=dict(environment or {}))
    if initialized:
        for app_label in session.app_sequence:
            _add_players(session, experiment_app(app_label), participant)
    return participant


def _take_number(session: Session, capacity: int | None) -> tuple[int, bool] | None:
    """The next id_in_session of a new slot and whether the session is initialized (both as
    committed by the time the session's row lock is ours), or None when the session holds
    `capacity` participants already.

    One UPDATE: it takes the session's row lock (held until commit: the numbering and the
    capacity are serialized by it, and initialization too, which holds the same lock while it
    makes every participant's players), checks the capacity against the latest count and counts
    the newcomer. A rolled back join gives its number back. SQLite 3.35 or later (RETURNING).
    """
    table = connection.ops.quote_name(Session._meta.db_table)
    sql = (f"UPDATE {table} SET num_participants = num_participants + 1 WHERE id = %s"
           + (" AND num_participants < %s" if capacity is not None else "")
           + " RETURNING num_participants, initialized")
    with connection.cursor() as cursor:
        cursor.execute(sql, [session.pk] if capacity is None else [session.pk, capacity])
        row = cursor.fetchone()
    if row is None:
        return None
    return int(row[0]), bool(row[1])


def _add_players(session: Session, app: ExperimentApp, participant: Participant) -> None:
    """A newcomer's player in every round of an initialized session's app, each in the first
    group of its round that is not full (a new group when all are). Under the session's row
    lock (_take_number), which serializes the group counts. One query reads every group of the
    app with its number of players; one insert makes the groups needed, one the players."""
    size = app.players_per_group
    members = (app.Player.objects.filter(group=OuterRef("pk")).order_by().values("group")
               .annotate(n=Count("pk")).values("n"))
    groups = list(app.Group.objects.filter(session=session)
                  .annotate(members=Coalesce(Subquery(members), 0))
                  .order_by("round_number", "id_in_subsession"))
    by_round: dict[int, list[Any]] = {}
    for group in groups:
        by_round.setdefault(group.round_number, []).append(group)
    subsessions = {rnd: found[0].subsession_id for rnd, found in by_round.items()}
    if len(subsessions) < app.num_rounds:  # a round without groups (initialized when empty)
        subsessions = dict(app.Subsession.objects.filter(session=session)
                           .values_list("round_number", "pk"))
    chosen: dict[int, Any] = {}
    new_groups = []
    for round_number in sorted(subsessions):
        found = by_round.get(round_number, [])
        group = next((g for g in found if size is None or g.members < size), None)
        if group is None:
            group = app.Group(session=session, subsession_id=subsessions[round_number],
                              round_number=round_number,
                              id_in_subsession=(found[-1].id_in_subsession if found else 0) + 1)
            group.members = 0
            new_groups.append(group)
        chosen[round_number] = group
    if new_groups:
        app.Group.objects.bulk_create(new_groups)
    app.Player.objects.bulk_create([
        app.Player(session=session, participant=participant,
                   subsession_id=subsessions[round_number], group=group,
                   round_number=round_number, id_in_group=group.members + 1,
                   id_in_subsession=participant.id_in_session)
        for round_number, group in chosen.items()])


def session_initialize(*, session: Session) -> bool:
    """Create the subsessions, groups and players and run creating_session, once.

    Takes the session row lock: simultaneous first loads, and the initialization task, wait
    here and find it done. The run reports its progress as it goes (lifecycle/progress.py),
    where the admin sees it before this transaction commits.
    """
    with idmap.unit_of_work():
        session = idmap.adopt(session)
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.initialized:
            idmap.refresh(session, locked)
            return False
        reporter = InitializationReporter(session.name)
        try:
            _initialize(session, reporter)
        except Exception as error:
            reporter.fail(error)
            raise
        reporter.end()
        return True


def _initialize(session: Session, reporter: InitializationReporter) -> None:
    apps = [experiment_app(label) for label in session.app_sequence]
    # One step for each app's rows, each round's creating_session and each app's new_session.
    reporter.start(sum(2 + app.num_rounds for app in apps))
    participant_ids = list(session.participant_set.order_by("id_in_session")
                           .values_list("pk", flat=True))
    inserted = 0
    for app in apps:
        inserted += _create_app_rows(session, app, participant_ids)
        reporter.step(f"{app.label}: players and groups")
    if inserted >= ANALYZE_AFTER_ROWS:
        _analyze_after_commit([Participant, *(m for app in apps
                                             for m in (app.Subsession, app.Group, app.Player))])
    for app in apps:
        _run_creating_session(session, app, reporter)
    for app in apps:
        hook = app.hook("new_session")
        if callable(hook):
            hook(session)
        reporter.step(f"{app.label}: new_session")
    session.initialized = True
    idmap.save_now([session], ["initialized"])


def _create_app_rows(session: Session, app: ExperimentApp, participant_ids: list[int]) -> int:
    """The app's subsessions, groups and players, grouped in participant order; returns how
    many rows it inserted.

    Groups and players are inserted as rows, without a model instance each (bulk.bulk_insert):
    building and preparing 12,000 instances was a third of a 3,000-participant public goods
    initialization."""
    rounds = range(1, app.num_rounds + 1)
    subsessions = app.Subsession.objects.bulk_create(
        [app.Subsession(session=session, round_number=r) for r in rounds])
    size = app.players_per_group or len(participant_ids) or 1
    num_groups = max(1, -(-len(participant_ids) // size))
    bulk.bulk_insert(app.Group, ["session", "subsession", "round_number", "id_in_subsession"],
                     ((session.pk, s.pk, s.round_number, g)
                      for s in subsessions for g in range(1, num_groups + 1)))
    group_of = {(r, g): pk for pk, r, g in app.Group.objects.filter(subsession__in=subsessions)
                .values_list("pk", "round_number", "id_in_subsession")}
    bulk.bulk_insert(
        app.Player, ["session", "participant", "subsession", "group", "round_number",
                     "id_in_group", "id_in_subsession"],
        ((session.pk, pid, s.pk, group_of[(s.round_number, index // size + 1)],
          s.round_number, index % size + 1, index + 1)
         for s in subsessions for index, pid in enumerate(participant_ids)))
    return len(subsessions) * (1 + num_groups + len(participant_ids))


def _analyze_after_commit(models: list[type[Model]]) -> None:
    """PostgreSQL: refresh the planner's statistics of these tables once the rows are committed.

    Rows inserted in bulk leave a table's statistics behind until autovacuum gets to it, and
    the participants' first page loads then look their players up with plans made for a
    smaller table (0.85 against 0.58 ms per lookup in bench/RESULTS.md's probe). Run after the
    commit: ANALYZE inside the transaction would hold its table lock until then, making
    two sessions' initializations wait for each other."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table)
                       for m in dict.fromkeys(models))

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")

    after_commit("ANALYZE after a large initialization", analyze)


def _run_creating_session(session: Session, app: ExperimentApp,
                          reporter: InitializationReporter) -> None:
    subsessions = idmap.adopt_all(app.Subsession.objects.filter(session=session)
                                  .order_by("round_number"))
    for subsession in subsessions:
        subsession.session = session
        # Subsession.creating_session (oTree 3), or creating_session(subsession) (one-file format)
        app.call_model_hook(subsession, "creating_session")
        reporter.step(f"{app.label}: creating_session, round {subsession.round_number}")


def participant_start(*, participant: Participant) -> None:
    """First load: assign the participant's (or the session's) condition, run each app's
    new_player hook and put the participant in the flow."""
    condition_on_start(participant=participant)
    for label in participant.session.app_sequence:
        hook = experiment_app(label).hook("new_player")
        if callable(hook):
            hook(participant)
    participant.status = Participant.Status.PLAYING
    participant.started_at = timezone.now()
    participant.app_index = 0
    participant.round_number = 1
    participant.page_index = 0


@transaction.atomic
def participant_set_vars(*, participant: Participant, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set these keys of participant.vars, keeping the others; returns the vars as stored.

    Takes the participant's row lock (first in the lock order, as the participant's own page
    requests do), so a page that changes vars at the same moment is not overwritten.
    """
    problem = json_text_problem(values)
    if problem:
        raise InvalidRequest(f"vars: {problem}", field="vars")
    size = len(json.dumps(values))
    if size > MAX_VARS_CHANGE_BYTES:
        raise InvalidRequest(f"vars: at most {MAX_VARS_CHANGE_BYTES} bytes of JSON at once, "
                             f"not {size}", field="vars")
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    locked.vars = {**(locked.vars or {}), **values}
    locked.save(update_fields=["vars"])
    return dict(locked.vars)


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Delete a session with its participants and every experiment row of it.

    Experiment tables link to the session without a database constraint (see models.py), so
    their rows are deleted here, app by app, before the session itself: an app's ExtraModel
    rows first, as they link to its players, groups and subsessions.
    """
    for label in session.app_sequence:
        app = experiment_app(label)
        for model in (*app.extra_models, app.Player, app.Group, app.Subsession):
            model.objects.filter(session_id=session.pk).delete()
    session.delete()

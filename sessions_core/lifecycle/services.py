"""Sessions: create, initialize, finish. Writes go through these functions (STYLE.md)."""
from __future__ import annotations

import logging
import math
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.errors import SessionError
from sessions_core.experimenter.registry import ExperimentApp, experiment_app, session_type
from sessions_core.models import Session, random_name

log = logging.getLogger(__name__)

MAX_PARTICIPANTS = 100_000


def session_check_size(*, session_type_name: str, num_participants: int,
                       whole_groups: bool = True) -> None:
    st = session_type(session_type_name)
    if not isinstance(num_participants, int) or isinstance(num_participants, bool) \
            or not 1 <= num_participants <= MAX_PARTICIPANTS:
        raise SessionError(f"number of participants must be a whole number from 1 to "
                           f"{MAX_PARTICIPANTS}, not {num_participants!r}")
    for label in st.app_sequence:
        size = experiment_app(label).players_per_group
        if whole_groups and size and num_participants % size:
            raise SessionError(
                f"app {label!r} forms groups of {size}, so the number of participants must be a "
                f"multiple of {size} (got {num_participants})")


def session_one_group_size(*, session_type_name: str) -> int:
    """The smallest session that fills whole groups in every app (least common multiple)."""
    size = 1
    for label in session_type(session_type_name).app_sequence:
        size = math.lcm(size, experiment_app(label).players_per_group or 1)
    return size


def session_demo_size(*, session_type_name: str) -> int:
    st = session_type(session_type_name)
    return st.num_demo_participants or session_one_group_size(session_type_name=session_type_name)


def session_create(*, session_type_name: str, num_participants: int,
                   config: dict[str, Any] | None = None, label: str = "",
                   is_test: bool = False, growing: bool = False) -> Session:
    """Create a session and its participant slots with bulk inserts (not initialized yet).

    A growing session (a room's) may start with no slots and gain them one by one, so its size
    need not fill whole groups.
    """
    try:
        st = session_type(session_type_name)
    except LookupError as error:
        raise SessionError(str(error)) from None
    if not (growing and num_participants == 0):
        session_check_size(session_type_name=session_type_name, num_participants=num_participants,
                           whole_groups=not growing)
    session_config = st.session_config(config)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                session = Session.objects.create(
                    name=random_name(), session_type=st.name, config=session_config,
                    num_participants=num_participants, label=label, is_test=is_test)
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


def participant_join(*, session: Session, label: str | None = None) -> Participant:
    """Add one participant slot to a session (rooms grow sessions this way).

    Takes the session row lock: it serializes the numbering of slots. In an initialized session
    the newcomer gets a player in every app and round, in the first group with room for them
    (a new group when all are full), since creating_session ran before they existed.
    """
    locked = Session.objects.select_for_update().get(pk=session.pk)
    last = locked.participant_set.order_by("-id_in_session").values_list(
        "id_in_session", flat=True).first() or 0
    name = random_name()
    while locked.participant_set.filter(name=name).exists():
        name = random_name()
    participant = Participant.objects.create(session=locked, name=name, label=label,
                                             id_in_session=last + 1)
    Session.objects.filter(pk=session.pk).update(num_participants=last + 1)
    if locked.initialized:
        for app_label in locked.app_sequence:
            _add_players(locked, experiment_app(app_label), participant)
    return participant


def _add_players(session: Session, app: ExperimentApp, participant: Participant) -> None:
    size = app.players_per_group
    players = []
    for subsession in app.Subsession.objects.filter(session=session).order_by("round_number"):
        counts = dict(app.Player.objects.filter(subsession=subsession).values_list("group_id")
                      .annotate(n=Count("id")).values_list("group_id", "n"))
        groups = list(app.Group.objects.filter(subsession=subsession).order_by("id_in_subsession"))
        group = next((g for g in groups if size is None or counts.get(g.pk, 0) < size), None)
        if group is None:
            group = app.Group.objects.create(
                session=session, subsession=subsession, round_number=subsession.round_number,
                id_in_subsession=(groups[-1].id_in_subsession if groups else 0) + 1)
        players.append(app.Player(
            session=session, participant=participant, subsession=subsession, group=group,
            round_number=subsession.round_number, id_in_group=counts.get(group.pk, 0) + 1,
            id_in_subsession=participant.id_in_session))
    app.Player.objects.bulk_create(players)


def session_initialize(*, session: Session) -> bool:
    """Create the subsessions, groups and players and run creating_session, once.

    Takes the session row lock: simultaneous first loads wait here and find it done.
    """
    with idmap.unit_of_work():
        session = idmap.adopt(session)
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.initialized:
            idmap.refresh(session, locked)
            return False
        participant_ids = list(session.participant_set.order_by("id_in_session")
                               .values_list("pk", flat=True))
        for label in session.app_sequence:
            _create_app_rows(session, experiment_app(label), participant_ids)
        for label in session.app_sequence:
            _run_creating_session(session, experiment_app(label))
        for label in session.app_sequence:
            hook = experiment_app(label).hook("new_session")
            if callable(hook):
                hook(session)
        session.initialized = True
        idmap.save_now([session], ["initialized"])
        return True


def _create_app_rows(session: Session, app: ExperimentApp, participant_ids: list[int]) -> None:
    rounds = range(1, app.num_rounds + 1)
    subsessions = app.Subsession.objects.bulk_create(
        [app.Subsession(session=session, round_number=r) for r in rounds])
    size = app.players_per_group or len(participant_ids) or 1
    num_groups = max(1, -(-len(participant_ids) // size))
    groups = app.Group.objects.bulk_create(
        [app.Group(session=session, subsession=s, round_number=s.round_number,
                   id_in_subsession=g)
         for s in subsessions for g in range(1, num_groups + 1)], batch_size=2000)
    group_of = {(g.round_number, g.id_in_subsession): g for g in groups}
    players = [
        app.Player(session=session, participant_id=pid, subsession=s,
                   group=group_of[(s.round_number, index // size + 1)],
                   round_number=s.round_number, id_in_group=index % size + 1,
                   id_in_subsession=index + 1)
        for s in subsessions for index, pid in enumerate(participant_ids)
    ]
    app.Player.objects.bulk_create(players, batch_size=2000)


def _run_creating_session(session: Session, app: ExperimentApp) -> None:
    subsessions = idmap.adopt_all(app.Subsession.objects.filter(session=session)
                                  .order_by("round_number"))
    for subsession in subsessions:
        subsession.session = session
        subsession.creating_session()


def participant_start(*, participant: Participant) -> None:
    """First load: run each app's new_player hook and put the participant in the flow."""
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
def session_delete(*, session: Session) -> None:
    """Delete a session with its participants and every experiment row of it.

    Experiment tables link to the session without a database constraint (see models.py), so
    their rows are deleted here, app by app, before the session itself.
    """
    for label in session.app_sequence:
        app = experiment_app(label)
        for model in (app.Player, app.Group, app.Subsession):
            model.objects.filter(session_id=session.pk).delete()
    session.delete()

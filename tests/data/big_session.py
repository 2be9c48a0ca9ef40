"""A large session that looks played, built with bulk inserts (no bots, no hooks): for the
export memory test and bench/export_bench.py.

Every participant finished; every player, group and subsession field of the session's apps has a
value; each participant left three pages per round (page times).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection, models
from django.utils import timezone

from participants.models import Participant
from sessions_core.experimenter.registry import ExperimentApp, experiment_app
from sessions_core.lifecycle.services import session_create
from sessions_core.models import PageVisit, Session

BATCH = 2000
BASE = {"id", "session", "participant", "subsession", "group", "round_number", "id_in_group",
        "id_in_subsession", "payoff"}


def _value(field: models.Field, n: int) -> Any:
    if isinstance(field, models.BooleanField):
        return n % 2 == 0
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return n % 100
    return f"answer {n}"


def _filled(model: type[models.Model], n: int, **known: Any) -> models.Model:
    values = {f.attname: _value(f, n) for f in model._meta.concrete_fields if f.name not in BASE}
    return model(**values, **known)


def _build_app(session: Session, app: ExperimentApp, participants: list[Participant]) -> None:
    size = app.players_per_group or len(participants)
    for round_number in range(1, app.num_rounds + 1):
        subsession = _filled(app.Subsession, round_number, session=session,
                             round_number=round_number)
        subsession.save()
        groups = app.Group.objects.bulk_create(
            [_filled(app.Group, g, session=session, subsession=subsession,
                     round_number=round_number, id_in_subsession=g)
             for g in range(1, len(participants) // size + 1)], batch_size=BATCH)
        app.Player.objects.bulk_create(
            [_filled(app.Player, i, session=session, participant_id=p.pk, subsession=subsession,
                     group=groups[i // size], round_number=round_number,
                     id_in_group=i % size + 1, id_in_subsession=i + 1, payoff=i % 50)
             for i, p in enumerate(participants)], batch_size=BATCH)


def _page_visits(session: Session, participants: list[Participant]) -> None:
    """Three pages left per participant and round, inserted with executemany: the ORM's
    bulk_create spends most of its time preparing values, and there are many rows."""
    table = PageVisit._meta.db_table
    columns = ["session_id", "participant_id", "app_index", "app_label", "round_number",
               "page_index", "page_name", "entered_at", "left_at", "how"]
    sql = (f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    start = timezone.now() - timedelta(hours=1)
    rows = []
    for app_index, label in enumerate(session.app_sequence):
        app = experiment_app(label)
        pages = [page.__name__ for page in app.page_sequence][:3]
        for participant in participants:
            for round_number in range(1, app.num_rounds + 1):
                for page_index, name in enumerate(pages):
                    entered = start + timedelta(seconds=10 * page_index + round_number)
                    rows.append((session.pk, participant.pk, app_index, label, round_number,
                                 page_index, name, entered, entered + timedelta(seconds=7),
                                 PageVisit.How.SUBMITTED.value))
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def big_session(participants: int, session_type: str = "public_goods") -> Session:
    session = session_create(session_type_name=session_type, num_participants=participants)
    now = timezone.now()
    Participant.objects.filter(session=session).update(
        status=Participant.Status.FINISHED, started_at=now, finished_at=now, payment=1234,
        vars={"treatment": "baseline", "answers": [1, 2, 3]})
    found = list(session.participant_set.order_by("id_in_session"))
    for label in session.app_sequence:
        _build_app(session, experiment_app(label), found)
    _page_visits(session, found)
    Session.objects.filter(pk=session.pk).update(initialized=True, finished_at=now)
    return Session.objects.get(pk=session.pk)

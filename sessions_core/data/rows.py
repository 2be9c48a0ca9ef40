"""Reads for the exports, a page at a time, so that memory does not grow with the session.

Participants are read in keyset pages (`id_in_session > last`, PAGE_SIZE at a time), each page
with its players of every app and round and its page visits (one query per app, one for the
visits); an app's table is read with `.iterator(chunk_size=...)` (a server-side cursor on
PostgreSQL, fetchmany on SQLite). Nothing here keeps a list of the whole session. Pages are
never empty.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from django.db.models import QuerySet

from participants.models import Participant, ParticipantLog
from sessions_core.data.fields import (
    AppFields,
    ChatRow,
    ExtraRow,
    ExtraTable,
    LogRow,
    ParticipantRow,
    Plan,
    PlayerRow,
    VisitRow,
)
from sessions_core.models import BasePlayer, ChatMessage, PageVisit, Session

PAGE_SIZE = 500  # participants per page: their players in every app and round are in memory
CHUNK_SIZE = 1000  # players per fetch of an app's table

Progress = Callable[[int], None]


def no_progress(units: int) -> None:
    """Progress is reported to whoever asked (an export job); by default to no one."""


def sessions_of_type(session_type: str) -> list[Session]:
    """Every session of a SessionType, oldest first (a few hundred rows at most)."""
    return list(Session.objects.filter(session_type=session_type).order_by("created_at", "pk"))


def participant_pages(session: Session, *, plan: Plan | None,
                      visits: bool = False) -> Iterator[list[ParticipantRow]]:
    """The session's participants in order, PAGE_SIZE at a time, with their players (for every
    app of plan) and their page visits (when asked).

    Memory holds one page: each loop over pages here and in writers.py drops its page (`del`)
    before asking for the next, which would otherwise be read while the last is still held."""
    last = 0
    while page := _participant_page(session, plan, visits, last):
        last = page[-1].participant.id_in_session
        yield page
        del page


def _participant_page(session: Session, plan: Plan | None, visits: bool,
                      after: int) -> list[ParticipantRow]:
    participants = (Participant.objects.filter(session=session, id_in_session__gt=after)
                    .order_by("id_in_session")[:PAGE_SIZE])
    rows = {}
    for participant in participants:
        participant.session = session
        rows[participant.pk] = ParticipantRow(participant=participant, session=session)
    for app in plan.apps if plan is not None else ():
        _attach_players(app, session, rows)
    if visits:
        _attach_visits(session, rows)
    return list(rows.values())


def _attach_players(app: AppFields, session: Session, rows: dict[int, ParticipantRow]) -> None:
    players = list(app.app.Player.objects.filter(session=session, participant_id__in=list(rows)))
    _link(app, session, players)
    for player in players:
        owner = rows[player.participant_id]
        # role() and the like may read it: no query per player.
        player.participant = owner.participant
        owner.players[(app.label, player.round_number)] = player


def _link(app: AppFields, session: Session, players: list[BasePlayer]) -> None:
    """Give the players their session, group and subsession: the groups of a page are read
    once (a group is shared by its members), the subsessions (one per round) once per page."""
    groups = app.app.Group.objects.in_bulk({p.group_id for p in players if p.group_id})
    subsessions = app.app.Subsession.objects.in_bulk({p.subsession_id for p in players})
    for player in players:
        player.session = session
        player.subsession = subsessions[player.subsession_id]
        if player.group_id in groups:
            player.group = groups[player.group_id]


VISIT_VALUES = ["participant_id", "app_label", "round_number", "page_index", "page_name",
                "entered_at", "left_at", "how"]


def _attach_visits(session: Session, rows: dict[int, ParticipantRow]) -> None:
    # Named tuples, not model instances: page visits are many, and only read.
    visits = (PageVisit.objects.filter(session=session, participant_id__in=list(rows))
              .order_by("participant_id", "left_at", "id").values_list(*VISIT_VALUES, named=True))
    for visit in visits:
        rows[visit.participant_id].visits.append(visit)


def app_players(sessions: Sequence[Session], app: AppFields) -> Iterator[list[PlayerRow]]:
    """One app's players of the sessions, by session, round and place in the round, CHUNK_SIZE
    at a time (each chunk's participants and groups read with it)."""
    for session in sessions:
        players = (app.app.Player.objects.filter(session=session)
                   .order_by("round_number", "id_in_subsession", "pk").iterator(CHUNK_SIZE))
        while chunk := list(islice(players, CHUNK_SIZE)):
            yield player_rows(chunk, app, [session])
            del chunk


def app_player_pages(sessions: Sequence[Session], app: AppFields,
                     progress: Progress = no_progress) -> Iterator[list[PlayerRow]]:
    for page in app_players(sessions, app):
        yield page
        progress(len(page))
        del page


def participant_row_pages(sessions: Sequence[Session], plan: Plan, *, visits: bool = False,
                          progress: Progress = no_progress) -> Iterator[list[ParticipantRow]]:
    for session in sessions:
        for page in participant_pages(session, plan=plan, visits=visits):
            yield page
            progress(len(page))
            del page


def visit_pages(sessions: Sequence[Session],
                progress: Progress = no_progress) -> Iterator[list[VisitRow]]:
    """Every page visit of the sessions, by participant and time (progress: participants)."""
    for session in sessions:
        for page in participant_pages(session, plan=None, visits=True):
            found = [VisitRow(visit=visit, owner=row) for row in page for visit in row.visits]
            if found:
                yield found
            progress(len(page))
            del page, found


CHAT_VALUES = ["id", "participant_id", "channel", "nickname", "body", "created_at"]


def chat_pages(sessions: Sequence[Session],
               progress: Progress = no_progress) -> Iterator[list[ChatRow]]:
    """Every chat message of the sessions, by session and time, CHUNK_SIZE at a time, each with
    its sender (progress: messages)."""
    for session in sessions:
        messages = (ChatMessage.objects.filter(session=session).order_by("id")
                    .values_list(*CHAT_VALUES, named=True).iterator(CHUNK_SIZE))
        while chunk := list(islice(messages, CHUNK_SIZE)):
            senders = Participant.objects.in_bulk({m.participant_id for m in chunk})
            rows = []
            for message in chunk:
                sender = senders.get(message.participant_id) or Participant(
                    pk=message.participant_id, session=session)  # a sender deleted since
                sender.session = session
                rows.append(ChatRow(message=message,
                                    owner=ParticipantRow(participant=sender, session=session)))
            yield rows
            progress(len(rows))
            del chunk, rows


LOG_VALUES = ["id", "participant_id", "name", "data", "app_label", "round_number", "page_name",
              "created_at"]


def log_pages(sessions: Sequence[Session],
              progress: Progress = no_progress) -> Iterator[list[LogRow]]:
    """Every participant.log record of the sessions, by session and order of the calls,
    CHUNK_SIZE at a time, each with its participant (progress: records)."""
    for session in sessions:
        records = (ParticipantLog.objects.filter(session=session).order_by("id")
                   .values_list(*LOG_VALUES, named=True).iterator(CHUNK_SIZE))
        while chunk := list(islice(records, CHUNK_SIZE)):
            owners = Participant.objects.in_bulk({r.participant_id for r in chunk})
            rows = []
            for record in chunk:
                owner = owners.get(record.participant_id) or Participant(
                    pk=record.participant_id, session=session)
                owner.session = session
                rows.append(LogRow(record=record,
                                   owner=ParticipantRow(participant=owner, session=session)))
            yield rows
            progress(len(rows))
            del chunk, rows


def count_logs(sessions: Sequence[Session]) -> int:
    return ParticipantLog.objects.filter(session__in=[s.pk for s in sessions]).count()


def extra_pages(sessions: Sequence[Session], table: ExtraTable,
                progress: Progress = no_progress) -> Iterator[list[ExtraRow]]:
    """An ExtraModel table's rows of the sessions, by session and id, CHUNK_SIZE at a time,
    each with the players, groups or subsessions it links to (joined in the same query)."""
    for session in sessions:
        rows = (table.model._default_manager.filter(session=session)
                .select_related(*table.related).order_by("pk").iterator(CHUNK_SIZE))
        while chunk := [ExtraRow(row=row, session=session) for row in islice(rows, CHUNK_SIZE)]:
            yield chunk
            progress(len(chunk))
            del chunk


def count_extra(sessions: Sequence[Session], table: ExtraTable) -> int:
    return table.model._default_manager.filter(session__in=[s.pk for s in sessions]).count()


def count_chat(sessions: Sequence[Session]) -> int:
    return ChatMessage.objects.filter(session__in=[s.pk for s in sessions]).count()


def count_participants(sessions: Sequence[Session]) -> int:
    return Participant.objects.filter(session__in=[s.pk for s in sessions]).count()


def count_players(sessions: Sequence[Session], app: AppFields) -> int:
    return app.app.Player.objects.filter(session__in=[s.pk for s in sessions]).count()


def app_table(sessions: Sequence[Session], app: AppFields) -> QuerySet[BasePlayer]:
    """An app's players of the sessions, as the admin's data tab pages through them."""
    return (app.app.Player.objects.filter(session__in=[s.pk for s in sessions])
            .order_by("session_id", "round_number", "id_in_subsession", "pk"))


def player_rows(players: Iterable[BasePlayer], app: AppFields,
                sessions: Sequence[Session]) -> list[PlayerRow]:
    """Rows of an app's table, for players of the sessions (with their participants and groups:
    one query each for the lot)."""
    players = list(players)
    participants = Participant.objects.in_bulk({p.participant_id for p in players})
    by_id = {s.pk: s for s in sessions}
    rows = []
    for session_id in dict.fromkeys(p.session_id for p in players):
        _link(app, by_id[session_id], [p for p in players if p.session_id == session_id])
    for player in players:
        session = by_id[player.session_id]
        participant = participants[player.participant_id]
        participant.session = session
        player.participant = participant
        rows.append(PlayerRow(player=player, owner=ParticipantRow(participant=participant,
                                                                  session=session)))
    return rows

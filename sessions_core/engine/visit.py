"""One participant request, whoever makes it.

The participant's page (GET and POST), the wait page's poll and socket, the bot runner and the
test helpers all come through participant_visit, which owns the steps of a request in their
order: retry when PostgreSQL breaks a lock cycle, one transaction with its unit of work
(sessions_core/db/idmap.py), the participant's row lock, show or submit (engine/flow.py), and
rendering. Nothing else composes those steps.

A request that changes nothing (a page view, a waiting page's poll while the barrier is closed)
is answered first without a transaction or a lock, in a read-only unit: a participant's pages
and polls then never wait on each other's row lock, nor cost a BEGIN and a COMMIT. When that
request turns out to have something to record (a first entry, an arrival, passing a wait page
that opened, a hook that changed a field), nothing has been written and it runs again locked.

participant_peek is the one read outside that path: the cheap answer to a waiting page's ping,
with no lock and no transaction.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest

from participants.models import Participant, format_position
from sessions_core.db import idmap
from sessions_core.engine.dropouts import drop_out
from sessions_core.engine.flow import Outcome, on_wait_page, show, submit, timer_ran_out, view
from sessions_core.engine.forms import SYSTEM_FIELD
from sessions_core.engine.live import live_message, live_message_on
from sessions_core.engine.quorum import lobby_state as quorum_lobby_state
from sessions_core.engine.rendering import render_outcome
from sessions_core.engine.waiting import Arrival, arrival_state

# A waiting page's arrival states that a reload changes (participant_peek).
MOVES_ON = (Arrival.OPEN, Arrival.RELEASE)


@dataclass(frozen=True)
class Visit:
    """What one request did: where the participant is now, and the page's HTML if rendered.

    `outcome` is None for a participant who has not started and was not started (start=False),
    and may be None when only the state was asked for (state_only)."""

    participant_id: int
    status: str
    position: str
    outcome: Outcome | None
    html: str = ""

    @property
    def state(self) -> dict[str, str]:
        """The position as a waiting page's poll and socket report it."""
        return {"status": self.status, "position": self.position}


Render = bool | Callable[[Outcome], bool]


def participant_visit(*, session_name: str | None = None, participant_name: str | None = None,
                      pk: int | None = None, submit_data: Mapping[str, Any] | None = None,
                      at: str | None = None, timeout_happened: bool = False,
                      start: bool = True, render: Render = True, state_only: bool = False,
                      request: HttpRequest | None = None, expire: datetime | None = None) -> Visit:
    """Show the participant's current page, or submit a form to it.

    The participant is named by the two names of their URL, or by primary key (raises
    Participant.DoesNotExist). With submit_data the data is submitted as a form rendered at
    position `at` (default: the data's own position field; "" when it has none, which is
    stale): a stale post changes nothing and shows the current page. timeout_happened submits
    as a page timeout does.

    start=False is for reads (the poll and the socket), and for the participant page's first
    try (participants/views.py: a first entry passes the entry rules first): a participant who
    has not started is not started by them, not even by a form post, so a link previewer or a
    socket never runs new_player or initializes the session. `render` says whether to render
    the page's HTML (or which outcomes to).
    state_only: only the status and position are wanted (the poll, the socket), so a view
    builds no page.

    expire: the page timer's firing (engine/timeouts.py) at that time: the participant's row
    is locked only if no other request holds it (SKIP LOCKED) and its deadline is due then;
    otherwise nothing happens and the Visit has no outcome. Two firings, or a firing and the
    participant's own submission, thus make one submission.
    """
    if expire is not None:
        if pk is None:
            raise TypeError("a timer's firing names the participant by pk")
        return idmap.retrying(lambda: _expire(pk, expire, render))
    opened_at: str | None = None
    if submit_data is None and not timeout_happened and idmap.current() is None:
        seen = _view(session_name, participant_name, pk, start=start, render=render,
                     state_only=state_only, request=request)
        if isinstance(seen, Visit):
            return seen
        opened_at = seen

    def attempt() -> Visit:
        with idmap.unit_of_work():
            participant = _lock(session_name, participant_name, pk)
            if not start and participant.status == Participant.Status.NEW:
                return _visit(participant, None, "")  # not even by a form post
            if submit_data is not None or timeout_happened:
                # A QueryDict stays one: dict() would turn its values into lists.
                data: Mapping[str, Any] = submit_data if submit_data is not None else {}
                token = at if at is not None else str(data.get(SYSTEM_FIELD, ""))
                outcome = submit(participant, token, data, timeout_happened=timeout_happened)
            else:
                outcome = show(participant, opened_at=opened_at)
            return _rendered(participant, outcome, render, request)

    return idmap.retrying(attempt)


def participant_live(*, pk: int, data: Any, at: str | None = None,
                     page_class: type | None = None, round_number: int | None = None) -> Any:
    """A live message: run a live page's live_method under the participant's row lock, in one
    transaction (engine/live.py); returns what the method returned.

    From a page (the socket): `at` is the position the page was rendered at; a stale one is
    refused (InvalidRequest). From a bot (call_live_method): `page_class` and `round_number`
    name the page, wherever the participant is. A live method that raises rolls back."""
    def attempt() -> Any:
        with idmap.unit_of_work():
            participant = _lock(None, None, pk)
            if page_class is not None:
                assert round_number is not None
                return live_message_on(participant, page_class=page_class,
                                       round_number=round_number, data=data)
            return live_message(participant, at=at or "", data=data)

    return idmap.retrying(attempt)


def participant_dropout(pk: int, now: datetime) -> bool:
    """Mark a silent participant as dropped out (engine/dropouts.py), under their row lock:
    only if no other request holds it (SKIP LOCKED: a later pass looks again) and they are
    still playing, unmarked and due at `now`, so two schedulers mark them once. True if
    this call did."""
    def attempt() -> bool:
        with idmap.unit_of_work():
            row = (Participant.objects.select_related("session")
                   .select_for_update(of=("self",), skip_locked=True)
                   .filter(pk=pk, status=Participant.Status.PLAYING,
                           dropped_out_at__isnull=True, dropout_check_at__lte=now).first())
            if row is None:
                return False
            participant = idmap.adopt(row)
            idmap.adopt(participant.session)
            idmap.mark_locked(participant)
            drop_out(participant, now)
            return True

    return idmap.retrying(attempt)


def _expire(pk: int, now: datetime, render: Render) -> Visit:
    with idmap.unit_of_work():
        # Due rows only, and a row another request holds is left to a later pass: that request
        # may be the participant's own submission of this very page.
        row = (Participant.objects.select_related("session")
               .select_for_update(of=("self",), skip_locked=True)
               .filter(pk=pk, timeout_at__lte=now).first())
        if row is None:
            return Visit(participant_id=pk, status="", position="", outcome=None)
        participant = idmap.adopt(row)
        idmap.adopt(participant.session)
        idmap.mark_locked(participant)
        outcome = timer_ran_out(participant, now)
        if outcome is None:
            return _visit(participant, None, "")
        return _rendered(participant, outcome, render, None)


def _view(session_name: str | None, participant_name: str | None, pk: int | None, *,
          start: bool, render: Render, state_only: bool,
          request: HttpRequest | None) -> Visit | str | None:
    """A request that changes nothing, answered in a read-only unit (no transaction, no lock).

    Returns the Visit; or, when the request has something to record and must run locked, None
    or the position whose wait page it saw open (flow.show then need not ask again)."""
    try:
        with idmap.read_only_unit():
            participant = _load(session_name, participant_name, pk, lock=False)
            status = participant.status
            if status == Participant.Status.NEW:
                if not start:
                    return _visit(participant, None, "")
                # Waiting in the quorum lobby, before its timeout: the lobby page, unlocked.
                waiting = quorum_lobby_state(participant)
                if waiting is None or (waiting.release_in is not None and waiting.release_in <= 0):
                    return None
            if status == Participant.Status.PLAYING and on_wait_page(participant):
                arrival = arrival_state(
                    participant_id=participant.pk, session_id=participant.session_id,
                    app_index=participant.app_index, round_number=participant.round_number,
                    page_index=participant.page_index)
                if arrival is not Arrival.WAITING:
                    return participant.position_token if arrival is Arrival.OPEN else None
            if state_only:
                return _visit(participant, None, "")
            return _rendered(participant, view(participant), render, request)
    except idmap.NeedsLock:
        return None


def _rendered(participant: Participant, outcome: Outcome, render: Render,
              request: HttpRequest | None) -> Visit:
    wanted = render(outcome) if callable(render) else render
    html = render_outcome(outcome, request=request) if wanted else ""
    return _visit(participant, outcome, html)


def _visit(participant: Participant, outcome: Outcome | None, html: str) -> Visit:
    return Visit(participant_id=participant.pk, status=participant.status,
                 position=participant.position_token, outcome=outcome, html=html)


def _lock(session_name: str | None, participant_name: str | None, pk: int | None) -> Participant:
    """Load and row-lock the participant (with its session) in the current unit of work."""
    participant = _load(session_name, participant_name, pk, lock=True)
    idmap.mark_locked(participant)
    return participant


def _load(session_name: str | None, participant_name: str | None, pk: int | None, *,
          lock: bool) -> Participant:
    """The participant with its session, adopted by the current unit (row-locked if lock)."""
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {
        "session__name": session_name, "name": participant_name}
    rows = Participant.objects.select_related("session")
    if lock:
        rows = rows.select_for_update(of=("self",))
    try:
        row = rows.get(**lookup)
    except Participant.DoesNotExist:
        raise Participant.DoesNotExist(
            f"no participant {participant_name!r} in session {session_name!r}"
            if pk is None else f"no participant with id {pk}") from None
    participant = idmap.adopt(row)
    idmap.adopt(participant.session)
    return participant


def participant_id_for(session_name: str, participant_name: str) -> int | None:
    """The participant's primary key, or None (a plain read: no lock, no transaction)."""
    return (Participant.objects.filter(session__name=session_name, name=participant_name)
            .values_list("pk", flat=True).first())


def participant_peek(participant_id: int) -> dict[str, Any] | None:
    """A waiting page's ping: the position, and whether the barrier of the wait page the
    participant waits at has opened (two indexed reads; no lock, no transaction, no change).

    `open` true means a reload moves the page on: the participant passes the barrier then, or
    is released by the page's lobby timeout (engine/lobby.py).
    """
    row = (Participant.objects.filter(pk=participant_id)
           .values("session_id", "status", "app_index", "round_number", "page_index",
                   "quorum_arrived_at").first())
    if row is None:
        return None
    position = {"app_index": row["app_index"], "round_number": row["round_number"],
                "page_index": row["page_index"]}
    is_open = row["status"] == Participant.Status.PLAYING and arrival_state(
        participant_id=participant_id, session_id=row["session_id"], **position) in MOVES_ON
    state: dict[str, Any] = {"status": row["status"], "position": format_position(**position),
                             "open": is_open}
    if row["status"] == Participant.Status.NEW and row["quorum_arrived_at"] is not None:
        # In the quorum lobby: its count, for a page whose pushes went missing.
        participant = Participant.objects.select_related("session").get(pk=participant_id)
        waiting = quorum_lobby_state(participant)
        if waiting is not None:
            state["quorum"] = {"present": waiting.present, "needed": waiting.needed}
    return state

"""The flow engine: where a participant is, what they see, and how they move on.

A participant's position is (status, app_index, round_number, page_index), after jtree. Every
request runs in one unit of work (sessions_core/db/idmap.py) that holds the participant's row lock,
so one participant's requests are serialized; wait pages are barriers serialized on the row of
their group (or subsession), see engine/waiting.py.

Page times: landing on a displayed page sets `participant.page_entered_at` (written with the
position by the unit of work, no query of its own); leaving it (a submission, a timeout, passing
a wait page) inserts one PageVisit row. A request leaves at most one page it landed on, so it
costs at most one INSERT; a wait page that opens as the participant arrives is passed without
being landed on, and leaves no row. A plain page view writes nothing, and engine/visit.py
answers it with `view`, in a read-only unit: no transaction, no row lock.

Page timers (engine/timers.py): landing on a page with a time limit stores its deadline on the
participant's row, with the position; `expire` is what the server does when it has passed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from participants.models import Participant
from sessions_core.db import idmap
from sessions_core.engine import dropouts, lobby, quorum, stages, timers, waiting
from sessions_core.engine.forms import PageForm, page_form
from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import BasePage, Page, WaitPage, call_page_method
from sessions_core.experimenter.registry import ExperimentApp, experiment_app
from sessions_core.lifecycle.finish import session_note_finished
from sessions_core.lifecycle.services import participant_start, session_initialize
from sessions_core.models import BasePlayer, PageVisit


@dataclass
class Outcome:
    participant: Participant
    page: BasePage | None
    form: PageForm | None = None
    stale: bool = False
    # Waiting in the session's quorum lobby, not started yet (engine/quorum.py).
    quorum_lobby: quorum.QuorumWait | None = None

    @property
    def finished(self) -> bool:
        return self.participant.status == Participant.Status.FINISHED

    @property
    def rejected(self) -> bool:
        return self.form is not None and bool(self.form.errors)


def app_at(participant: Participant, index: int | None = None) -> ExperimentApp:
    labels = participant.session.app_sequence
    return experiment_app(labels[participant.app_index if index is None else index])


def player_for(participant: Participant, app: ExperimentApp, round_number: int) -> BasePlayer:
    key = (app.Player, participant.pk, round_number)
    found = idmap.lookup(key)
    if found is not None:
        return found
    row = (app.Player.objects.select_related("group", "subsession")
           .get(participant_id=participant.pk, round_number=round_number))
    player = idmap.adopt(row)
    if player is row:
        if row.group_id is not None:
            idmap.adopt(row.group)
        idmap.adopt(row.subsession)
    player.participant = participant
    return idmap.remember(key, player)


def current_page(participant: Participant) -> BasePage:
    app = app_at(participant)
    page_class = app.page_sequence[participant.page_index]
    player = player_for(participant, app, participant.round_number)
    return page_class(player=player, participant=participant, app_label=app.label,
                      page_index=participant.page_index)


def show(participant: Participant, *, opened_at: str | None = None) -> Outcome:
    """What the participant sees now; entering the session and passing open wait pages.

    opened_at: a position whose wait page this request has already seen open (in a statement
    before the lock): if the participant is still there, that is not asked again.

    Needs the participant's row lock, held in a unit of work: engine/visit.py is the one caller
    that sets both up."""
    if participant.status == Participant.Status.NEW:
        waiting_in_lobby = quorum.arrive(participant, _enter)
        if waiting_in_lobby is not None:
            return Outcome(participant=participant, page=None, quorum_lobby=waiting_in_lobby)
        if participant.status == Participant.Status.NEW:  # not released by the lobby's timeout
            _enter(participant)
    elif participant.status == Participant.Status.PLAYING and _passes_wait_page(participant,
                                                                               opened_at):
        _leave(participant, PageVisit.How.PASSED)
        _advance(participant)
    return _outcome(participant)


def view(participant: Participant) -> Outcome:
    """What the participant sees now, for a request that changes nothing: a playing participant
    on a page, or on a wait page whose barrier is closed (waiting.arrival_state), or a finished
    one, or one waiting in the quorum lobby. Needs no lock: engine/visit.py calls it in a
    read-only unit."""
    if participant.status == Participant.Status.NEW:
        return Outcome(participant=participant, page=None,
                       quorum_lobby=quorum.lobby_state(participant))
    return _outcome(participant)


def on_wait_page(participant: Participant) -> bool:
    """Whether the participant's position is a wait page (no query)."""
    return issubclass(app_at(participant).page_sequence[participant.page_index], WaitPage)


def _passes_wait_page(participant: Participant, opened_at: str | None) -> bool:
    """Whether the participant is on a wait page and passes it (arriving if not yet arrived).
    One past the lobby timeout of an arrival-time page is released there instead (and has
    finished)."""
    if not on_wait_page(participant):
        return False
    # Whether the barrier opened is read before any row of the page: under PostgreSQL's READ
    # COMMITTED every row read after it then includes what the request that opened it wrote
    # (read before, the group could still lack the other member's decision). A read before the
    # participant's lock that saw it open (opened_at) is such a read too.
    if opened_at == participant.position_token or waiting.barrier_open(
            participant_id=participant.pk, session_id=participant.session_id,
            app_index=participant.app_index, round_number=participant.round_number,
            page_index=participant.page_index):
        return True
    page = current_page(participant)
    assert isinstance(page, WaitPage)
    if waiting.release_if_due(page):
        _leave(participant, PageVisit.How.RELEASED)
        lobby.release(participant)
        return False
    return waiting.try_pass(page)


def submit(participant: Participant, token: str, data: Any, *,
           timeout_happened: bool = False) -> Outcome:
    """Handle a form post that was rendered at position `token`.

    Needs the participant's row lock, held in a unit of work (see show)."""
    if participant.status != Participant.Status.PLAYING or token != participant.position_token:
        outcome = show(participant)
        outcome.stale = True
        return outcome
    page = current_page(participant)
    if isinstance(page, WaitPage):
        outcome = show(participant)
        outcome.stale = True
        return outcome
    assert isinstance(page, Page)
    if not timeout_happened and _says_time_is_up(data):
        # The page's countdown reached 0 (static/quorum/timer.js): the server's clock decides.
        if not timers.browser_timeout_due(participant, timers.now()):
            return Outcome(participant=participant, page=page, form=page_form(page), stale=True)
        timeout_happened = True
    page.timeout_happened = timeout_happened
    form = page_form(page, data)
    if form is not None:
        if timeout_happened:
            timers.apply_timeout_values(page, form)
        elif not form.is_valid():
            return Outcome(participant=participant, page=page, form=form)
        else:
            for name, value in form.cleaned_data.items():
                setattr(form.instance, name, value)
    call_page_method(page, "before_next_page", page.player, timeout_happened, method_args=())
    _leave(participant, PageVisit.How.TIMEOUT if timeout_happened else PageVisit.How.SUBMITTED)
    target = call_page_method(page, "app_after_this_page", page.player,
                              _upcoming_apps(participant))
    if target:
        _jump_to_app(participant, target)
        _advance(participant, from_here=True)
    else:
        _advance(participant)
    return _outcome(participant)


def _says_time_is_up(data: Any) -> bool:
    return hasattr(data, "get") and str(data.get(timers.TIMEOUT_FIELD, "")) == "1"


def timer_ran_out(participant: Participant, now: datetime) -> Outcome | None:
    """The participant's page timer has run out (timers.timer_due at `now`): submit the page
    as a timeout, or pass the wait page a participant the server moved waits at, if it has
    opened. None when a paused session holds the timer (it keeps what was left).

    Needs the participant's row lock (see show); engine/visit.py takes it, skipping a
    participant whose row another request holds (that request may be this very submission)."""
    paused_at = participant.session.timers_paused_at
    if paused_at is not None:
        # The timer started before the pause reached this row: what it had left then is kept.
        assert participant.timeout_at is not None
        participant.timeout_remaining = max(participant.timeout_at - paused_at, timedelta(0))
        participant.timeout_at = None
        return None
    if participant.status == Participant.Status.NEW and participant.quorum_arrived_at is not None:
        # The quorum lobby's timeout: released, or started if the quorum came meanwhile.
        return show(participant)
    if participant.status != Participant.Status.PLAYING:
        timers.clear_timer(participant)
        return _outcome(participant)
    if on_wait_page(participant):
        before = participant.position_token
        outcome = show(participant)
        if participant.position_token == before and participant.status == Participant.Status.PLAYING:
            timers.set_waiting(participant, now)  # still closed: look again later
        return outcome
    return submit(participant, participant.position_token, {}, timeout_happened=True)


def _upcoming_apps(participant: Participant) -> list[str]:
    return participant.session.app_sequence[participant.app_index + 1:]


def _jump_to_app(participant: Participant, target: str) -> None:
    upcoming = _upcoming_apps(participant)
    if target not in upcoming:
        raise FlowError(f"app_after_this_page returned {target!r}, which is not one of the "
                        f"upcoming apps {upcoming}")
    participant.app_index = participant.session.app_sequence.index(target)
    participant.round_number = 1
    participant.page_index = 0


def _enter(participant: Participant) -> None:
    session_initialize(session=participant.session)
    participant_start(participant=participant)
    dropouts.watch(participant, timers.now())
    _advance(participant, from_here=True)


def _advance(participant: Participant, *, from_here: bool = False) -> None:
    """Move to the next displayed page (or stay, from_here, if the current one is displayed),
    arriving at wait pages on the way."""
    moved = True if from_here else _step(participant)
    while moved:
        page = current_page(participant)
        displayed = call_page_method(page, "is_displayed", page.player)
        if displayed and not (isinstance(page, WaitPage) and waiting.arrive(page)):
            now = timers.now()
            participant.page_entered_at = timezone.now()
            if isinstance(page, WaitPage):
                timers.set_waiting(participant, now)
                lobby.hold_until_release(participant, waiting.release_time_of(page))
            else:
                timers.set_timer(participant, page, now)
                dropouts.landed(participant, now)
                stages.stage_landed(page, now)  # a group stage: its start, its group timer
            return
        moved = _step(participant)


def _leave(participant: Participant, how: str) -> None:
    """Record the participant's time on the page they are on, which they now leave."""
    app = app_at(participant)
    page_class = app.page_sequence[participant.page_index]
    PageVisit.objects.create(
        session_id=participant.session_id, participant_id=participant.pk,
        app_index=participant.app_index, app_label=app.label,
        round_number=participant.round_number, page_index=participant.page_index,
        page_name=page_class.__name__, entered_at=participant.page_entered_at,
        left_at=timezone.now(), how=how)


def _step(participant: Participant) -> bool:
    """Move one slot forward; False when the participant has finished the session."""
    app = app_at(participant)
    if participant.page_index + 1 < len(app.page_sequence):
        participant.page_index += 1
        return True
    participant.page_index = 0
    if participant.round_number < app.num_rounds:
        participant.round_number += 1
        return True
    participant.round_number = 1
    if participant.app_index + 1 < len(participant.session.app_sequence):
        participant.app_index += 1
        return True
    _finish(participant)
    return False


def _finish(participant: Participant) -> None:
    participant.status = Participant.Status.FINISHED
    participant.finished_at = timezone.now()
    participant.page_index = 0
    timers.clear_timer(participant)
    idmap.save_now([participant], ["status", "finished_at", "page_index", "timeout_at",
                                   "timeout_remaining"])
    session_note_finished(session_id=participant.session_id)


def _outcome(participant: Participant) -> Outcome:
    if participant.status != Participant.Status.PLAYING:
        return Outcome(participant=participant, page=None)
    page = current_page(participant)
    form = page_form(page) if isinstance(page, Page) else None
    return Outcome(participant=participant, page=page, form=form)

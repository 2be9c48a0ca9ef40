"""The flow engine: where a participant is, what they see, and how they move on.

A participant's position is (status, app_index, round_number, page_index), after jtree. Every
request runs in one unit of work (sessions_core/idmap.py) that holds the participant's row lock,
so one participant's requests are serialized; wait pages are barriers serialized on the row of
their group (or subsession), see sessions_core/waiting.py.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from participants.models import Participant
from sessions_core import idmap, waiting
from sessions_core.forms import PageForm, page_form
from sessions_core.models import BasePlayer
from sessions_core.pages import BasePage, Page, WaitPage
from sessions_core.registry import ExperimentApp, experiment_app


class FlowError(Exception):
    """A request that cannot be carried out; the message is for the person who made it."""


@dataclass
class Outcome:
    participant: Participant
    page: BasePage | None
    form: PageForm | None = None
    stale: bool = False

    @property
    def finished(self) -> bool:
        return self.participant.status == Participant.Status.FINISHED

    @property
    def rejected(self) -> bool:
        return self.form is not None and bool(self.form.errors)


def position_token(participant: Participant) -> str:
    return f"{participant.app_index}-{participant.round_number}-{participant.page_index}"


def lock_participant(session_name: str | None = None, participant_name: str | None = None, *,
                     pk: int | None = None) -> Participant:
    """Load and row-lock a participant (with its session) for one request: by its URL's two
    names, or by primary key."""
    lookup: dict[str, Any] = {"pk": pk} if pk is not None else {
        "session__name": session_name, "name": participant_name}
    try:
        row = (Participant.objects.select_related("session").select_for_update(of=("self",))
               .get(**lookup))
    except Participant.DoesNotExist:
        raise Participant.DoesNotExist(
            f"no participant {participant_name!r} in session {session_name!r}"
            if pk is None else f"no participant with id {pk}") from None
    participant = idmap.adopt(row)
    idmap.mark_locked(participant)
    idmap.adopt(participant.session)
    return participant


def participant_position(session_name: str, participant_name: str) -> dict[str, Any]:
    """The participant's position now, after passing a wait page that has opened (for the
    waiting page's socket and its poll). Raises Participant.DoesNotExist."""
    def handle() -> dict[str, Any]:
        with idmap.unit_of_work():
            participant = lock_participant(session_name, participant_name)
            show(participant)
            return {"id": participant.pk, "status": participant.status,
                    "position": position_token(participant)}

    return idmap.retrying(handle)


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


def show(participant: Participant) -> Outcome:
    """What the participant sees now; entering the session and passing open wait pages."""
    if participant.status == Participant.Status.NEW:
        _enter(participant)
    elif participant.status == Participant.Status.PLAYING:
        page = current_page(participant)
        if isinstance(page, WaitPage) and waiting.try_pass(page):
            _advance(participant)
    return _outcome(participant)


def submit(participant: Participant, token: str, data: Any, *,
           timeout_happened: bool = False) -> Outcome:
    """Handle a form post that was rendered at position `token`."""
    if participant.status != Participant.Status.PLAYING or token != position_token(participant):
        outcome = show(participant)
        outcome.stale = True
        return outcome
    page = current_page(participant)
    if isinstance(page, WaitPage):
        outcome = show(participant)
        outcome.stale = True
        return outcome
    assert isinstance(page, Page)
    page.timeout_happened = timeout_happened
    form = page_form(page, data)
    if form is not None:
        if timeout_happened:
            _apply_timeout_values(page, form)
        elif not form.is_valid():
            return Outcome(participant=participant, page=page, form=form)
        else:
            for name, value in form.cleaned_data.items():
                setattr(form.instance, name, value)
    page.before_next_page()
    target = page.app_after_this_page(_upcoming_apps(participant))
    if target:
        _jump_to_app(participant, target)
        _advance(participant, from_here=True)
    else:
        _advance(participant)
    return _outcome(participant)


def _apply_timeout_values(page: Page, form: PageForm) -> None:
    """On a timeout, store the timeout_submission values, else valid answers, else defaults."""
    submitted = dict(page.timeout_submission or {})
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    for name in form.fields:
        if name in submitted:
            value = submitted[name]
        elif name in cleaned and name not in form.errors:
            value = cleaned[name]
        else:
            continue
        setattr(form.instance, name, value)


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
    from sessions_core.services import participant_start, session_initialize

    session_initialize(session=participant.session)
    participant_start(participant=participant)
    _advance(participant, from_here=True)


def _advance(participant: Participant, *, from_here: bool = False) -> None:
    """Move to the next displayed page (or stay, from_here, if the current one is displayed),
    arriving at wait pages on the way."""
    moved = True if from_here else _step(participant)
    while moved:
        page = current_page(participant)
        if page.is_displayed() and not (isinstance(page, WaitPage) and waiting.arrive(page)):
            return
        moved = _step(participant)


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
    from sessions_core.services import session_note_finished

    participant.status = Participant.Status.FINISHED
    participant.finished_at = timezone.now()
    participant.page_index = 0
    idmap.save_now([participant], ["status", "finished_at", "page_index"])
    session_note_finished(session_id=participant.session_id)


def _outcome(participant: Participant) -> Outcome:
    if participant.status != Participant.Status.PLAYING:
        return Outcome(participant=participant, page=None)
    page = current_page(participant)
    form = page_form(page) if isinstance(page, Page) else None
    return Outcome(participant=participant, page=page, form=form)


def call_hook(page: WaitPage, target: Any) -> None:
    """Run after_all_players_arrive given as a method name (of target: the group, or the
    subsession with wait_for_all_groups), a page method, or a function taking target."""
    hook = inspect.getattr_static(page, "after_all_players_arrive", None)
    if hook is None:
        return
    if isinstance(hook, str):
        method = getattr(target, hook, None)
        if not callable(method):
            raise FlowError(f"after_all_players_arrive names {hook!r}, which is not a method of "
                            f"{type(target).__name__}")
        method()
        return
    if isinstance(hook, staticmethod):
        hook = hook.__func__
    params = list(inspect.signature(hook).parameters)
    hook(page) if params and params[0] == "self" else hook(target)


def on_commit_notify(participant_ids: list[int]) -> None:
    from sessions_core.notify import notify_advance

    if participant_ids:
        transaction.on_commit(lambda: notify_advance(participant_ids))

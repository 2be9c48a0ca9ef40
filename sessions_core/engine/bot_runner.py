"""Plays a session with the PlayerBot of every app, in process (manage.py bots).

Each participant has a driver. A driver visits the participant's page (engine/visit.py, the same
entry as a browser's request), advances the bot's generator for that app and round to get the
next submission, checks it names the page the participant is on, and submits it through the
same entry as a browser's post. Drivers take turns; a participant on a wait page is skipped until it opens.

Live pages: when the first bot of a group lands on a page with a live_method, the app's
`call_live_method(method, **kwargs)` runs once for the group and that page (oTree's hook: a
function in tests.py, or a method of the PlayerBot). `method(id_in_group, data)` sends `data` as
that member's live message, through the same entry as a page's socket (visit.participant_live,
naming the page, since the other members may not be on it yet), and returns what the live method
returned. kwargs: page_class, round_number, case.

A bot whose play_round stops yielding while its participant is on a page is finished there (oTree
3's rule: many bots skip a last results page); its participant stays on that page. The play fails
only if the others then wait for it forever, and the error names each stuck wait page and whom it
waits for.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from participants.models import Participant
from sessions_core.engine.flow import Outcome, app_at, current_page, player_for
from sessions_core.engine.forms import SYSTEM_FIELD, choice_value
from sessions_core.engine.live import has_live_method
from sessions_core.engine.lobby import lobby_clock, lobby_timeout
from sessions_core.engine.notify import quiet
from sessions_core.engine.timers import page_seconds, untimed
from sessions_core.engine.visit import Visit, participant_live, participant_visit
from sessions_core.experimenter.bots import Bot, BotError, Submission, as_submission
from sessions_core.experimenter.pages import BasePage, Page, WaitPage
from sessions_core.experimenter.registry import experiment_app, session_type
from sessions_core.experimenter.stages import group_timeout, has_group_stage
from sessions_core.lifecycle.services import session_create
from sessions_core.models import BasePlayer, Session, WaitArrival

Progress = Callable[[int], None]


@dataclass
class CaseResult:
    case_index: int
    session_name: str
    submissions: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class _FormInputs(HTMLParser):
    """Names of the inputs of the page's form, and whether it has a next button.

    Only what is inside a <form> counts: a browser submits nothing else. A submit button
    (`<button>` without a type, or of type submit) is a next button; with a name it is an input
    too, as a browser sends the clicked button's name and value (`<button name="offer"
    value="10">`)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.has_next = False
        self._in_form = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._in_form += 1
        if not self._in_form:
            return
        kind = (attributes.get("type") or "").lower()
        submits = (tag == "button" and kind in ("", "submit")) or (tag == "input" and kind == "submit")
        if attributes.get("name") and (tag in ("input", "select", "textarea") or submits):
            self.names.add(str(attributes["name"]))
        self.has_next = self.has_next or submits

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form -= 1


@dataclass(frozen=True)
class WaitingAt:
    """The wait page a participant waits at: `where` names its barrier (the page, and the group
    unless it waits for all groups); `scope` selects the players the barrier covers."""

    where: str
    player_model: type[BasePlayer]
    scope: tuple[str, int]
    by_arrival: bool = False  # group_by_arrival_time: it waits for arrivals, not for members
    lobby: bool = False  # ... and has a lobby timeout that releases whoever waits too long

    def members(self) -> list[int]:
        """The participant ids the barrier waits for (read only when the play is stuck)."""
        return list(self.player_model.objects.filter(**dict([self.scope]))
                    .order_by("id_in_subsession").values_list("participant_id", flat=True))


@dataclass
class Driver:
    participant_id: int
    session_name: str
    participant_name: str
    case: Any
    html: str = ""
    done: bool = False
    stopped_on: str | None = None  # where the bot stopped yielding before the end, if it did
    waiting_at: WaitingAt | None = None
    released: bool = False  # released by a lobby timeout (engine/lobby.py)
    submissions: int = 0
    _seen: str = ""  # the position at the last visit
    _token: str | None = None
    _page_class: type | None = None
    _generator: Iterator[Any] | None = None
    _gen_position: tuple[int, int] | None = None
    _position: tuple[int, int] | None = None
    _cache: dict[Any, Any] = field(default_factory=dict)
    # Which (page, round, group) call_live_method has run for: shared by a session's drivers.
    live_calls: set[tuple[Any, ...]] = field(default_factory=set)

    # --- what the bot reads: the rows as the participant's last request left them ---
    # Each visit (a look or a submission) hands over the participant, its session and the
    # player of the page it is on, as its transaction stored them; the bot's code runs right
    # after a visit, so it sees its own submission and every wait page passed before it
    # (DESIGN.md) without reading them again. Another round's player is read when asked for.
    def fresh_participant(self) -> Participant:
        if "participant" not in self._cache:
            self._cache["participant"] = Participant.objects.select_related("session").get(
                pk=self.participant_id)
        return self._cache["participant"]

    def fresh_player(self, round_number: int) -> BasePlayer:
        participant = self.fresh_participant()
        app_index = self._gen_position[0] if self._gen_position else participant.app_index
        key = ("player", app_index, round_number)
        if key not in self._cache:
            self._cache[key] = player_for(participant, app_at(participant, app_index),
                                          round_number)
        return self._cache[key]

    def _keep(self, visit: Visit) -> None:
        """Take the rows a visit loaded as what the bot reads next."""
        self._cache.clear()
        outcome = visit.outcome
        if outcome is None:
            return
        participant = outcome.participant
        self._cache["participant"] = participant
        player = getattr(outcome.page, "player", None)
        if player is not None:
            self._cache[("player", participant.app_index, participant.round_number)] = player

    # --- one turn ---
    def step(self) -> bool:
        """Make one submission if the participant can; True if anything moved."""
        if self._token is None:
            before = self._seen
            if not self._look():
                # Passing wait pages that opened is progress too, even if another one holds
                # the participant now.
                return self._seen != before
        if self.done:
            if self.released:
                # The server ended their session at the lobby: what the bot had left to play
                # is not theirs to play any more.
                self._abandon_generator()
            else:
                self._close_generators(None)
            return True
        self._submit_next()
        return True

    def _abandon_generator(self) -> None:
        close = getattr(self._generator, "close", None)
        if close is not None:
            close()
        self._generator = None

    def _look(self) -> bool:
        visit = participant_visit(pk=self.participant_id, render=_is_form_page)
        self._seen = visit.position
        self._keep(visit)
        outcome = visit.outcome
        assert outcome is not None
        if outcome.finished:
            self.done = True
            self.released = outcome.participant.released
            return True
        if outcome.quorum_lobby is not None:
            # Waiting for the session's quorum: the bot that reaches it starts this one.
            self.waiting_at = None
            return False
        if isinstance(outcome.page, WaitPage):
            self.waiting_at = _waiting_at(outcome.page)
            return False
        self.waiting_at = None
        self._remember(visit)
        if outcome.page is not None and has_live_method(outcome.page):
            self._call_live_method(outcome.page)
        return True

    def _call_live_method(self, page: BasePage) -> None:
        """Run the app's call_live_method once per group and live page (module docstring)."""
        player = page.player
        key = (type(page), player.round_number, player.group_id or ("s", player.subsession_id))
        if key in self.live_calls:
            return
        self.live_calls.add(key)
        app = app_at(page.participant)
        bot_class = app.bot_class()
        hook = getattr(bot_class, "call_live_method", None)
        bot: Any = None
        if hook is not None:
            bot = bot_class(driver=self, case=self._case_of(bot_class),
                            round_number=player.round_number)
        else:
            hook = app.bot_hook("call_live_method")
        if hook is None:
            return
        scope = {"group_id": player.group_id} if player.group_id else \
            {"subsession_id": player.subsession_id}
        members = dict(type(player).objects.filter(**scope)
                       .values_list("id_in_group", "participant_id"))
        page_class, round_number = type(page), player.round_number

        def method(id_in_group: int, data: Any) -> Any:
            if id_in_group not in members:
                raise BotError(self._where() + f"call_live_method: no player with id_in_group "
                               f"{id_in_group} in the group (ids: "
                               f"{', '.join(map(str, sorted(members)))})")
            return participant_live(pk=members[id_in_group], page_class=page_class,
                                    round_number=round_number, data=data)

        kwargs = {"page_class": page_class, "round_number": round_number,
                  "case": self._case_of(bot_class)}
        try:
            hook(bot, method, **kwargs) if bot is not None else hook(method, **kwargs)
        except BotError as error:
            raise BotError(self._where() + f"on page {page_class.__name__}: {error}") from None
        self._cache.clear()  # the bot's code reads what the live methods changed

    def _case_of(self, bot_class: Any) -> Any:
        cases = list(getattr(bot_class, "cases", []) or [])
        return cases[self.case % len(cases)] if cases else None

    def _remember(self, visit: Visit) -> None:
        outcome = visit.outcome
        assert outcome is not None
        self.html = visit.html
        self._token = visit.position
        self._page_class = type(outcome.page)
        self._position = (outcome.participant.app_index, outcome.participant.round_number)

    def _submit_next(self) -> None:
        self._align_generator(self._position)
        assert self._generator is not None
        on_page = _name(self._page_class)
        try:
            item = self._next_item(f"on page {on_page}: ")
        except StopIteration:
            self._stop(on_page)
            return
        sub = as_submission(item)
        if sub.page_class is not self._page_class:
            raise BotError(self._where() + f"the bot yielded page {_name(sub.page_class)}, but "
                           f"the participant is on page {on_page}")
        if sub.timeout_happened and self._untimed_page():
            raise BotError(self._where() + f"the bot submitted page {on_page} with "
                           "timeout_happened=True, but the page has no timeout "
                           "(timeout_seconds, get_timeout_seconds or a group timer)")
        if sub.check_html and not sub.timeout_happened:
            self._check_html(sub)
        self._submit(sub)

    def _untimed_page(self) -> bool:
        """Whether the page the participant is on has no time limit (as oTree's bots check)."""
        participant = self.fresh_participant()
        page = current_page(participant)
        return page_seconds(page) is None and not _group_timed(page)

    def _submit(self, sub: Submission) -> None:
        data = {name: choice_value(value) for name, value in sub.post_data.items()}
        data[SYSTEM_FIELD] = self._token or ""
        visit = participant_visit(pk=self.participant_id, submit_data=data, at=self._token or "",
                                  timeout_happened=sub.timeout_happened, render=_is_form_page)
        self._seen = visit.position
        self._keep(visit)
        self._after_submit(sub, visit)
        self.submissions += 1
        if self.done:
            # A finished driver is not stepped again: run the bot's code after its last yield
            # now, so its expect()s run and a page yielded past the end is reported.
            self._close_generators(None)

    def _stop(self, on_page: str) -> None:
        """The bot has nothing more to yield: it is finished, its participant stays here."""
        assert self._gen_position is not None
        label = self.fresh_participant().session.app_sequence[self._gen_position[0]]
        self.stopped_on = f"page {on_page} (app {label}, round {self._gen_position[1]})"
        self._generator = None
        self.done = True

    def _after_submit(self, sub: Submission, visit: Visit) -> None:
        outcome = visit.outcome
        assert outcome is not None
        if outcome.rejected and not sub.must_fail:
            assert outcome.form is not None
            errors = "; ".join(f"{k}: {' '.join(str(e) for e in v)}"
                               for k, v in outcome.form.errors.items())
            raise BotError(self._where() + f"page {_name(sub.page_class)} rejected "
                           f"{sub.post_data!r}: {errors}")
        if sub.must_fail and not outcome.rejected:
            raise BotError(self._where() + f"SubmissionMustFail: page {_name(sub.page_class)} "
                           f"accepted {sub.post_data!r}")
        self._token = None
        if outcome.finished:
            self.done = True
        elif not isinstance(outcome.page, WaitPage):
            self._remember(visit)

    def _check_html(self, sub: Submission) -> None:
        parser = _FormInputs()
        parser.feed(self.html)
        missing = sorted(set(sub.post_data) - parser.names)
        if missing:
            raise BotError(self._where() + f"page {_name(sub.page_class)} has no form input "
                           f"named {', '.join(missing)} (check_html=False to submit anyway)")
        if not parser.has_next:
            raise BotError(self._where() + f"page {_name(sub.page_class)} has no next button")

    def _align_generator(self, position: tuple[int, int] | None) -> None:
        """Start play_round for the participant's app and round, finishing skipped rounds."""
        while self._gen_position != position:
            self._close_generators(position)
            self._gen_position = self._next_position(position)
            self._generator = self._start(*self._gen_position)

    def _next_position(self, target: tuple[int, int] | None) -> tuple[int, int]:
        assert target is not None
        if self._gen_position is None or self._gen_position[0] != target[0]:
            return (target[0], 1)
        return (target[0], self._gen_position[1] + 1)

    def _start(self, app_index: int, round_number: int) -> Iterator[Any]:
        participant = self.fresh_participant()
        app = app_at(participant, app_index)
        bot_class = app.bot_class()
        bot: Bot = bot_class(driver=self, case=self._case_of(bot_class), round_number=round_number)
        generator = bot.play_round()
        return iter(generator) if generator is not None else iter(())

    def _close_generators(self, position: tuple[int, int] | None) -> None:
        if self._generator is None:
            return
        try:
            item = self._next_item("")
        except StopIteration:
            self._generator = None
            return
        now = f"page {self._page_class.__name__}" if position and self._page_class else \
            "the end of the session"
        raise BotError(self._where() + f"the bot yielded {_describe(item)}, but the participant "
                       f"has moved on to {now}")

    def _next_item(self, page: str) -> Any:
        """The bot's next yield; a failed expect() in the bot's code is told where it was."""
        assert self._generator is not None
        try:
            return next(self._generator)
        except BotError as error:
            raise BotError(self._where() + page + str(error)) from None

    def _where(self) -> str:
        if self._gen_position is None:
            return f"participant {self.participant_name}: "
        participant = self.fresh_participant()
        label = participant.session.app_sequence[self._gen_position[0]]
        return f"app {label}, round {self._gen_position[1]}, participant {self.participant_name}: "


def _group_timed(page: BasePage) -> bool:
    """Whether the page has a group timer (experimenter/stages.py): it times out too."""
    return isinstance(page, Page) and has_group_stage(page) and \
        group_timeout(page, page.player.group) is not None


def _is_form_page(outcome: Outcome) -> bool:
    """A bot reads the HTML of the pages it submits, not of wait pages or the end."""
    return outcome.page is not None and not isinstance(outcome.page, WaitPage)


def _name(page_class: Any) -> str:
    return getattr(page_class, "__name__", repr(page_class))


def _describe(item: Any) -> str:
    try:
        return f"page {_name(as_submission(item).page_class)}"
    except BotError:
        return repr(item)


def number_of_cases(session_type_name: str) -> int:
    counts = [len(getattr(experiment_app(label).bot_class(), "cases", []) or [])
              for label in session_type(session_type_name).app_sequence]
    return max([1, *counts])


def play_session(session: Session, case_index: int, progress: Progress | None = None) -> CaseResult:
    result = CaseResult(case_index=case_index, session_name=session.name)
    live_calls: set[tuple[Any, ...]] = set()
    drivers = [Driver(participant_id=p.pk, session_name=session.name, participant_name=p.name,
                      case=case_index, live_calls=live_calls)
               for p in session.participant_set.order_by("id_in_session")]
    try:
        # Bots submit every page themselves: no page timer runs, nothing is pushed.
        with quiet(), untimed():
            _play(drivers, progress)
    except Exception as error:  # noqa: BLE001  (a failing bot is a result to report)
        result.error = str(error) if isinstance(error, BotError) else traceback.format_exc()
    result.submissions = sum(d.submissions for d in drivers)
    return result


def _play(drivers: list[Driver], progress: Progress | None) -> None:
    while True:
        active = [d for d in drivers if not d.done]
        if not active:
            return
        moved = False
        for driver in active:
            before = driver.submissions
            moved = driver.step() or moved
            if progress and driver.submissions > before:
                progress(1)
        if not moved and not _time_out_lobbies(active):
            raise BotError("no bot can move: " + _stuck(drivers))


def _time_out_lobbies(active: list[Driver]) -> bool:
    """When bots can only wait, those alone at an arrival-time lobby with a timeout are released
    as its timeout would release them (at their release time, without waiting for it), as a
    browser left open there would be. True if anyone was."""
    released = False
    for driver in active:
        if driver.waiting_at is None or not driver.waiting_at.lobby:
            continue
        release_at = (WaitArrival.objects.filter(participant_id=driver.participant_id,
                                                 grouped=False, release_at__isnull=False)
                      .values_list("release_at", flat=True).first())
        if release_at is None:
            continue
        with lobby_clock(release_at):
            visit = participant_visit(pk=driver.participant_id, start=False, render=False)
        released = released or visit.status != Participant.Status.PLAYING
    return released


def _waiting_at(page: WaitPage) -> WaitingAt:
    player = page.player
    where = f"wait page {type(page).__name__} (app {page.app_label}, round {page.round_number}"
    if page.wait_for_all_groups or page.group_by_arrival_time:
        scope = ("subsession_id", player.subsession_id)
    else:
        scope = ("group_id", player.group_id)
        where += f", group {page.group.id_in_subsession}"
    return WaitingAt(where=where + ")", player_model=type(player), scope=scope,
                     by_arrival=page.group_by_arrival_time,
                     lobby=lobby_timeout(page) is not None)


def _stuck(drivers: list[Driver]) -> str:
    """Each wait page that never opens: who waits there, and for whom (where those are)."""
    by_id = {d.participant_id: d for d in drivers}
    barriers: dict[WaitingAt, list[Driver]] = {}
    for driver in drivers:
        if not driver.done and driver.waiting_at is not None:
            barriers.setdefault(driver.waiting_at, []).append(driver)
    parts = []
    for barrier, waiting in barriers.items():
        names = ", ".join(d.participant_name for d in waiting)
        if barrier.by_arrival:
            parts.append(f"{barrier.where} groups by arrival time and has too few arrivals to "
                         f"form a group (waiting there: {names})")
            continue
        arrived = {d.participant_id for d in waiting}
        missing = [by_id[pid] for pid in barrier.members() if pid not in arrived and pid in by_id]
        whom = "; ".join(_whereabouts(d) for d in missing) or "players who never arrive"
        parts.append(f"{barrier.where} waits for {whom} (waiting there: {names})")
    return "\n".join(parts)


def _whereabouts(driver: Driver) -> str:
    if driver.stopped_on:
        return f"participant {driver.participant_name}, whose bot stopped on {driver.stopped_on}"
    if driver.waiting_at is not None:
        return f"participant {driver.participant_name}, on {driver.waiting_at.where}"
    if driver.done:
        return f"participant {driver.participant_name}, who finished the session"
    return f"participant {driver.participant_name}"


def run_bots(session_type_name: str, num_participants: int,
             progress: Progress | None = None) -> list[CaseResult]:
    results = []
    for case_index in range(number_of_cases(session_type_name)):
        session = session_create(session_type_name=session_type_name,
                                 num_participants=num_participants, is_test=True,
                                 label=f"bots case {case_index}")
        results.append(play_session(session, case_index, progress))
    return results

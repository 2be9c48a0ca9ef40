"""Live pages: a page's `live_method`, called by messages its JavaScript sends (`liveSend`).

A live message runs in one participant request: engine/visit.py:participant_live takes the
participant's row lock in a unit of work and calls live_message here, which

1. refuses a message whose page is no longer the participant's (a stale position), or whose
   page has no live_method (InvalidRequest: the socket answers it with an error);
2. locks the row of the group (or, with `live_scope = "subsession"`, of the subsession), so the
   live methods of one group take turns and none overwrites another's change (lock order:
   participant, then group or subsession), and re-reads the rows loaded before that lock;
3. runs the live method and turns its return value into pushes: a dict keyed by
   `id_in_group` (`id_in_subsession` in subsession scope), 0 meaning every member; each value
   goes as JSON to those members' pages at the same position (notify_live_after_commit).

A live method that raises, or returns something that cannot be sent, raises out of the unit of
work: the transaction rolls back (nothing it changed is stored) and no push is sent.

How a page names its live method (oTree 3's forms and oTree 5's, DESIGN.md section 4):
- `live_method = "name"`: a Player method `name(self, data)`; or, as oTree 3.0-3.2 had it, a
  Group method `name(self, id_in_group, data)` when the Player has none of that name; or
  (oTree 5) a function `name(player, data)` of the page's module;
- `def live_method(self, data)` on the page (self is the page: self.player, self.group...);
- a staticmethod `live_method(player, data)` (oTree 5's form): experimenter/pages.py's
  call_page_method calls either.
"""
from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection

from participants.models import Participant, format_position
from sessions_core.db import idmap
from sessions_core.engine.flow import app_at, current_page, player_for
from sessions_core.engine.notify import LivePush, notify_live_after_commit
from sessions_core.errors import FlowError, InvalidRequest
from sessions_core.experimenter.pages import (
    BasePage,
    Page,
    call_page_method,
    module_function,
    nor_function,
)
from sessions_core.experimenter.registry import experiment_app

SCOPES = ("group", "subsession")


def live_message(participant: Participant, *, at: str, data: Any) -> Any:
    """Run the live method of the page the participant is on, for a message its page sent
    from position `at`; returns what the live method returned.

    Needs the participant's row lock, held in a unit of work: engine/visit.py:participant_live
    is the one caller that sets both up."""
    if participant.status != Participant.Status.PLAYING or at != participant.position_token:
        now = participant.position_token if participant.status == Participant.Status.PLAYING \
            else participant.status
        raise InvalidRequest(f"this page ({at or 'no position'}) is no longer the participant's "
                             f"current page ({now}); reload the page", field="page")
    return _run(current_page(participant), data)


def live_message_on(participant: Participant, *, page_class: type, round_number: int,
                    data: Any) -> Any:
    """Run page_class's live method for the participant's player in round_number, wherever the
    participant is now (bots' call_live_method: the other members may be on other pages).

    Needs the participant's row lock, held in a unit of work (see live_message)."""
    labels = participant.session.app_sequence
    for app_index, label in enumerate(labels):
        sequence = experiment_app(label).page_sequence
        if page_class in sequence:
            app = app_at(participant, app_index)
            player = player_for(participant, app, round_number)
            page = page_class(player=player, participant=participant, app_label=label,
                              page_index=sequence.index(page_class))
            return _run(page, data, app_index=app_index)
    raise InvalidRequest(f"page {page_class.__name__} is in none of the session's apps "
                         f"({', '.join(labels)})")


def _run(page: BasePage, data: Any, *, app_index: int | None = None) -> Any:
    method = live_method_of(page)
    scope = _scope(page)
    _lock_scope(page, scope)
    result = method(data)
    index = page.participant.app_index if app_index is None else app_index
    at = format_position(index, page.round_number, page.page_index)
    notify_live_after_commit(_pushes(page, scope, at, result))
    return result


def has_live_method(page: BasePage) -> bool:
    return isinstance(page, Page) and inspect.getattr_static(page, "live_method", None) is not None


def live_method_of(page: BasePage) -> Callable[[Any], Any]:
    """The page's live method as a function of the message's data."""
    if not has_live_method(page):
        raise InvalidRequest(f"page {type(page).__name__} has no live_method", field="type")
    hook = inspect.getattr_static(page, "live_method")
    player = page.player
    if isinstance(hook, str):
        method = getattr(player, hook, None)
        if callable(method):
            return method
        group_method = getattr(page.group, hook, None) if page.group is not None else None
        if callable(group_method):
            return lambda data: group_method(player.id_in_group, data)
        function = module_function(type(page), hook)
        if function is not None:
            return lambda data: function(player, data)
        raise FlowError(f"{type(page).__name__}.live_method names {hook!r}, which is not a "
                        f"method of {type(player).__name__} (nor of its Group)"
                        f"{nor_function(type(page))}")
    return lambda data: call_page_method(page, "live_method", player, data)


def _scope(page: BasePage) -> str:
    scope = getattr(page, "live_scope", "group")
    if scope not in SCOPES:
        raise FlowError(f"{type(page).__name__}.live_scope is {scope!r}; use 'group' or "
                        f"'subsession'")
    if scope == "group" and page.player.group_id is None:
        return "subsession"  # not grouped yet (arrival time): the subsession is the group
    return scope


def _lock_scope(page: BasePage, scope: str) -> None:
    """Lock the group's (or subsession's) row, then re-read the rows loaded before the lock:
    another member's live method may have changed them (READ COMMITTED shows a statement
    what committed before it). SQLite's write transactions take turns from their start."""
    if not connection.features.has_select_for_update:
        return
    row = page.subsession if scope == "subsession" else page.group
    type(row).objects.select_for_update().filter(pk=row.pk).values_list("pk").get()
    idmap.reload_unchanged()


def _members(page: BasePage, scope: str) -> dict[int, int]:
    """id_in_group (id_in_subsession in subsession scope) -> participant id."""
    if scope == "subsession":
        return {int(p.id_in_subsession or 0): p.participant_id
                for p in page.subsession.get_players()}
    return {int(p.id_in_group or 0): p.participant_id for p in page.group.get_players()}


def _pushes(page: BasePage, scope: str, at: str, result: Any) -> list[LivePush]:
    name = f"{type(page).__name__}.live_method"
    if result is None:
        return []
    if not isinstance(result, dict):
        raise FlowError(f"{name} returned a {type(result).__name__}; return None or a dict keyed "
                        f"by id_in_{scope} (0: every player of the {scope})")
    members = _members(page, scope) if result else {}
    pushes = []
    for key, value in result.items():
        if key == 0 and not isinstance(key, bool):
            targets = list(members.values())
        elif isinstance(key, int) and not isinstance(key, bool) and key in members:
            targets = [members[key]]
        else:
            raise FlowError(f"{name} returned a message for {key!r}, which is not the "
                            f"id_in_{scope} of a player of the {scope} (ids: "
                            f"{', '.join(map(str, sorted(members)))}; 0: all of them)")
        data = as_json(value, f"{name}'s message for {key}")
        pushes += [LivePush(participant_id=pid, at=at, data=data) for pid in targets]
    return pushes


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):  # Currency too: a JSON number
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def as_json(value: Any, what: str) -> Any:
    """value as plain JSON (numbers, text, lists, objects), or a FlowError saying why not."""
    try:
        return json.loads(json.dumps(value, default=_plain))
    except (TypeError, ValueError) as error:
        raise FlowError(f"{what} cannot be sent as JSON: {error}") from None

"""Group stages, as the app declares them: a page whose group starts it together, ends it
together, has one timer for the whole group, or a hook run once per group when it starts.

`start_together` and `end_together` are barriers, and a barrier is a wait page: the registry's
page_sequence (experimenter/registry.py) holds a wait page of this module's before a page that
starts together and after one that ends together, so every member counts as an arrival there,
whoever they are, and the barriers use what wait pages have (engine/waiting.py: the group's row
lock, pages that move on by themselves, participants the server moved waking when it opens).
They take their own place in the sequence, so positions, page times and the monitor name them
(`Market_start_together`, `Market_end_together`).

When the stage starts for a group (the first member lands on the page: with start_together,
the last arrival at the barrier, in the same request) the group timer and group_play run;
engine/stages.py does that, under the group's row lock.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real
from typing import TYPE_CHECKING, Any

from sessions_core.errors import FlowError
from sessions_core.experimenter.pages import Page, WaitPage, call_page_hook, call_target_hook

if TYPE_CHECKING:
    from sessions_core.models import BaseGroup


class StageBarrier(WaitPage):
    """The wait page before (start) or after (end) a page of a group stage. Shown to every
    member, whatever the page's is_displayed says: a group never waits for a member who
    skipped its barrier."""

    stage_page: type[Page] = Page
    stage_end = False
    title_text = "Please wait"


def with_stage_barriers(sequence: Sequence[Any]) -> list[Any]:
    """The app's page_sequence with a StageBarrier before each page that starts together and
    after each that ends together."""
    expanded: list[Any] = []
    for page in sequence:
        is_page = isinstance(page, type) and issubclass(page, Page)
        if is_page and page.start_together:
            expanded.append(_barrier(page, end=False))
        expanded.append(page)
        if is_page and page.end_together:
            expanded.append(_barrier(page, end=True))
    return expanded


def _barrier(page: type[Page], *, end: bool) -> type[StageBarrier]:
    name = f"{page.__name__}_{'end' if end else 'start'}_together"
    body = ("Waiting for the other participants to finish this page." if end else
            "Waiting for the other participants: the next page starts when everyone is here.")
    return type(name, (StageBarrier,), {
        "stage_page": page, "stage_end": end, "body_text": body,
        "__module__": page.__module__, "__qualname__": name,
        "__doc__": f"{'After' if end else 'Before'} {page.__name__}: a group stage's barrier."})


def has_group_stage(page: Page) -> bool:
    """Whether the page's stage has a start to record: a group timer or group_play."""
    cls = type(page)
    return (cls.group_play is not None or cls.group_timeout_seconds is not None
            or cls.get_group_timeout_seconds is not Page.get_group_timeout_seconds)


def group_timeout(page: Page, group: BaseGroup) -> float | None:
    """The group timer's seconds (None: no group timer): get_group_timeout_seconds, a page
    method (self) or a function taking the group, else group_timeout_seconds."""
    seconds = call_target_hook(page, "get_group_timeout_seconds", group)
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, Real):
        raise FlowError(f"get_group_timeout_seconds of {type(page).__name__} returned "
                        f"{seconds!r}: it must be a number of seconds, or None for no timer")
    value = float(seconds)
    return None if math.isnan(value) or math.isinf(value) else value


def call_group_play(page: Page, group: BaseGroup) -> None:
    """Run the page's group_play: a Group method's name, a page method, or a function taking
    the group."""
    call_page_hook(page, "group_play", group, label=f"group_play of {type(page).__name__}")

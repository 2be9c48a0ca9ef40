"""What bots in an app's tests.py use: Bot, Submission, SubmissionMustFail, expect.

The runner that plays them is sessions_core/bot_runner.py.
"""
from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from participants.models import Participant
    from sessions_core.models import BaseGroup, BasePlayer, BaseSubsession, Session


class BotError(AssertionError):
    """A bot's expectation failed; the message names the app, round, page and participant."""


_OPERATORS = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}


def expect(*args: Any) -> None:
    """expect(a, b) checks a == b; expect(a, op, b) takes ==, !=, <, <=, >, >=, in, not in."""
    if len(args) == 2:
        a, op, b = args[0], "==", args[1]
    elif len(args) == 3:
        a, op, b = args
    else:
        raise TypeError("expect takes (a, b) or (a, op, b)")
    if op not in _OPERATORS:
        raise TypeError(f"expect: unknown operator {op!r}; use one of {', '.join(_OPERATORS)}")
    if not _OPERATORS[op](a, b):
        raise BotError(f"expected {a!r} {op} {b!r}")


@dataclass
class Submission:
    page_class: type
    post_data: dict[str, Any] = field(default_factory=dict)
    check_html: bool = True
    timeout_happened: bool = False
    must_fail: bool = False

    def __post_init__(self) -> None:
        self.post_data = dict(self.post_data or {})


def SubmissionMustFail(page_class: type, post_data: dict[str, Any] | None = None,  # noqa: N802
                       check_html: bool = True) -> Submission:
    return Submission(page_class, post_data or {}, check_html=check_html, must_fail=True)


def as_submission(item: Any) -> Submission:
    if isinstance(item, Submission):
        return item
    if isinstance(item, (tuple, list)):
        if len(item) != 2 or not isinstance(item[1], dict):
            raise BotError(f"a bot yielded {item!r}; yield Page, (Page, data) or Submission(...)")
        return Submission(item[0], item[1])
    if isinstance(item, type):
        return Submission(item, {})
    raise BotError(f"a bot yielded {item!r}; yield Page, (Page, data) or Submission(...)")


class Bot:
    """Subclass as PlayerBot in tests.py and write play_round(self) as a generator."""

    cases: list[Any] = []

    def __init__(self, *, driver: Any, case: Any, round_number: int) -> None:
        self._driver = driver
        self.case = case
        self.round_number = round_number

    def play_round(self) -> Iterator[Any]:
        return iter(())

    @property
    def html(self) -> str:
        return self._driver.html

    @property
    def participant(self) -> Participant:
        return self._driver.fresh_participant()

    @property
    def session(self) -> Session:
        return self.participant.session

    @property
    def player(self) -> BasePlayer:
        return self._driver.fresh_player(self.round_number)

    @property
    def group(self) -> BaseGroup:
        return self.player.group

    @property
    def subsession(self) -> BaseSubsession:
        return self.player.subsession

"""Errors that refuse a request, each with its kind.

The kind says what sort of refusal it is, so that every interface maps it the same way without
reading the message: the REST API's exception handler turns it into a status code
(sessions_core/web/rest.py), views into a page. Messages are for people (STYLE.md, 8).
"""
from __future__ import annotations

from typing import ClassVar


class QuorumError(Exception):
    """A request that cannot be carried out; the message says why (and `field`, what to fix)."""

    kind: ClassVar[str] = "invalid"  # invalid | conflict | not_found | broken

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidRequest(QuorumError):
    """The request itself is wrong: a value out of range, an unknown name (HTTP 400)."""

    kind = "invalid"


class Conflict(QuorumError):
    """The request is fine but the current state refuses it: the name is taken, a session is
    associated, the room is full (HTTP 409)."""

    kind = "conflict"


class NotFound(QuorumError):
    """What the request names does not exist (HTTP 404)."""

    kind = "not_found"


class SessionError(InvalidRequest):
    """A session request that cannot be carried out; the message says why."""


class FlowError(QuorumError):
    """An experiment's code asked the flow for something impossible (for example an
    app_after_this_page that is not upcoming): the experimenter must fix the app."""

    kind = "broken"

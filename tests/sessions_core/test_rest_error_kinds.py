"""The REST API's one exception handler turns a QuorumError's kind into its status code, with
{"detail": ..., "field": ...}: no view reads an error's message to choose."""
from __future__ import annotations

import pytest

from sessions_core.errors import (
    Conflict,
    FlowError,
    InvalidRequest,
    NotFound,
    QuorumError,
    SessionError,
)
from sessions_core.web.rest import api_exception_handler


@pytest.mark.parametrize("error, code", [
    (InvalidRequest("count: must be positive", field="count"), 400),
    (SessionError("no SessionType 'x'"), 400),
    (Conflict("name: taken", field="name"), 409),
    (NotFound("no room 'x'"), 404),
    (FlowError("app_after_this_page names an app that is not upcoming"), 500),
])
def test_each_kind_has_its_status(error: QuorumError, code: int) -> None:
    response = api_exception_handler(error, {})
    assert response is not None and response.status_code == code
    assert response.data == {"detail": str(error), **({"field": error.field} if error.field
                                                      else {})}


def test_the_status_does_not_depend_on_the_wording() -> None:
    assert api_exception_handler(InvalidRequest("name exists already; disassociate"),
                                 {}).status_code == 400  # type: ignore[union-attr]
    assert api_exception_handler(Conflict("a bad value"), {}).status_code == 409  # type: ignore[union-attr]

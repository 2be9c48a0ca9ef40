"""A property-based run (schemathesis) over the API's own OpenAPI schema: for every operation,
rooms included, generated requests (valid and invalid ones) must never get a 5xx, and every
response must be one the schema documents (status, content type, body).

It calls the WSGI application in process with a superuser's token. EXAMPLES requests per
operation keep it fast (about 25 operations: some 25 s on SQLite); docs/api.md says so.

Generated path names would almost never name an existing object, so most of them are replaced
by a real session, participant, room or SessionType made for each example; a third are kept, so
unknown names are tried too. Numbers of participants are kept small: a valid 100,000 would
make each example a bulk insert of that many rows.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sessions_core.lifecycle.services import MAX_PARTICIPANTS
from tests.api.conftest import first_participant, make_session
from tests.rooms.conftest import make_room

# Per operation; QUORUM_API_EXAMPLES=500 runs a deeper search by hand.
EXAMPLES = int(os.environ.get("QUORUM_API_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, inside the test's transaction: like Django's test client, it must
    not close the database connection at each request's start and end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def superuser_token(db: None) -> str:
    user = get_user_model().objects.create_superuser("schemathesis", "s@example.org", "pw")
    return Token.objects.create(user=user).key


def _real_names() -> dict[str, str]:
    session = make_session("trust", 2)
    return {"session_name": session.name, "participant_name": first_participant(session).name,
            "room_name": make_room(config="trust").name, "session_type_name": "trust"}


def _aim_at_real_objects(case: Any) -> None:
    real = _real_names()
    for key, value in (case.path_parameters or {}).items():
        if key in real and len(str(value)) % 3 != 0:
            case.path_parameters[key] = real[key]


def _keep_sessions_small(case: Any) -> None:
    body = case.body
    if isinstance(body, dict):
        count = body.get("num_participants")
        # Only valid counts: a count above the maximum must still be refused.
        if isinstance(count, int) and not isinstance(count, bool) and 12 < count <= MAX_PARTICIPANTS:
            body["num_participants"] = count % 12 + 1


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx_or_off_schema(case: Any, wsgi_app: WSGIHandler,
                                                 superuser_token: str) -> None:
    _aim_at_real_objects(case)
    _keep_sessions_small(case)
    case.call_and_validate(app=wsgi_app, headers={"Authorization": f"Token {superuser_token}"},
                           checks=CHECKS)

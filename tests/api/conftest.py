"""REST API test helpers: who is asking (a script with a superuser's token, a staff user with
exactly some permissions, anonymous), and sessions to ask about."""
from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from participants.models import Participant
from sessions_core.lifecycle.services import session_create
from sessions_core.models import Session
from tests.permissions import staff_with, token_client

API = "/admin/api/v1"


def make_session(session_type: str = "trust", n: int = 2, **kwargs: Any) -> Session:
    return session_create(session_type_name=session_type, num_participants=n, **kwargs)


def first_participant(session: Session) -> Participant:
    return session.participant_set.order_by("id_in_session").first()  # type: ignore[return-value]


@pytest.fixture
def script(db: None) -> APIClient:
    """A lab's script, with the API token of a superuser."""
    user = get_user_model().objects.create_superuser("script-admin", "s@example.org", "pw")
    return token_client(user)


@pytest.fixture
def staff_without_permissions(db: None) -> APIClient:
    return token_client(staff_with())


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()

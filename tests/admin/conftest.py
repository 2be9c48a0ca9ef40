"""Fixtures for the lab manager's pages: who is asking."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def experimenter(db: None) -> Client:
    """A superuser, logged in."""
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("lab", "lab@example.org", "pw"))
    return client


@pytest.fixture
def outsider(db: None) -> Client:
    """A logged-in user without staff status."""
    client = Client()
    client.force_login(get_user_model().objects.create_user("visitor", password="pw"))
    return client

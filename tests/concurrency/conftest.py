"""Concurrency tests run only against PostgreSQL: SQLite serializes every write transaction, so a
pass there would prove nothing. Elsewhere they are skipped with a reason that `-ra` prints."""
from __future__ import annotations

import pytest
from django.conf import settings

NEEDS_POSTGRES = "needs PostgreSQL: set DATABASE_URL=postgres://..."


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") is None:
        return
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(NEEDS_POSTGRES)

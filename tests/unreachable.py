"""Redis that cannot be reached, for the tests of what degrades when it is down.

`redis_down` points the channel layer and the presence stores (rooms', participants') at a port
where nothing listens (the production path's configuration, REDIS_URL set): every call is
refused, as when the Redis server has stopped. Nothing is monkeypatched: the real clients fail
the real way.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

import rooms.presence
import sessions_core.web.presence
from tests.e2e.servers import free_port


@pytest.fixture
def redis_down(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = url
    # Changing CHANNEL_LAYERS makes Channels build the layer anew (and again when restored).
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [{"address": url, "socket_timeout": None}], "prefix": "quorum-down"},
    }}
    monkeypatch.setattr(rooms.presence, "_store", None)  # presence() then reads REDIS_URL
    monkeypatch.setattr(sessions_core.web.presence, "_participant_store", None)  # so does this one
    yield url


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warning lines logged, and a check that none of them carries a traceback."""
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert all(r.exc_info is None for r in records), [r.getMessage() for r in records]
    return [r.getMessage() for r in records]

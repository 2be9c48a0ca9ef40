"""End-to-end fixtures: fresh databases, daphne processes, Chromium.

Marked `e2e` (deselect with -m "not e2e"). The browser tests need Debian's Chromium at
/usr/bin/chromium: without it they fail in CI (CI=true) and are skipped elsewhere, with the
reason printed by -ra. Tests also marked `postgres` need DATABASE_URL to point to PostgreSQL.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.servers import Server, is_postgres_url, server_environment

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
NEEDS_POSTGRES = "needs PostgreSQL: set DATABASE_URL=postgres://..."
NEEDS_REDIS = "needs Redis: set REDIS_URL=redis://..."
NEEDS_CHROMIUM = f"needs Chromium at {CHROMIUM}: apt-get install -y chromium"


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and not is_postgres_url(os.environ.get("DATABASE_URL", "")):
        pytest.skip(NEEDS_POSTGRES)


def skip_or_fail(reason: str) -> None:
    """In CI a missing requirement is a failure; on a developer's machine, a printed skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """start(env) runs a daphne process on env's database; all are stopped at the end."""
    started: list[Server] = []

    def start(env: dict[str, str]) -> Server:
        server = Server(env=env, log_path=tmp_path / f"daphne-{len(started) + 1}.log")
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def single_server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A fresh database for one server; its channel layer is Redis when REDIS_URL is set."""
    with server_environment(tmp_path, redis=bool(os.environ.get("REDIS_URL"))) as env:
        yield env


@pytest.fixture
def shared_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A fresh PostgreSQL database and Redis, for several server processes."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip(NEEDS_REDIS)
    with server_environment(tmp_path, redis=True) as env:
        yield env


@pytest.fixture
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        skip_or_fail(NEEDS_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()

"""manage.py check_deploy: one line per check, ok or FAIL with the reason and what to do, and a
non-zero exit when any check fails.

Each check is tried passing and failing: in process where settings can be changed for the test,
and as a subprocess with a crafted environment for the whole command (DEBUG=false needs a
SECRET_KEY of its own at start-up, so that path is only reachable that way).
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from sessions_core.management.commands import check_deploy
from tests.e2e.servers import BASE_DIR, server_environment

GOOD_KEY = secrets.token_urlsafe(50)
NOWHERE = "127.0.0.1:1"  # nothing listens on port 1: connections are refused at once


@override_settings(DEBUG=True)
def test_debug_on_fails() -> None:
    assert not check_deploy.check_debug().ok


@override_settings(DEBUG=False)
def test_debug_off_passes() -> None:
    assert check_deploy.check_debug().ok


@pytest.mark.parametrize("key, reason", [("quorum-embedded-default-not-secret", "embedded default"),
                                         ("short-key", "only 9 characters")])
def test_a_public_or_short_secret_key_fails(key: str, reason: str) -> None:
    with override_settings(SECRET_KEY=key):
        check = check_deploy.check_secret_key()
    assert not check.ok and reason in check.message and "SECRET_KEY" in check.message


@override_settings(SECRET_KEY=GOOD_KEY)
def test_an_own_long_secret_key_passes() -> None:
    assert check_deploy.check_secret_key().ok


@override_settings(DEBUG=False, ALLOWED_HOSTS=["*"])
def test_a_wildcard_host_without_debug_fails() -> None:
    check = check_deploy.check_allowed_hosts()
    assert not check.ok and "ALLOWED_HOSTS" in check.message


@override_settings(DEBUG=False, ALLOWED_HOSTS=["lab.example.org"])
def test_named_hosts_pass() -> None:
    assert check_deploy.check_allowed_hosts().ok


def test_a_reachable_database_passes(db: None) -> None:
    assert check_deploy.check_database().ok


def test_migrations_applied_pass_and_a_missing_one_fails(db: None) -> None:
    assert check_deploy.check_migrations().ok
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("DELETE FROM django_migrations WHERE app = 'rooms'")
    check = check_deploy.check_migrations()
    assert not check.ok and "migrate" in check.message


def test_experiment_tables_present_pass_and_a_missing_one_fails(db: None) -> None:
    assert check_deploy.check_experiment_tables().ok
    with connection.cursor() as cursor:  # rolled back with the test (DDL is transactional)
        cursor.execute("DROP TABLE trust_player")
    check = check_deploy.check_experiment_tables()
    assert not check.ok and "trust_player" in check.message


@override_settings(REDIS_URL="")
def test_without_redis_url_redis_and_the_worker_are_not_needed() -> None:
    redis_check = check_deploy.check_redis()
    assert redis_check.ok and check_deploy.check_celery_worker(redis_check).ok


@override_settings(REDIS_URL=f"redis://{NOWHERE}/0")
def test_an_unreachable_redis_fails_and_so_does_the_worker_check() -> None:
    redis_check = check_deploy.check_redis(timeout=1)
    assert not redis_check.ok and "REDIS_URL" in redis_check.message
    worker = check_deploy.check_celery_worker(redis_check, timeout=1)
    assert not worker.ok and "Redis" in worker.message


def test_a_reachable_redis_passes() -> None:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set REDIS_URL=redis://...")
    with override_settings(REDIS_URL=url):
        assert check_deploy.check_redis(timeout=1).ok


def test_no_worker_answering_fails_within_the_timeout() -> None:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set REDIS_URL=redis://...")
    # A database number no worker of this suite listens on.
    with override_settings(REDIS_URL=url):
        check = check_deploy.check_celery_worker(check_deploy.check_redis(timeout=1), timeout=1)
    assert not check.ok and "celery -A config worker" in check.message


# --- the whole command, as ops run it ---

@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of a fresh, migrated database (SQLite, or PostgreSQL when the suite runs
    on it), without Redis."""
    with server_environment(tmp_path_factory.mktemp("deploy"), redis=False) as env:
        yield env


def check_deploy_in(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", "check_deploy", "--timeout", "2"],
                          env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120)


def test_a_ready_deployment_passes_every_check(migrated: dict[str, str]) -> None:
    done = check_deploy_in({**migrated, "DEBUG": "false", "SECRET_KEY": GOOD_KEY,
                            "ALLOWED_HOSTS": "lab.example.org"})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert all(line.startswith("ok") for line in lines[:-1]) and len(lines) == 9
    assert lines[-1] == "all 8 checks passed"


def test_a_broken_deployment_reports_each_failure_and_exits_non_zero(
        migrated: dict[str, str], tmp_path: Path) -> None:
    done = check_deploy_in({**migrated, "DEBUG": "false", "SECRET_KEY": GOOD_KEY,
                            "ALLOWED_HOSTS": "*", "DATABASE_URL": f"postgres://postgres@{NOWHERE}/x",
                            "REDIS_URL": f"redis://{NOWHERE}/0"})
    assert done.returncode == 1
    failed = [line.split(":")[0] for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert failed == ["FAIL  allowed hosts", "FAIL  database", "FAIL  migrations",
                      "FAIL  experiment tables", "FAIL  redis", "FAIL  celery worker"]
    assert "6 of 8 checks failed" in done.stderr


def test_an_empty_database_fails_the_migrations_and_tables_checks(
        migrated: dict[str, str], tmp_path: Path) -> None:
    done = check_deploy_in({**migrated, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    assert done.returncode == 1
    assert "FAIL  migrations: " in done.stdout and "FAIL  experiment tables: missing" in done.stdout

"""The production path's task queue: payments are computed by a real Celery worker via Redis.

`manage.py bots` plays a trust session with the production settings (REDIS_URL set, so tasks
go to the broker instead of running in process); a separate `celery worker` process takes the
payment task when the last participant finishes and stores every participant's payment.
"""
from __future__ import annotations

import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from tests.e2e.servers import BASE_DIR, run

DEADLINE = 60  # seconds for the worker to store the payments (a bound, not a pause)


def _payments(database_url: str) -> list[tuple[int | None, Decimal]]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT p.payment, pl.payoff FROM participants_participant p "
            "JOIN trust_player pl ON pl.participant_id = p.id").fetchall()


@pytest.mark.e2e
@pytest.mark.postgres
def test_a_celery_worker_computes_the_payments_when_the_session_ends(
        shared_env: dict[str, str], tmp_path: Path) -> None:
    env = {**shared_env, "DJANGO_SETTINGS_MODULE": "config.settings"}
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
             "--loglevel", "warning", "-Q", "celery"],
            env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
    try:
        # --keep: the bots' test sessions stay, to be read below (else the command deletes them)
        run(env, sys.executable, "manage.py", "bots", "trust", "2", "--no-progress", "--keep")
        deadline = time.monotonic() + DEADLINE
        rows = _payments(env["DATABASE_URL"])
        while any(payment is None for payment, _ in rows) and time.monotonic() < deadline:
            time.sleep(0.2)  # polling the worker's result, bounded by the deadline
            rows = _payments(env["DATABASE_URL"])
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert len(rows) == 4  # two cases of two participants
    log_text = (tmp_path / "worker.log").read_text(errors="replace")
    assert all(payment is not None for payment, _ in rows), log_text
    # fixed_pay 500 (EUR 5.00) + payoff points x 0.01 EUR, in cents
    assert sorted(payment for payment, _ in rows) == sorted(
        500 + int(payoff) for _, payoff in rows)

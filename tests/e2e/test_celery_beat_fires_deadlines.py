"""The production path's deadline firing: with no server process running, Celery beat and a
worker (via Redis) fire a page deadline of a participant whose browser came once and left."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.e2e.servers import BASE_DIR, run

DEADLINE = 60  # seconds for beat and the worker to fire the 2-second timer (a bound)

# A shorttimer session whose one participant loads their page once (starting its timer).
_START = """
import django
django.setup()
from sessions_core.engine.visit import participant_visit
from sessions_core.lifecycle.services import session_create
session = session_create(session_type_name="shorttimer", num_participants=1)
participant = session.participant_set.get()
participant_visit(pk=participant.pk, render=False)
print(participant.pk)
"""


def _timeouts(database_url: str, participant_id: int) -> list[tuple[str, bool | None]]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT v.page_name, pl.timed_out FROM sessions_core_pagevisit v "
            "JOIN shorttimer_player pl ON pl.participant_id = v.participant_id "
            "WHERE v.participant_id = %s AND v.how = 'timeout'", [participant_id]).fetchall()


@pytest.mark.e2e
@pytest.mark.postgres
def test_celery_beat_and_a_worker_fire_a_deadline_with_no_server_running(
        shared_env: dict[str, str], tmp_path: Path) -> None:
    env = {**shared_env, "DJANGO_SETTINGS_MODULE": "tests.e2e.production_timers"}
    participant_id = int(run(env, sys.executable, "-c", _START).strip())
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--pool", "solo",
             "--loglevel", "warning", "-s", str(tmp_path / "beat-schedule")],
            env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + DEADLINE
        rows = _timeouts(env["DATABASE_URL"], participant_id)
        while not rows and time.monotonic() < deadline:
            time.sleep(0.2)  # polling for the worker's firing, bounded by the deadline
            rows = _timeouts(env["DATABASE_URL"], participant_id)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert rows == [("Quick", True)], (tmp_path / "worker.log").read_text(errors="replace")

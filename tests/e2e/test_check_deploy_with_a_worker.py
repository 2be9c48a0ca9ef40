"""manage.py check_deploy on the production path: with a real Celery worker listening on
REDIS_URL, every check passes (the worker answers the ping); tests/deployment has the rest."""
from __future__ import annotations

import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.servers import BASE_DIR

WORKER_READY = 60  # seconds for the worker to start answering (a bound, not a pause)


@pytest.mark.e2e
@pytest.mark.postgres
def test_every_check_passes_with_a_worker_answering(shared_env: dict[str, str],
                                                    tmp_path: Path) -> None:
    env = {**shared_env, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "lab.example.org"}
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
             "--loglevel", "info"], env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + WORKER_READY
        while b" ready." not in log_path.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.2)  # polling the worker's log until it listens, bounded by the deadline
        done = subprocess.run([sys.executable, "manage.py", "check_deploy", "--timeout", "10"],
                              env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    log_text = log_path.read_text(errors="replace")
    assert done.returncode == 0, done.stdout + done.stderr + log_text
    assert "ok    redis: answers" in done.stdout
    assert "ok    celery worker: celery@" in done.stdout

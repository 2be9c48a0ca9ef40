"""Two server processes (real ones: two Python processes, each with its own scheduler and
connections) firing the same due deadlines at the same instant fire each of them exactly once.
The threads of test_schedulers_fire_each_deadline_once.py share one interpreter; these share
only the database, as two daphne processes do."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from participants.models import Participant
from sessions_core.models import PageVisit
from tests.concurrency.participant_http import load
from tests.conftest import make_session, participants_of, player_of

PEOPLE = 60
PROCESSES = 2
ROOT = Path(__file__).resolve().parents[2]

# One scheduler pass at a wall-clock instant both processes wait for (so their passes overlap),
# over the deadlines due at `moment`; prints what it fired.
PASS = """
import json, os, sys, time
from datetime import datetime
import django
django.setup()
from sessions_core.lifecycle.deadlines import DeadlineScheduler
start_at, moment = float(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
time.sleep(max(0.0, start_at - time.time()))
firing = DeadlineScheduler(clock=lambda: moment).run_once()
print(json.dumps({"fired": firing.fired, "skipped": firing.skipped}))
"""


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_firing_at_once_fire_each_deadline_once() -> None:
    session = make_session("timers", PEOPLE)
    people = participants_of(session)
    for p in people:
        load(p)
    Participant.objects.filter(session=session).update(
        timeout_at=timezone.now() - timedelta(seconds=1))
    moment = timezone.now()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "DATABASE_URL": database_url(), "QUORUM_TIMERS_IN_SERVER": "false"}
    start_at = time.time() + 3  # both processes set up by then
    runs = [subprocess.Popen([sys.executable, "-c", PASS, str(start_at), moment.isoformat()],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
            for _ in range(PROCESSES)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
    passes = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]

    assert sum(p["fired"] for p in passes) == PEOPLE, passes
    assert PageVisit.objects.filter(session=session, how=PageVisit.How.TIMEOUT).count() == PEOPLE
    for p in people:
        assert player_of(p).submissions == 1
        assert Participant.objects.get(pk=p.pk).page_index == 1

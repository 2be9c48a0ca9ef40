"""Page timeouts: how many the server fires per second, and how late, with many deadlines at once.

A session of the test app shorttimer (one timed page, then a last page) with --n participants
(default 1,000) is created and every participant is started, so each one's page timer runs; then
all their deadlines are set to the same instant, --lead seconds ahead (default 3). --schedulers
DeadlineScheduler threads (sessions_core/lifecycle/deadlines.py, the scheduler a server process
runs; default 1) are started beforehand with the real clock, as a server's would be, and fire
them when they fall due: each firing is one participant's request through engine/visit.py
(SKIP LOCKED row lock, the timeout submission, PageVisit row, the move to the next page), from
QUORUM_TIMER_WORKERS threads per scheduler on PostgreSQL (default 4), one on SQLite.

Measured: from the deadline to each participant's timeout (PageVisit.left_at, the server's own
clock), p50, p99 and the last; timeouts fired per second (N over the span from the deadline to
the last firing); the CPU time of this process per timeout. Several schedulers in one process
share its interpreter (one core's worth of Python), as several server processes would not: they
show that schedulers do not fire one deadline twice (checked: one timeout row each) and what row
contention costs, not how processes scale.

    .venv/bin/python bench/timeouts_bench.py                     # fresh SQLite file
    .venv/bin/python bench/timeouts_bench.py --postgres          # database quorum_bench_timeouts
    .venv/bin/python bench/timeouts_bench.py --postgres --schedulers 2 --record
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchdb  # noqa: E402
from room_bench import percentile  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"  # the test apps, shorttimer among them


def run(n: int, lead: float, schedulers: int, timeout: float) -> dict[str, object]:
    from django.utils import timezone

    from participants.models import Participant
    from sessions_core.engine.visit import participant_visit
    from sessions_core.lifecycle.deadlines import DeadlineScheduler, firing_workers
    from sessions_core.lifecycle.services import session_create
    from sessions_core.models import PageVisit

    session = session_create(session_type_name="shorttimer", num_participants=n, is_test=True)
    started = time.perf_counter()
    for pk in session.participant_set.values_list("pk", flat=True):
        participant_visit(pk=pk, render=False)
    start_s = time.perf_counter() - started
    deadline = timezone.now() + timedelta(seconds=lead)
    Participant.objects.filter(session=session).update(timeout_at=deadline)
    benchdb.close_connections()

    threads = [DeadlineScheduler() for _ in range(schedulers)]
    cpu0 = time.process_time()
    for scheduler in threads:
        scheduler.start()
    bound = time.monotonic() + lead + timeout
    timeouts = PageVisit.objects.filter(session=session, how=PageVisit.How.TIMEOUT)
    while timeouts.count() < n and time.monotonic() < bound:
        time.sleep(0.2)  # polling for the end, bounded
    for scheduler in threads:
        scheduler.stop()
    cpu = time.process_time() - cpu0

    late = [(left - deadline).total_seconds() for left in timeouts.values_list("left_at", flat=True)]
    per_participant = timeouts.values_list("participant_id", flat=True)
    assert len(set(per_participant)) == len(per_participant), "a deadline fired twice"
    span = max(late) if late else float("nan")
    return {"n": n, "fired": len(late), "schedulers": schedulers, "start_s": start_s,
            "workers": firing_workers(),
            "rate": len(late) / span if late and span > 0 else float("nan"),
            "p50": percentile(late, 0.5), "p99": percentile(late, 0.99), "last": span,
            "cpu_ms": 1000 * cpu / max(1, len(late))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--n", type=int, default=1000, help="participants, all due at once")
    parser.add_argument("--lead", type=float, default=3.0, help="seconds to the deadline")
    parser.add_argument("--schedulers", type=int, default=1, help="scheduler threads")
    parser.add_argument("--timeout", type=float, default=120.0, help="bound after the deadline")
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args()

    db = benchdb.make_database(postgres=args.postgres, name="quorum_bench_timeouts")
    try:
        benchdb.use_database(db)
        about = (f"{benchdb.today()}, {benchdb.machine()}, {benchdb.database_version(db.backend)}, "
                 f"{benchdb.load()}")
        result = run(args.n, args.lead, args.schedulers, args.timeout)
    finally:
        benchdb.close_connections()
        db.drop()
    rows = [[str(result["n"]), f"{result['schedulers']} x {result['workers']}", f"{result['fired']}",
             f"{result['rate']:.0f}", f"{1000 * float(result['p50']):.0f}",  # type: ignore[arg-type]
             f"{1000 * float(result['p99']):.0f}", f"{1000 * float(result['last']):.0f}",  # type: ignore[arg-type]
             f"{result['cpu_ms']:.1f}"]]
    text = (f"{about}\n\n" + benchdb.table(
        ["deadlines at once", "schedulers x workers", "fired", "timeouts/s", "late p50 ms", "late p99 ms",
         "last ms", "CPU ms/timeout"], rows))
    print(text)
    if args.record:
        benchdb.record(f"timeouts-{db.backend}-s{args.schedulers}", text)


if __name__ == "__main__":
    main()

"""Session benchmark: creation, initialization and in-process bot throughput.

For the public_goods SessionType (groups of 3, 3 rounds) at each N (default 30, 300, 3000):

- create:  `session_create` (the Session row and N Participant rows), wall time, and the number of
           SQL queries it runs (counted on a second session, so counting costs no time);
- init:    `session_initialize` (subsessions, groups, players, creating_session), the same way;
- bots:    `play_session` on the already created and initialized session, with the apps'
           PlayerBots, in process: page submissions per second and ms per submission. A run that
           would take longer than --bot-seconds stops there and reports what it did (marked
           "partial").

And one large session (default 10,000 participants of `trust`; public_goods needs a multiple of
3): its creation time (target <= 3 s) and queries, and its initialization time.

Run from the repository root:

    .venv/bin/python bench/session_bench.py                 # fresh SQLite file
    .venv/bin/python bench/session_bench.py --postgres      # database quorum_bench, dropped after
    .venv/bin/python bench/session_bench.py --record        # also write the table to RESULTS.md
    .venv/bin/python bench/session_bench.py --profile bots --sizes 300

Timings run with DEBUG=false (as in production: no query log kept in memory).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import benchdb

SESSION_TYPE = "public_goods"


@dataclass
class Row:
    label: str
    n: int
    create_s: float = 0.0
    create_cpu: float = 0.0
    create_queries: int = 0
    init_s: float | None = None
    init_cpu: float | None = None
    init_queries: int | None = None
    bot_pages: int | None = None
    bot_s: float | None = None
    bot_cpu: float | None = None
    bot_partial: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ms_per_page(self) -> float | None:
        if not self.bot_pages or self.bot_s is None:
            return None
        return self.bot_s * 1000 / self.bot_pages

    @property
    def cpu_ms_per_page(self) -> float | None:
        if not self.bot_pages or self.bot_cpu is None:
            return None
        return self.bot_cpu * 1000 / self.bot_pages


class BudgetSpent(Exception):
    """Raised from the progress callback to stop a bot run that has used its time."""


class Budget:
    """The bot runner's progress callback: counts pages and stops the run after `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds
        self.pages = 0
        self.spent = False

    def __call__(self, count: int) -> None:
        self.pages += count
        if time.perf_counter() > self.deadline:
            self.spent = True
            raise BudgetSpent


def _count_queries(fn: Any) -> tuple[Any, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = fn()
    return result, len(captured.captured_queries)


def _timed(fn: Any) -> tuple[Any, float, float]:
    """fn's result, wall seconds, and this process's CPU seconds (the database server's not
    included: on PostgreSQL, wall minus CPU is mostly waiting for it)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - start_cpu


def _create(type_name: str, n: int) -> Any:
    from sessions_core.lifecycle.services import session_create

    return session_create(session_type_name=type_name, num_participants=n, label="bench")


def _initialize(session: Any) -> None:
    from sessions_core.lifecycle.services import session_initialize

    session_initialize(session=session)


def measure_size(n: int, *, bot_seconds: float, type_name: str = SESSION_TYPE,
                 bots: bool = True, count_init: bool = True) -> Row:
    from sessions_core.engine.bot_runner import play_session

    row = Row(label=type_name, n=n)
    session, row.create_s, row.create_cpu = _timed(lambda: _create(type_name, n))
    _, row.init_s, row.init_cpu = _timed(lambda: _initialize(session))
    counted, row.create_queries = _count_queries(lambda: _create(type_name, n))
    if count_init:
        _, row.init_queries = _count_queries(lambda: _initialize(counted))
    if not bots:
        return row
    budget = Budget(bot_seconds)
    result, row.bot_s, row.bot_cpu = _timed(lambda: play_session(session, 0, budget))
    row.bot_pages = result.submissions
    if result.error and not budget.spent:
        row.notes.append("bots FAILED: " + result.error.strip().splitlines()[-1][:200])
    if budget.spent:
        row.bot_partial = True
        row.notes.append(f"partial: stopped after {bot_seconds:.0f} s")
    return row


def bot_queries_per_page(n: int = 30) -> float:
    """SQL queries per bot page submission over a whole session of n (counted, not timed)."""
    from sessions_core.engine.bot_runner import play_session

    session = _create(SESSION_TYPE, n)
    _initialize(session)
    result, queries = _count_queries(lambda: play_session(session, 0))
    return queries / max(result.submissions, 1)


# --- profiling ---------------------------------------------------------------------------------

def profile_phase(phase: str, n: int, top: int) -> str:
    """cProfile one phase at size n; returns the top functions by own and cumulative time."""
    from sessions_core.engine.bot_runner import play_session

    session = _create(SESSION_TYPE, n)
    if phase == "bots":
        _initialize(session)
    profiler = cProfile.Profile()
    profiler.enable()
    if phase == "create":
        _create(SESSION_TYPE, n)
    elif phase == "initialize":
        _initialize(session)
    else:
        play_session(session, 0, Budget(60))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"quorum|sessions_core|participants|experiments",
                                               top)
    return out.getvalue()


# --- reporting ---------------------------------------------------------------------------------

def _ms(value: float | None, cpu: float | None = None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:,.0f}" + ("" if cpu is None else f" ({cpu * 1000:,.0f})")


def render(rows: list[Row], bot_qpp: float | None) -> str:
    headers = ["session", "N", "create ms (CPU)", "create queries", "init ms (CPU)",
               "init queries", "bot pages", "pages/s", "ms/page", "CPU ms/page", "notes"]
    lines = []
    for r in rows:
        per_page = r.ms_per_page
        lines.append([
            r.label, f"{r.n:,}", _ms(r.create_s, r.create_cpu), str(r.create_queries),
            _ms(r.init_s, r.init_cpu),
            "—" if r.init_queries is None else str(r.init_queries),
            "—" if r.bot_pages is None else f"{r.bot_pages:,}",
            "—" if not per_page else f"{1000 / per_page:,.0f}",
            "—" if not per_page else f"{per_page:.2f}",
            "—" if r.cpu_ms_per_page is None else f"{r.cpu_ms_per_page:.2f}",
            "; ".join(r.notes),
        ])
    text = benchdb.table(headers, lines)
    if bot_qpp is not None:
        text += f"\n\nSQL queries per bot page submission (N=30, whole session): {bot_qpp:.1f}"
    return text


def _print_progress(rows: list[Row]) -> None:
    lines = render(rows[-1:], None).splitlines()
    print("\n".join(lines if len(rows) == 1 else lines[-1:]), flush=True)


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=benchdb.REPO,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=benchdb.REPO, capture_output=True, text=True).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true",
                        help=f"use PostgreSQL ({benchdb.POSTGRES_SERVER}/<--db-name>)")
    parser.add_argument("--sizes", default="30,300,3000",
                        help="participant counts for public_goods (multiples of 3)")
    parser.add_argument("--big", type=int, default=10_000, help="the large session (0: skip)")
    parser.add_argument("--big-type", default="trust",
                        help="SessionType of the large session (its N must fit its group size)")
    parser.add_argument("--bot-seconds", type=float, default=45.0,
                        help="stop each bot run after this many seconds")
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    parser.add_argument("--profile", choices=["create", "initialize", "bots"],
                        help="instead of the table: cProfile this phase at the first size")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--db-name", default="quorum_bench",
                        help="PostgreSQL database to create and drop (one per concurrent run)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    db = benchdb.make_database(postgres=args.postgres, name=args.db_name)
    try:
        benchdb.use_database(db)
        if args.profile:
            print(profile_phase(args.profile, sizes[0], args.top))
            return 0
        version = benchdb.database_version(db.backend)
        print(f"{version}; {benchdb.machine()}; {benchdb.load()}", flush=True)
        rows: list[Row] = []
        for n in sizes:
            rows.append(measure_size(n, bot_seconds=args.bot_seconds))
            _print_progress(rows)
        if args.big:
            rows.append(measure_size(args.big, bot_seconds=0, type_name=args.big_type,
                                     bots=False, count_init=False))
            _print_progress(rows)
        qpp = bot_queries_per_page()
    finally:
        benchdb.close_connections()
        if not args.keep:
            db.drop()
    text = render(rows, qpp)
    print("\n" + text)
    if args.record:
        heading = (f"### session_bench, {db.backend} ({benchdb.today()})\n\n"
                   f"{version}. Machine: {benchdb.machine()}; {benchdb.load()}. "
                   f"Code: {_commit()}. "
                   f"Command: `.venv/bin/python bench/session_bench.py"
                   f"{' --postgres' if args.postgres else ''}`.\n\n")
        benchdb.record(f"session-{db.backend}", heading + text)
        print(f"recorded in {Path(benchdb.RESULTS).relative_to(benchdb.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

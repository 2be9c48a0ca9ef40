"""Conditions: balanced assignments per second under concurrent first page loads, and the worst
cell imbalance seen.

Against real daphne processes on a fresh database (bench/conditions_settings.py: the production
settings plus the test app `conditioned`). --sessions sessions (default 10) of the SessionType
cond_participant (a 2 x 2 between-subjects design, condition_unit "participant") are created
with --n participants in all (default 1,000). Then every participant loads their first page over
HTTP, as a browser does, --concurrency requests in flight at once (default 50), spread over the
sessions in turn, so all sessions start together. Each first load initializes its session (the
first one), starts the participant and assigns their condition in one locked step per pool
(sessions_core/conditions/services.py), then renders the first page.

Measured: first loads per second (wall, from the first request sent to the last answer read),
which is the assignments per second (one assignment each); latency p50/p95/max; the server's
CPU per first load. While the loads run, a watcher reads the committed cell counts every 50 ms:
the worst spread it saw (the largest cell minus the smallest) and the spread at the end; within
1 is balanced. The same run with cond_none (the same app without conditions) gives what the
assignment costs.

Run from the repository root (all traffic to 127.0.0.1):

    .venv/bin/python bench/conditions_bench.py --postgres           # database quorum_cond_bench
    .venv/bin/python bench/conditions_bench.py --postgres --procs 2 # two daphne processes
    .venv/bin/python bench/conditions_bench.py --postgres --record  # also write RESULTS.md
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import benchdb
import psycopg
from room_bench import database_version, percentile, raise_open_files

from tests.e2e.servers import Server, create_session, run

SETTINGS = "bench.conditions_settings"
CELLS_SQL = ("SELECT cell, count(*) FROM sessions_core_conditionassignment "
             "WHERE session_type = {} GROUP BY cell")
WATCH_EVERY = 0.05  # s between two readings of the committed counts


@dataclass
class Run:
    session_type: str
    n: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    worst_spread: int = 0
    final_counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def final_spread(self) -> int | None:
        if not self.final_counts:
            return None
        counts = [*self.final_counts.values(), *[0] * (4 - len(self.final_counts))]
        return max(counts) - min(counts)


# ---------------------------------------------------------------------------------- HTTP

async def first_load(server: Server, path: str, gate: asyncio.Semaphore) -> tuple[int, float]:
    """A browser's first GET of its participant link (Connection: close): status, ms."""
    async with gate:
        sent = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                     "Connection: close\r\n\r\n".encode())
        await writer.drain()
        response = await reader.read()
        writer.close()
        took = (time.perf_counter() - sent) * 1000
    return int(response.split(b" ", 2)[1]), took


# ---------------------------------------------------------------------- the committed counts

def cell_counts(db: benchdb.BenchDatabase, session_type: str) -> dict[str, int]:
    if db.backend == "postgres":
        with psycopg.connect(db.url) as conn:
            return dict(conn.execute(CELLS_SQL.format("%s"), [session_type]).fetchall())
    with sqlite3.connect(db.url.removeprefix("sqlite:///")) as conn:
        return dict(conn.execute(CELLS_SQL.format("?"), [session_type]).fetchall())


def spread(counts: dict[str, int], cells: int = 4) -> int:
    values = [*counts.values(), *[0] * (cells - len(counts))]
    return max(values) - min(values)


class Watcher(threading.Thread):
    """Reads the committed counts every WATCH_EVERY seconds; keeps the worst spread seen."""

    def __init__(self, db: benchdb.BenchDatabase, session_type: str) -> None:
        super().__init__(daemon=True)
        self.db, self.session_type = db, session_type
        self.worst = 0
        self.readings = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(WATCH_EVERY):
            counts = cell_counts(self.db, self.session_type)
            self.readings += 1
            if sum(counts.values()):
                self.worst = max(self.worst, spread(counts))


# ---------------------------------------------------------------------------------- the run

def server_cpu(servers: list[Server]) -> float:
    total = 0.0
    for server in servers:
        assert server.process is not None
        fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def load_all(servers: list[Server], paths: list[str], concurrency: int
                   ) -> list[tuple[int, float]]:
    gate = asyncio.Semaphore(concurrency)
    return await asyncio.gather(*(first_load(servers[i % len(servers)], path, gate)
                                  for i, path in enumerate(paths)))


def one_run(db: benchdb.BenchDatabase, env: dict[str, str], servers: list[Server],
            session_type: str, args: argparse.Namespace) -> Run:
    result = Run(session_type, args.n)
    per_session = args.n // args.sessions
    by_session = [create_session(env, session_type, per_session) for _ in range(args.sessions)]
    # Interleaved: the first load of every session among the first requests, so all start at once.
    paths = [by_session[s][i] for i in range(per_session) for s in range(args.sessions)]
    watcher = Watcher(db, session_type)
    watcher.start()
    cpu_before = server_cpu(servers)
    started = time.perf_counter()
    answers = asyncio.run(load_all(servers, paths, args.concurrency))
    result.seconds = time.perf_counter() - started
    result.cpu_s = server_cpu(servers) - cpu_before
    watcher.stopping.set()
    watcher.join()
    result.latencies_ms = [ms for _status, ms in answers]
    bad = [status for status, _ms in answers if status != 200]
    if bad:
        result.problems.append(f"{len(bad)} answers not 200: {sorted(set(bad))}")
    result.worst_spread = watcher.worst
    result.final_counts = cell_counts(db, session_type)
    if session_type == "cond_participant" and sum(result.final_counts.values()) != len(paths):
        result.problems.append(f"{sum(result.final_counts.values())} assignments for "
                               f"{len(paths)} first loads")
    return result


def row(r: Run) -> list[str]:
    conditions = r.session_type == "cond_participant"
    return [r.session_type, f"{r.n:,}", f"{r.n / r.seconds:.0f}",
            f"{percentile(r.latencies_ms, 0.5):.0f}", f"{percentile(r.latencies_ms, 0.95):.0f}",
            f"{max(r.latencies_ms, default=float('nan')):.0f}",
            f"{r.cpu_s * 1000 / r.n:.1f}",
            str(r.worst_spread) if conditions else "-",
            str(r.final_spread) if conditions else "-",
            ", ".join(f"{short(cell)} {n}" for cell, n in sorted(r.final_counts.items())) or "-",
            "; ".join(r.problems) or "none"]


def short(cell: str) -> str:
    """'{"color":"red","depth":"near"}' as 'near/red'."""
    values = json.loads(cell)
    return f"{values['depth']}/{values['color']}"


HEADERS = ["SessionType", "first loads", "per s", "p50 ms", "p95 ms", "max ms",
           "server CPU ms each", "worst spread seen", "spread at end", "cells at end", "problems"]


def server_env(db: benchdb.BenchDatabase) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": db.url,
           "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(40), "LOG_LEVEL": "WARNING",
           "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL quorum_cond_bench")
    parser.add_argument("--procs", type=int, choices=[1, 2], default=1)
    parser.add_argument("--n", type=int, default=1000, help="first loads in all")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight")
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args(argv)
    if args.procs == 2 and not args.postgres:
        parser.error("--procs 2 needs --postgres")
    if args.n % (2 * args.sessions):
        parser.error("--n must be a multiple of 2 x --sessions (the app forms pairs)")
    raise_open_files(args.concurrency)
    db = benchdb.make_database(postgres=args.postgres, name="quorum_cond_bench")
    runs: list[Run] = []
    try:
        env = server_env(db)
        run(env, sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0")
        version, started = database_version(db), f"{benchdb.machine()}; {benchdb.load()}"
        print(f"{version}; {started}", flush=True)
        with ExitStack() as stack:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="quorum-cond-bench-"))
            servers = []
            for i in range(args.procs):
                server = Server(env=env, log_path=Path(folder) / f"daphne-{i + 1}.log")
                stack.callback(server.stop)
                servers.append(server.start())
            # The server warmed up first (its first requests import and compile templates), by
            # the run without conditions, which then serves as the comparison.
            for session_type in ("cond_none", "cond_participant"):
                runs.append(one_run(db, env, servers, session_type, args))
                print(row(runs[-1]), flush=True)
            if any(r.problems for r in runs):
                for server in servers:
                    print(f"--- daphne on port {server.port}:\n{server.log()[-1500:]}")
    finally:
        db.drop()
    report(args, db, version, started, runs, argv)
    return 0 if all(not r.problems and (r.final_spread or 0) <= 1 for r in runs) else 1


def report(args: argparse.Namespace, db: benchdb.BenchDatabase, version: str, started: str,
           runs: list[Run], argv: list[str] | None) -> None:
    text = (f"### conditions_bench, {db.backend}, {args.procs} daphne process"
            f"{'es' if args.procs > 1 else ''} ({benchdb.today()})\n\n"
            f"{version}, DEBUG=false, settings {SETTINGS}. Machine: {started}. Command: "
            f"`.venv/bin/python bench/conditions_bench.py {' '.join(argv or sys.argv[1:])}`. "
            f"{args.n:,} first page loads over {args.sessions} sessions started together, "
            f"{args.concurrency} requests in flight; clients on the same machine. cond_participant "
            "assigns a 2 x 2 condition at each first load (one per load: first loads per second "
            "are assignments per second); cond_none is the same app without conditions. Spread: "
            "largest cell minus smallest, of the committed counts read every 50 ms during the "
            "run (worst seen) and at the end.\n\n"
            + benchdb.table(HEADERS, [row(r) for r in runs]) + "\n")
    print("\n" + text)
    if args.record:
        suffix = f"-procs{args.procs}" if args.procs > 1 else ""
        benchdb.record(f"conditions-{db.backend}{suffix}", text)


if __name__ == "__main__":
    sys.exit(main())

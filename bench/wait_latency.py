"""Wait-page latency: from the last arrival's commit to every waiting page's next page.

For each N of --sizes (default 30 and 300), --repeat times (default 3), against real daphne
processes on a fresh database. The servers run bench/wait_settings.py: the production settings
plus the test app cc_crowd, whose one wait page holds the whole session (players_per_group None)
until the last participant arrives.

- N participants load their first page and submit it over HTTP, as a browser does, which leaves
  them on the wait page. Each then opens the wait page's socket (/ws/p/<s>/<p>/) and behaves as
  static/quorum/wait.js does: it pings every QUORUM_WAIT_PING_MS, and on {"type": "advance"}, or
  a state whose position moved or that says "open", it GETs its page, which must be the next one
  (cc_crowd's Done page).
- Then the last participant submits. That request opens the barrier: it writes the WaitCompletion
  row in its transaction, runs the hook, commits, and sends the pushes after the commit.

Measured from the barrier's opening (WaitCompletion.completed_at, written by the server a little
before the commit, on the same machine's clock, so the figures include the rest of that request
up to its commit): when each waiting page got its signal, and when it had its next page (the
GET's answer read in full), p50, p95 and the last one; how long the last submit took from sending
to its answer (the commit lies inside that span); and how many pages moved on by the push, by a
ping's answer, or not at all within --timeout.

With --procs 2 (PostgreSQL and Redis) the sockets and their GETs alternate between the two
processes and the last submit goes to the second, so half of the pushes cross processes through
the Redis channel layer. Clients run on this machine too: on a small machine they compete with the
servers for the CPU.

Run from the repository root (all traffic goes to 127.0.0.1; each phase is bounded by --timeout):

    .venv/bin/python bench/wait_latency.py                      # fresh SQLite file, 1 process
    .venv/bin/python bench/wait_latency.py --postgres           # database quorum_wait_bench
    .venv/bin/python bench/wait_latency.py --postgres --procs 2 --redis redis://127.0.0.1:6379/7
    .venv/bin/python bench/wait_latency.py --sizes 30 --record  # also write RESULTS.md
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
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import benchdb
import psycopg
from room_bench import database_version, percentile, raise_open_files
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from tests.e2e.servers import Server, create_session, run

SETTINGS = "bench.wait_settings"
AT_ONCE = 20  # setup requests and handshakes in flight at a time (not timed)
WAITING_AT = "0-1-1"  # cc_crowd: Arrive, CrowdWait, Done


@dataclass
class Round:
    """One session of N waiting pages and the last arrival."""

    n: int
    opened_at: float = 0.0  # epoch seconds, WaitCompletion.completed_at
    last_submit_ms: float = 0.0
    signal_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    moved_by: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- HTTP


async def http(server: Server, request: bytes) -> tuple[int, bytes]:
    """One request on a connection of its own (Connection: close); the status and the body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(request)
    await writer.drain()
    response = await reader.read()
    writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def get(server: Server, path: str) -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Connection: close\r\n\r\n").encode()


def submit(server: Server, path: str, position: str) -> bytes:
    """The page's form post. The CSRF secret is the client's own: Django's double-submit check
    only compares the cookie with the posted token."""
    secret = secrets.token_hex(16)
    body = f"csrfmiddlewaretoken={secret}&_quorum_page={position}".encode()
    host = f"127.0.0.1:{server.port}"
    return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
            f"Cookie: csrftoken={secret}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


async def arrive(server: Server, path: str, gate: asyncio.Semaphore) -> None:
    """Load the first page and submit it: the participant is then on the wait page."""
    async with gate:
        status, _ = await http(server, get(server, path))
        assert status == 200, f"GET {path}: {status}"
        status, body = await http(server, submit(server, path, "0-1-0"))
        assert status == 200 and b'id="quorum-wait"' in body, f"POST {path}: {status}"


# ------------------------------------------------------------------------- the waiting pages


async def open_socket(server: Server, path: str, gate: asyncio.Semaphore) -> ClientConnection:
    async with gate:
        socket = await connect(f"{server.ws_url}/ws{path}", origin=Origin(server.url),
                               open_timeout=60, ping_interval=None)
        first = json.loads(await socket.recv())
    assert first.get("type") == "state" and first.get("position") == WAITING_AT, first
    return socket


def moves_on(message: dict[str, Any]) -> str | None:
    """What wait.js reloads on: the reason, or None."""
    if message.get("type") == "advance":
        return "push"
    if message.get("type") == "state" and (
            message.get("open") or message.get("status") != "playing"
            or message.get("position") != WAITING_AT):
        return "ping"
    return None


async def wait_like_a_page(server: Server, path: str, socket: ClientConnection,
                           ping_ms: int, timeout: float) -> tuple[str, float, float]:
    """Wait as wait.js does, then load the next page: (why, signal time, page time), epoch s."""
    async def pinger() -> None:
        while True:
            await asyncio.sleep(ping_ms / 1000)  # wait.js's ping interval
            await socket.send(json.dumps({"type": "ping"}))

    pinging = asyncio.create_task(pinger())
    try:
        async with asyncio.timeout(timeout):
            while (why := moves_on(json.loads(await socket.recv()))) is None:
                pass
    finally:
        pinging.cancel()
    signalled = time.time()
    await socket.close()
    status, body = await http(server, get(server, path))
    loaded = time.time()
    if status != 200 or b'id="done"' not in body:
        raise AssertionError(f"next page of {path}: {status}, not the Done page")
    return why, signalled, loaded


# ---------------------------------------------------------------------------------- the run


def opened_at(db: benchdb.BenchDatabase, session_name: str) -> float:
    """When the session's wait page opened (WaitCompletion.completed_at), epoch seconds."""
    sql = ("SELECT w.completed_at FROM sessions_core_waitcompletion w JOIN sessions_core_session s"
           " ON s.id = w.session_id WHERE s.name = {}")
    if db.backend == "postgres":
        with psycopg.connect(db.url) as conn:
            row = conn.execute(sql.format("%s"), [session_name]).fetchone()
        assert row is not None, "the wait page did not open"
        return float(row[0].timestamp())
    with sqlite3.connect(db.url.removeprefix("sqlite:///")) as conn:
        found = conn.execute(sql.format("?"), [session_name]).fetchone()
    assert found is not None, "the wait page did not open"
    return datetime.fromisoformat(found[0]).replace(tzinfo=UTC).timestamp()  # stored in UTC


async def one_round(db: benchdb.BenchDatabase, env: dict[str, str], servers: list[Server],
                    n: int, ping_ms: int, timeout: float) -> Round:
    result = Round(n)
    paths = await asyncio.to_thread(create_session, env, "cc_crowd", n + 1)
    waiting, last = paths[:-1], paths[-1]
    at = [servers[i % len(servers)] for i in range(n)]
    gate = asyncio.Semaphore(AT_ONCE)
    await arrive(at[0], waiting[0], gate)  # the first visit initializes the session, alone
    await asyncio.gather(*(arrive(s, p, gate) for s, p in zip(at[1:], waiting[1:], strict=True)))
    sockets = await asyncio.gather(*(open_socket(s, p, gate)
                                     for s, p in zip(at, waiting, strict=True)))
    pages = [asyncio.create_task(wait_like_a_page(s, p, sock, ping_ms, timeout))
             for s, p, sock in zip(at, waiting, sockets, strict=True)]
    closer = servers[-1]
    status, _ = await http(closer, get(closer, last))
    assert status == 200, f"GET {last}: {status}"
    sent = time.perf_counter()
    status, body = await http(closer, submit(closer, last, "0-1-0"))
    result.last_submit_ms = (time.perf_counter() - sent) * 1000
    if status != 200 or b'id="done"' not in body:
        result.problems.append(f"last submit answered {status}")
    outcomes = await asyncio.gather(*pages, return_exceptions=True)
    result.opened_at = opened_at(db, last.split("/")[2])
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            key = "never" if isinstance(outcome, TimeoutError) else "failed"
            result.moved_by[key] = result.moved_by.get(key, 0) + 1
            if key == "failed":
                result.problems.append(f"{type(outcome).__name__}: {outcome}")
            continue
        why, signalled, loaded = outcome
        result.moved_by[why] = result.moved_by.get(why, 0) + 1
        result.signal_ms.append((signalled - result.opened_at) * 1000)
        result.page_ms.append((loaded - result.opened_at) * 1000)
    return result


async def measure(db: benchdb.BenchDatabase, env: dict[str, str], servers: list[Server],
                  sizes: list[int], repeat: int, ping_ms: int, timeout: float) -> list[Round]:
    rounds = []
    for n in sizes:
        for _ in range(repeat):
            rounds.append(await asyncio.wait_for(
                one_round(db, env, servers, n, ping_ms, timeout), timeout * 3))
            print(row(rounds[-1]), flush=True)
    return rounds


def row(r: Round) -> list[str]:
    moved = ", ".join(f"{k} {v}" for k, v in sorted(r.moved_by.items()))
    return [f"{r.n:,}", f"{r.last_submit_ms:.0f}", f"{percentile(r.signal_ms, 0.5):.0f}",
            f"{percentile(r.signal_ms, 0.95):.0f}", f"{percentile(r.page_ms, 0.5):.0f}",
            f"{percentile(r.page_ms, 0.95):.0f}", f"{max(r.page_ms, default=float('nan')):.0f}",
            moved, "; ".join(sorted(set(r.problems)))[:200] or "none"]


HEADERS = ["N", "last submit ms", "signal p50 ms", "signal p95 ms", "next page p50 ms",
           "next page p95 ms", "last page ms", "moved on by", "problems"]


def server_env(db: benchdb.BenchDatabase, redis: str, ping_ms: int) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": db.url,
           "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(40), "LOG_LEVEL": "WARNING",
           "PYTHONUNBUFFERED": "1", "QUORUM_WAIT_PING_MS": str(ping_ms),
           "CHANNELS_PREFIX": f"quorum-wait-bench-{secrets.token_hex(4)}"}
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = redis
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL quorum_wait_bench")
    parser.add_argument("--procs", type=int, choices=[1, 2], default=1)
    parser.add_argument("--redis", default="", help="Redis URL for the channel layer "
                        "(needed by --procs 2), e.g. redis://127.0.0.1:6379/7")
    parser.add_argument("--sizes", default="30,300", help="waiting pages per session")
    parser.add_argument("--repeat", type=int, default=3, help="sessions per size")
    parser.add_argument("--ping-ms", type=int, default=3000,
                        help="the servers' QUORUM_WAIT_PING_MS (the production default)")
    parser.add_argument("--timeout", type=float, default=60.0, help="bound for each phase (s)")
    parser.add_argument("--logs", default="", help="keep the daphne logs in this folder")
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args(argv)
    if args.procs == 2 and not (args.postgres and args.redis):
        parser.error("--procs 2 needs --postgres and --redis")
    sizes = [int(s) for s in args.sizes.split(",")]
    raise_open_files(max(sizes))
    db = benchdb.make_database(postgres=args.postgres, name="quorum_wait_bench")
    try:
        env = server_env(db, args.redis, args.ping_ms)
        run(env, sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0")
        version, started = database_version(db), f"{benchdb.machine()}; {benchdb.load()}"
        print(f"{version}; {started}", flush=True)
        with ExitStack() as stack:
            folder = args.logs or stack.enter_context(
                tempfile.TemporaryDirectory(prefix="quorum-wait-bench-"))
            Path(folder).mkdir(parents=True, exist_ok=True)
            servers = []
            for i in range(args.procs):
                server = Server(env=env, log_path=Path(folder) / f"daphne-{i + 1}.log")
                stack.callback(server.stop)
                servers.append(server.start())
            rounds = asyncio.run(measure(db, env, servers, sizes, args.repeat, args.ping_ms,
                                         args.timeout))
            if any(r.problems or "never" in r.moved_by for r in rounds):
                for server in servers:  # what went wrong, before the logs are removed
                    print(f"--- daphne on port {server.port}, end of its log:\n{server.log()[-1500:]}")
    finally:
        db.drop()
    report(args, db, version, started, rounds, argv)
    return 0 if all(not r.problems and "never" not in r.moved_by for r in rounds) else 1


def report(args: argparse.Namespace, db: benchdb.BenchDatabase, version: str, started: str,
           rounds: list[Round], argv: list[str] | None) -> None:
    layer = "Redis channel layer" if args.redis else "in-memory channel layer"
    text = (f"### wait_latency, {db.backend}, {args.procs} daphne process"
            f"{'es' if args.procs > 1 else ''} ({benchdb.today()})\n\n"
            f"{version}, {layer}, DEBUG=false, settings {SETTINGS}, QUORUM_WAIT_PING_MS "
            f"{args.ping_ms}. Machine: {started}. Command: `.venv/bin/python bench/wait_latency.py "
            f"{' '.join(argv or sys.argv[1:])}`. Clients on the same machine.\n\n"
            "One row per session; ms from the wait page's opening (WaitCompletion.completed_at) "
            "to each waiting page's signal and to its next page loaded:\n\n"
            + benchdb.table(HEADERS, [row(r) for r in rounds]) + "\n")
    print("\n" + text)
    if args.record:
        suffix = f"-procs{args.procs}" if args.procs > 1 else ""
        benchdb.record(f"wait-{db.backend}{suffix}", text)


if __name__ == "__main__":
    sys.exit(main())

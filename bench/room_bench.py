"""Room benchmark: waiting sockets woken by RoomStarted, and simultaneous joins, against daphne.

For each N (default 100 and 1,000), against real daphne processes on a fresh database:

- wake:  N room sockets (/ws/room/<r>/, the waiting page's socket) connect to a closed room with
         a config and each receives {"type": "waiting"}; then the lab manager's script opens the
         room (PATCH /admin/api/v1/room/<r>/open/ with a staff token). Measured from the moment
         the call is sent until each socket has received {"type": "RoomStarted"}: p50, p95 and
         the last one; and how long the open call itself took.
- joins: N join POSTs (the waiting page's form, /room/<r>/ with a CSRF cookie and token) into an
         open freejoin room, then into an open room with capacity N/2; the TCP connections are
         opened first, then all requests are sent at once. Total time from the first request to
         the last response, joins per second, p50/p95 latency; the server's answers are checked
         (freejoin: N x 302; capacity: N/2 x 302 and N/2 x 423 "Room full") and so is the
         database (one session in each room, as many participants as admissions). CPU per
         join: of the servers, of the database's backends (PostgreSQL) and of this client.

Sockets alternate between the processes with --procs 2 (Redis channel layer, PostgreSQL), and
the open call goes to the last process. Clients run on this machine too: on a small machine they
compete with the server for the CPU.

All N joins are in flight at once unless --in-flight says otherwise. On PostgreSQL each server
process keeps a connection pool (config.settings: DB_POOL_MAX, 20), so the N requests wait for
its connections rather than opening N; a settings module without a pool (--settings) would open
one per request in flight, so give it an --in-flight below the server's free connections.

Run from the repository root (all traffic goes to 127.0.0.1; each phase is bounded by --timeout):

    .venv/bin/python bench/room_bench.py                      # fresh SQLite file, 1 process
    .venv/bin/python bench/room_bench.py --postgres           # database quorum_rc_bench
    .venv/bin/python bench/room_bench.py --postgres --procs 2 --redis redis://127.0.0.1:6379/7
    .venv/bin/python bench/room_bench.py --sizes 100 --record # also write RESULTS.md
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import benchdb
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

from tests.e2e import servers as e2e_servers
from tests.e2e.servers import Server, run

API = "/admin/api/v1"
CONNECT_AT_ONCE = 50  # handshakes in progress at a time while setting up (not timed)
STALE_PRESENCE = 10.0  # s after closing by which the online list should be empty (TTL is 30)

_STAFF_TOKEN = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
user = get_user_model().objects.create_user("bench-script", is_staff=True)
# What a script that runs rooms needs (docs/rooms.md, REST API).
user.user_permissions.set(Permission.objects.filter(
    content_type__app_label="rooms") | Permission.objects.filter(codename="add_session"))
print(Token.objects.create(user=user).key)
"""

# Sessions of a room and their participants, as stored: "sessions participants claimed".
_ROOM_COUNTS = """
import sys
import django
django.setup()
from participants.models import Participant
from sessions_core.models import Session
label = "room " + sys.argv[1]
people = Participant.objects.filter(session__label=label)
print(Session.objects.filter(label=label).count(), people.count(),
      people.filter(claimed_at__isnull=False).count())
"""


# ---------------------------------------------------------------------------------- measuring


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


@dataclass
class Wake:
    n: int
    connect_s: float = 0.0
    open_call_ms: float = 0.0
    received_ms: list[float] = field(default_factory=list)
    offline_s: float | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Joins:
    kind: str
    n: int
    in_flight: int
    total_s: float = 0.0
    # CPU seconds spent during the joins: the servers, the database's backends, this client.
    server_cpu_s: float = 0.0
    db_cpu_s: float | None = None
    client_cpu_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.n / self.total_s if self.total_s else float("nan")


# ------------------------------------------------------------------------------------ CPU time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class DatabaseCpu:
    """CPU of the PostgreSQL backends serving the benchmark's database (a local server: their
    /proc entries are readable). The servers' pools keep their connections, so the backends
    alive at the end of a phase are the ones that worked in it; one that started during the
    phase counts from zero."""

    def __init__(self, url: str, dbname: str) -> None:
        self.url, self.dbname = url, dbname

    def backends(self) -> dict[int, float]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            pids = [row[0] for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()", [self.dbname])]
        return {pid: cpu_seconds(pid) for pid in pids}

    @staticmethod
    def spent(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


# ------------------------------------------------------------------------------- the servers


class Lab:
    """The servers, their environment and a staff token for the REST API."""

    def __init__(self, env: dict[str, str], servers: list[Server],
                 db_cpu: DatabaseCpu | None = None) -> None:
        self.env = env
        self.servers = servers
        self.db_cpu = db_cpu
        self.token = run(env, sys.executable, "-c", _STAFF_TOKEN).strip()

    def api(self, method: str, path: str, body: dict[str, Any] | None = None,
            server: Server | None = None) -> dict[str, Any]:
        target = server or self.servers[-1]
        request = urllib.request.Request(
            target.url + API + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return dict(json.loads(response.read() or b"{}"))

    def new_room(self, **settings: Any) -> str:
        name = f"bench-{secrets.token_hex(4)}"
        self.api("POST", "/rooms/", {"name": name, "config": "questionnaire", **settings})
        return name

    def server_cpu(self) -> float:
        return sum(cpu_seconds(s.process.pid) for s in self.servers if s.process is not None)

    def room_counts(self, room: str) -> tuple[int, int, int]:
        sessions, people, claimed = run(self.env, sys.executable, "-c", _ROOM_COUNTS, room).split()
        return int(sessions), int(people), int(claimed)


# ---------------------------------------------------------------------------- waiting sockets


async def waiting_socket(server: Server, room: str, gate: asyncio.Semaphore,
                         problems: list[str]) -> ClientConnection | None:
    async with gate:
        try:
            socket = await connect(f"{server.ws_url}/ws/room/{room}/?client={secrets.token_hex(8)}",
                                   origin=Origin(server.url), open_timeout=60,
                                   ping_interval=None)
            first = json.loads(await socket.recv())
        except Exception as error:  # a failed socket is a figure, not a crash
            problems.append(f"connect: {type(error).__name__}: {error}")
            return None
    if first != {"type": "waiting"}:
        problems.append(f"first message {first}")
    return socket


async def time_started(socket: ClientConnection, start: list[float], timeout: float) -> float:
    message = json.loads(await asyncio.wait_for(socket.recv(), timeout))
    received = time.perf_counter()
    if message != {"type": "RoomStarted"}:
        raise AssertionError(f"expected RoomStarted, got {message}")
    return (received - start[0]) * 1000


async def wake(lab: Lab, n: int, timeout: float) -> Wake:
    result = Wake(n)
    room = lab.new_room(open=False)
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    began = time.perf_counter()
    sockets = await asyncio.gather(*(
        waiting_socket(lab.servers[i % len(lab.servers)], room, gate, result.problems)
        for i in range(n)))
    result.connect_s = time.perf_counter() - began
    live = [s for s in sockets if s is not None]
    start = [0.0]
    waiters = [asyncio.create_task(time_started(s, start, timeout)) for s in live]
    start[0] = time.perf_counter()
    await asyncio.to_thread(lab.api, "PATCH", f"/room/{room}/open/", {"open": True})
    result.open_call_ms = (time.perf_counter() - start[0]) * 1000
    for outcome in await asyncio.gather(*waiters, return_exceptions=True):
        if isinstance(outcome, BaseException):
            result.problems.append(f"RoomStarted: {type(outcome).__name__}: {outcome}")
        else:
            result.received_ms.append(outcome)
    closing = time.perf_counter()
    await asyncio.gather(*(s.close() for s in live), return_exceptions=True)
    result.offline_s = await offline_after(lab, room, closing, timeout)
    if result.offline_s is None or result.offline_s > STALE_PRESENCE:
        result.problems.append(f"closed sockets still listed online after {STALE_PRESENCE:.0f} s")
    return result


async def offline_after(lab: Lab, room: str, since: float, timeout: float) -> float | None:
    """Seconds from closing the sockets until the room's online list is empty (None: never)."""
    while time.perf_counter() - since < timeout:
        if (await asyncio.to_thread(lab.api, "GET", f"/rooms/{room}/online/"))["count"] == 0:
            return time.perf_counter() - since
        await asyncio.sleep(0.05)  # polling the API, bounded by the timeout
    return None


# ---------------------------------------------------------------------------------- the joins


def join_request(server: Server, room: str) -> bytes:
    """The waiting page's form post. The CSRF secret is the client's own: Django's double-submit
    check only compares the cookie with the posted token."""
    secret = secrets.token_hex(16)
    body = f"csrfmiddlewaretoken={secret}&label=".encode()
    host = f"127.0.0.1:{server.port}"
    return (f"POST /room/{room}/ HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
            f"Cookie: csrftoken={secret}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def open_connection(server: Server, gate: asyncio.Semaphore) -> Connection:
    async with gate:
        return await asyncio.open_connection("127.0.0.1", server.port)


async def one_join(connection: Connection, request: bytes, in_flight: asyncio.Semaphore,
                   start: float) -> tuple[str, float]:
    reader, writer = connection
    async with in_flight:
        writer.write(request)
        await writer.drain()
        response = await reader.read()
    elapsed = (time.perf_counter() - start) * 1000
    writer.close()
    status = response.split(b" ", 2)[1].decode() if response.startswith(b"HTTP/") else "no answer"
    if status == "423" and b"Room full" not in response:
        status = "423 without 'Room full'"
    return status, elapsed


async def joins(lab: Lab, kind: str, n: int, in_flight: int, timeout: float) -> Joins:
    result = Joins(kind, n, in_flight)
    capacity = n // 2 if kind == "capacity" else None
    room = lab.new_room(open=True, **({"capacity": capacity} if capacity else {}))
    targets = [lab.servers[i % len(lab.servers)] for i in range(n)]
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    connections = await asyncio.gather(*(open_connection(s, gate) for s in targets))
    requests = [join_request(s, room) for s in targets]
    db_before = lab.db_cpu.backends() if lab.db_cpu else {}
    server_before, client_before = lab.server_cpu(), own_cpu()
    flight, start = asyncio.Semaphore(in_flight), time.perf_counter()
    outcomes = await asyncio.wait_for(asyncio.gather(
        *(one_join(c, r, flight, start) for c, r in zip(connections, requests, strict=True)),
        return_exceptions=True), timeout)
    result.server_cpu_s = lab.server_cpu() - server_before
    result.client_cpu_s = own_cpu() - client_before
    if lab.db_cpu:
        result.db_cpu_s = DatabaseCpu.spent(db_before, lab.db_cpu.backends())
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            key = f"error {type(outcome).__name__}"
        else:
            key = outcome[0]
            result.latencies_ms.append(outcome[1])
        result.statuses[key] = result.statuses.get(key, 0) + 1
    result.total_s = max(result.latencies_ms, default=0.0) / 1000
    check_joins(lab, room, result, capacity)
    return result


def check_joins(lab: Lab, room: str, result: Joins, capacity: int | None) -> None:
    admitted = capacity if capacity is not None else result.n
    expected = {"302": admitted, **({"423": result.n - admitted} if capacity else {})}
    if result.statuses != expected:
        result.problems.append("expected " + ", ".join(f"{k} x{v}" for k, v in expected.items()))
    counts = lab.room_counts(room)
    if counts != (1, admitted, admitted):
        result.problems.append(f"stored sessions/participants/claimed {'/'.join(map(str, counts))}")


# ---------------------------------------------------------------------------------- the run


def raise_open_files(n: int) -> int:
    """Each socket is a file on both ends (and daphne inherits the limit from this process)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * n + 512
    if soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def database_version(db: benchdb.BenchDatabase) -> str:
    if db.backend == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"
    import psycopg

    with psycopg.connect(db.url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0] if row else '?'}"


def server_env(db: benchdb.BenchDatabase, redis: str, settings: str) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DATABASE_URL": db.url,
           "DEBUG": "false", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
           "SECRET_KEY": os.environ.get("SECRET_KEY") or benchdb.BENCH_SECRET_KEY,
           "CHANNELS_PREFIX": f"quorum-bench-{secrets.token_hex(4)}"}
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = redis
    return env


async def measure(lab: Lab, sizes: list[int], in_flight: int | None, timeout: float,
                  joins_only: bool = False) -> tuple[list[Wake], list[Joins]]:
    wakes, all_joins = [], []
    for n in sizes:
        if not joins_only:
            wakes.append(await asyncio.wait_for(wake(lab, n, timeout), timeout))
            print(wake_row(wakes[-1]), flush=True)
        for kind in ("freejoin", "capacity"):
            all_joins.append(await joins(lab, kind, n, in_flight or n, timeout))
            print(join_row(all_joins[-1]), flush=True)
    return wakes, all_joins


def wake_row(w: Wake) -> list[str]:
    got = w.received_ms
    return [f"{w.n:,}", f"{w.connect_s:.2f}", f"{w.open_call_ms:.0f}",
            f"{percentile(got, 0.5):.0f}", f"{percentile(got, 0.95):.0f}",
            f"{max(got, default=float('nan')):.0f}", f"{len(got):,}/{w.n:,}",
            "never" if w.offline_s is None else f"{w.offline_s:.2f}",
            "; ".join(sorted(set(w.problems)))[:200] or "none"]


def join_row(j: Joins) -> list[str]:
    answers = ", ".join(f"{k} x{v}" for k, v in sorted(j.statuses.items()))
    per_join = 1000 / max(j.n, 1)
    return [f"{j.n:,}", j.kind, f"{j.in_flight:,}", f"{j.total_s:.2f}", f"{j.per_second:.0f}",
            f"{percentile(j.latencies_ms, 0.5):.0f}", f"{percentile(j.latencies_ms, 0.95):.0f}",
            f"{j.server_cpu_s * per_join:.1f}",
            "-" if j.db_cpu_s is None else f"{j.db_cpu_s * per_join:.1f}",
            f"{j.client_cpu_s * per_join:.1f}", answers, "; ".join(j.problems)[:200] or "ok"]


WAKE_HEADERS = ["N", "connect s", "open call ms", "RoomStarted p50 ms", "p95 ms", "last ms",
                "received", "all offline s", "problems"]
JOIN_HEADERS = ["N", "room", "in flight", "total s", "joins/s", "p50 ms", "p95 ms",
                "server CPU ms/join", "PG CPU ms/join", "client CPU ms/join", "answers", "check"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL quorum_rc_bench")
    parser.add_argument("--procs", type=int, choices=[1, 2], default=1)
    parser.add_argument("--redis", default="", help="Redis URL for the channel layer "
                        "(needed by --procs 2), e.g. redis://127.0.0.1:6379/7")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--in-flight", type=int, default=None,
                        help="most joins sent at a time (default: all)")
    parser.add_argument("--timeout", type=float, default=120.0, help="bound for each phase (s)")
    parser.add_argument("--settings", default="config.settings",
                        help="the servers' settings module (to compare a variant)")
    parser.add_argument("--logs", default="", help="keep the daphne logs in this folder")
    parser.add_argument("--record", action="store_true", help="write the tables into RESULTS.md")
    parser.add_argument("--joins-only", action="store_true", help="skip the waiting sockets")
    parser.add_argument("--profile", default="", metavar="OUT.prof",
                        help="run the first daphne under cProfile (bench/profiled_daphne.py) and "
                             "print its top functions per join (with --joins-only: joins only)")
    parser.add_argument("--server-cpus", default="", metavar="0",
                        help="pin the servers to these cores (comma-separated), e.g. to show "
                             "what the server does when the clients have a core of their own")
    parser.add_argument("--client-cpus", default="", metavar="1",
                        help="pin this client process to these cores")
    args = parser.parse_args(argv)
    if args.procs == 2 and not (args.postgres and args.redis):
        parser.error("--procs 2 needs --postgres and --redis")
    sizes = [int(s) for s in args.sizes.split(",")]
    limit = raise_open_files(max(sizes))
    in_flight = args.in_flight
    if args.client_cpus:
        os.sched_setaffinity(0, {int(c) for c in args.client_cpus.split(",")})
    if args.profile:
        e2e_servers.SERVER_COMMANDS["profiled-daphne"] = [
            str(Path(__file__).with_name("profiled_daphne.py")), args.profile, "-b", "127.0.0.1",
            "-p", "{port}", e2e_servers.APP]
    db = benchdb.make_database(postgres=args.postgres, name="quorum_rc_bench")
    try:
        env = server_env(db, args.redis, args.settings)
        run(env, sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0")
        version, started = database_version(db), f"{benchdb.machine()}; {benchdb.load()}"
        print(f"{version}; {started}; open files {limit}; in flight {in_flight or 'all'}",
              flush=True)
        with ExitStack() as stack:
            folder = args.logs or stack.enter_context(
                tempfile.TemporaryDirectory(prefix="quorum-room-bench-"))
            Path(folder).mkdir(parents=True, exist_ok=True)
            servers = []
            for i in range(args.procs):
                server = Server(env=env, log_path=Path(folder) / f"daphne-{i + 1}.log",
                                **({"kind": "profiled-daphne"} if args.profile and i == 0 else {}))
                stack.callback(server.stop)
                servers.append(server.start())
                if args.server_cpus:
                    pin(server, {int(c) for c in args.server_cpus.split(",")})
            db_cpu = DatabaseCpu(db.url, db.name) if db.backend == "postgres" else None
            wakes, all_joins = asyncio.run(measure(Lab(env, servers, db_cpu), sizes, in_flight,
                                                   args.timeout, args.joins_only))
            if any(w.problems for w in wakes) or any(j.problems for j in all_joins):
                for server in servers:  # what went wrong, before the logs are removed
                    print(f"--- daphne on port {server.port}, end of its log:\n{server.log()[-1500:]}")
            for server in servers:  # a profiled server writes its stats as it stops: wait
                if args.profile and server.process is not None:
                    server.process.terminate()
                    server.process.wait(timeout=300)
                server.stop()
    finally:
        db.drop()
    if args.profile:
        print_profile(args.profile, sum(j.n for j in all_joins))
    report(args, db, version, started, wakes, all_joins, argv)
    return 0 if all(not w.problems for w in wakes) and all(not j.problems for j in all_joins) else 1


def pin(server: Server, cpus: set[int]) -> None:
    """Every thread of the server on these cores (threads it starts later inherit it)."""
    assert server.process is not None
    for task in Path(f"/proc/{server.process.pid}/task").iterdir():
        os.sched_setaffinity(int(task.name), cpus)


def print_profile(path: str, joins: int, top: int = 30) -> None:
    import pstats

    stats = pstats.Stats(path)
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    print(f"\nprofile {path}: {total:.2f} s of server thread CPU, {total * 1000 / max(joins, 1):.2f}"
          f" ms per join ({joins} joins; the start-up included)")
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def report(args: argparse.Namespace, db: benchdb.BenchDatabase, version: str, started: str,
           wakes: list[Wake], all_joins: list[Joins], argv: list[str] | None) -> None:
    layer = "Redis channel layer" if args.redis else "in-memory channel layer"
    text = (f"### room_bench, {db.backend}, {args.procs} daphne process"
            f"{'es' if args.procs > 1 else ''} ({benchdb.today()})\n\n"
            f"{version}, {layer}, DEBUG=false, settings {args.settings}. Machine: {started}. Command: "
            f"`.venv/bin/python bench/room_bench.py {' '.join(argv or sys.argv[1:])}`. "
            "Clients on the same machine.\n\n"
            "Waiting sockets woken by the open call (ms from sending the call):\n\n"
            + benchdb.table(WAKE_HEADERS, [wake_row(w) for w in wakes])
            + "\n\nSimultaneous joins (total from the first request to the last response):\n\n"
            + benchdb.table(JOIN_HEADERS, [join_row(j) for j in all_joins]) + "\n")
    print("\n" + text)
    if args.record:
        suffix = f"-procs{args.procs}" if args.procs > 1 else ""
        benchdb.record(f"rooms-{db.backend}{suffix}", text)


if __name__ == "__main__":
    sys.exit(main())

"""WebSocket benchmark: server CPU per participant socket connect, heartbeat, ping and close.

Every participant page holds one socket (/ws/p/<session>/<participant>/): a form page connects
with ?on=page and sends a heartbeat every 10 s (static/quorum/presence.js: presence only, no
database); a wait page connects without it and pings every QUORUM_WAIT_PING_MS (3 s; a state
read in the database). This script measures what each of those costs the server, on each
server of --server (daphne, uvicorn, granian; interleaved, --rounds times), with the same app
and settings as bench/http_bench.py (its Servers: one process, DEBUG=false, the benchmark
database, REDIS_URL only with --redis, which puts the channel layer and presence in Redis).

For each server, on a fresh public_goods session of --sockets participants (created and
initialized before the server starts):

1. connect: every participant's socket (`?on=page`), --batch handshakes in flight, each done
   when its first message (the state) arrived;
2. heartbeat: --repeat times, every socket sends {"type": "heartbeat"} and reads the answer;
3. ping: --repeat times, every socket sends {"type": "ping"} and reads the state;
4. close: every socket closes (the server leaves the presence set and the channel group).

Measured per phase: the server's CPU (its process tree's utime + stime) divided by the
operations, and the wall time of the phase (the client shares the machine's cores; read the
CPU). An operation that fails or gets no answer within --timeout is counted as an error. With
--redis, also the Redis commands per operation (INFO's total_commands_processed: the whole Redis
server's, so other clients' traffic counts in; an upper bound).

    .venv/bin/python bench/ws_bench.py --postgres --server daphne,uvicorn,granian --rounds 2
    .venv/bin/python bench/ws_bench.py --postgres --redis redis://127.0.0.1:6379/9 --record
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import benchdb
from http_bench import SERVER_NAMES, Servers
from room_bench import raise_open_files
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

PHASES = ("connect", "heartbeat", "ping", "close")


@dataclass
class Result:
    server: str
    sockets: int
    cpu_ms: dict[str, float] = field(default_factory=dict)  # per operation
    redis_cmds: dict[str, float] = field(default_factory=dict)  # per operation (with --redis)
    wall_s: dict[str, float] = field(default_factory=dict)
    errors: int = 0


def make_session(n: int) -> tuple[str, list[str]]:
    from participants.models import Participant
    from sessions_core.lifecycle.services import session_create, session_initialize

    session = session_create(session_type_name="public_goods", num_participants=n,
                             label="ws bench")
    session_initialize(session=session)
    names = list(Participant.objects.filter(session=session).order_by("id_in_session")
                 .values_list("name", flat=True))
    benchdb.close_connections()
    return session.name, names


def redis_commands(url: str) -> int:
    """Commands the Redis server has processed so far (all clients: others' traffic counts too)."""
    if not url:
        return 0
    import redis

    client = redis.Redis.from_url(url)
    try:
        return int(client.info("stats")["total_commands_processed"])
    finally:
        client.close()


async def _phase(servers: Servers, ops: list[Any], batch: int) -> tuple[float, float, int]:
    """Run the coroutines, `batch` at a time: (server CPU s, wall s, failures)."""
    semaphore = asyncio.Semaphore(batch)

    async def bounded(op: Any) -> bool:
        async with semaphore:
            try:
                await op
                return True
            except Exception:  # noqa: BLE001  (a failure is a figure to report)
                return False

    cpu, wall = servers.cpu(), time.perf_counter()
    done = await asyncio.gather(*(bounded(op) for op in ops))
    return servers.cpu() - cpu, time.perf_counter() - wall, done.count(False)


async def measure(servers: Servers, session: str, names: list[str], args: argparse.Namespace,
                  result: Result) -> None:
    port = servers.ports[0]
    base = f"ws://127.0.0.1:{port}"
    sockets: list[ClientConnection] = []

    async def open_one(name: str) -> None:
        socket = await connect(f"{base}/ws/p/{session}/{name}/?on=page",
                               origin=Origin(f"http://127.0.0.1:{port}"),
                               open_timeout=args.timeout, ping_interval=None, max_queue=None)
        first = json.loads(await asyncio.wait_for(socket.recv(), args.timeout))
        if first.get("type") != "state":
            raise RuntimeError(f"first message {first}")
        sockets.append(socket)

    async def ask(socket: ClientConnection, kind: str, answer: str) -> None:
        await socket.send(json.dumps({"type": kind}))
        reply = json.loads(await asyncio.wait_for(socket.recv(), args.timeout))
        if reply.get("type") != answer:
            raise RuntimeError(f"{kind}: got {reply}")

    commands = redis_commands(args.redis)

    def record(phase: str, count: int, measured: tuple[float, float, int]) -> None:
        nonlocal commands
        cpu, wall, failed = measured
        now = redis_commands(args.redis)
        # minus the INFO call that read the counter
        result.redis_cmds[phase] = (now - commands - 1) / max(count, 1)
        commands = now
        result.cpu_ms[phase] = cpu * 1000 / max(count, 1)
        result.wall_s[phase] = wall
        result.errors += failed

    record("connect", len(names), await _phase(servers, [open_one(n) for n in names], args.batch))
    for kind, answer in (("heartbeat", "heartbeat"), ("ping", "state")):
        cpu = wall = 0.0
        failed = 0
        for _ in range(args.repeat):
            c, w, f = await _phase(servers, [ask(s, kind, answer) for s in sockets], len(sockets))
            cpu, wall, failed = cpu + c, wall + w, failed + f
        record(kind, len(sockets) * args.repeat, (cpu, wall, failed))
    before = servers.cpu()
    _, wall, failed = await _phase(servers, [s.close() for s in sockets], len(sockets))
    await asyncio.sleep(3.0)  # the server finishes its disconnects after the clients' closes
    record("close", len(sockets), (servers.cpu() - before, wall, failed))


def run_one(db: benchdb.BenchDatabase, args: argparse.Namespace, server: str,
            workdir: Path) -> Result:
    session, names = make_session(args.sockets)
    result = Result(server=server, sockets=len(names))
    servers = Servers(count=1, db_url=db.url, debug=False, logdir=workdir, server=server,
                      redis_url=args.redis)
    try:
        servers.wait_ready()
        asyncio.run(measure(servers, session, names, args, result))
    finally:
        servers.stop()
    return result


def render(results: list[Result], redis: bool = False) -> str:
    headers = ["server", "sockets", *(f"{p} CPU ms" for p in PHASES),
               *(f"{p} wall s" for p in PHASES),
               *(f"{p} Redis cmds" for p in PHASES if redis), "errors"]
    rows = [[r.server, str(r.sockets), *(f"{r.cpu_ms.get(p, float('nan')):.2f}" for p in PHASES),
             *(f"{r.wall_s.get(p, float('nan')):.2f}" for p in PHASES),
             *(f"{r.redis_cmds.get(p, float('nan')):.1f}" for p in PHASES if redis),
             str(r.errors)] for r in results]
    return benchdb.table(headers, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--db-name", default="quorum_bench_ws")
    parser.add_argument("--redis", default="", help="REDIS_URL for the server (default: none)")
    parser.add_argument("--server", default="daphne", help="daphne, uvicorn, granian or a list")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--sockets", type=int, default=300, help="a multiple of 3")
    parser.add_argument("--batch", type=int, default=50, help="handshakes in flight")
    parser.add_argument("--repeat", type=int, default=5, help="heartbeats and pings per socket")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.server.split(",") if s.strip()]
    for name in names:
        if name not in SERVER_NAMES:
            parser.error(f"--server: {name!r} is not one of {', '.join(SERVER_NAMES)}")
    raise_open_files(args.sockets)

    db = benchdb.make_database(postgres=args.postgres, name=args.db_name)
    workdir = Path(tempfile.mkdtemp(prefix="quorum-ws-bench-"))
    results: list[Result] = []
    try:
        benchdb.use_database(db)
        version = benchdb.database_version(db.backend)
        benchdb.close_connections()
        print(f"{version}; {benchdb.machine()}; {benchdb.load()}; logs in {workdir}", flush=True)
        for _ in range(args.rounds):
            for server in names:
                results.append(run_one(db, args, server, workdir))
                print(render(results[-1:], bool(args.redis)).splitlines()[-1], flush=True)
    finally:
        benchdb.close_connections()
        db.drop()
    if not any(r.errors for r in results):
        shutil.rmtree(workdir, ignore_errors=True)
    text = render(results, bool(args.redis))
    print("\n" + text)
    if args.record:
        layer = "Redis channel layer and presence" if args.redis else "in-memory channel layer"
        heading = (f"### ws_bench, {db.backend}, {layer} ({benchdb.today()})\n\n"
                   f"{version}. Machine: {benchdb.machine()}; {benchdb.load()}. Command: "
                   f"`.venv/bin/python bench/ws_bench.py {' '.join(argv or sys.argv[1:])}`. "
                   "Server CPU ms per operation; clients on the same machine.\n\n")
        benchdb.record(f"ws-{db.backend}{'-redis' if args.redis else ''}", heading + text)
        print("recorded in bench/RESULTS.md")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

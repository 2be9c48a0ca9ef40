"""Live-page benchmark: round trips of live messages (liveSend -> live_method -> liveRecv) with
100 and 1,000 connected participants, on one daphne or two behind Redis.

The session is the bundled live_agreement demo (pairs; each live message runs live_propose
under the sender's and the pair's row locks and answers both players of the pair), created,
initialized and every participant brought to the live page before the servers start. Every
participant's page socket connects (`?on=page&at=0-1-0`, as presence.js does); with --servers 2
(needs --redis) participant i connects to server i % 2, so a pair's two sockets sit on different
processes and every answer crosses Redis.

For each N of --sizes, two phases:

1. paced: for --seconds, messages go out at --rate a second in all, each from a participant
   picked at random among those with no message in flight (each socket stays far below its own
   limit of 2 a second). A message's round trip is from its send to the arrival, on the sender's
   socket, of the answer that carries its proposal (the partner's socket gets it too).
2. burst: every participant sends one message at the same moment: the round trips, and the
   time until the last answer (what a whole lab clicking at once costs).

Reported per phase: messages, round trip p50, p99 and max (ms), the servers' CPU per message
(their process trees' utime + stime; the clients run on the same machine), and errors (no
answer within --timeout, or an error reply). Player 1 proposes even numbers and player 2 odd
ones, so a pair never agrees and every message is answered with its proposal.

    .venv/bin/python bench/live_bench.py --postgres
    .venv/bin/python bench/live_bench.py --postgres --redis redis://127.0.0.1:6379/9 --servers 2
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import benchdb
from http_bench import Servers
from room_bench import raise_open_files
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

PAGE = "0-1-0"  # live_agreement's Bargain page


@dataclass
class Result:
    servers: int
    sockets: int
    phase: str
    trips_ms: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    wall_s: float = 0.0
    errors: int = 0

    def percentile(self, q: float) -> float:
        if not self.trips_ms:
            return float("nan")
        ordered = sorted(self.trips_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def make_session(n: int) -> tuple[str, list[tuple[str, int]]]:
    """A live_agreement session of n, every participant on the live page: (name, [(participant
    name, id_in_group)])."""
    from sessions_core.engine.visit import participant_visit
    from sessions_core.experimenter.registry import experiment_app
    from sessions_core.lifecycle.services import session_create, session_initialize

    session = session_create(session_type_name="live_agreement", num_participants=n,
                             label="live bench")
    session_initialize(session=session)
    people = list(session.participant_set.order_by("id_in_session").values_list("pk", "name"))
    for pk, _ in people:
        participant_visit(pk=pk, render=False)
    ids = dict(experiment_app("live_agreement").Player.objects.filter(session=session)
               .values_list("participant_id", "id_in_group"))
    benchdb.close_connections()
    return session.name, [(name, ids[pk]) for pk, name in people]


class Trader:
    """One participant's socket: sends a proposal, and resolves it when its answer comes."""

    def __init__(self, socket: ClientConnection, id_in_group: int) -> None:
        self.socket = socket
        self.me = str(id_in_group)
        self.counter = 0
        self.waiting: tuple[int, float, asyncio.Future[float]] | None = None
        self.errors = 0

    async def read(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            if message.get("type") == "error":
                self.errors += 1
                if self.waiting:
                    self.waiting[2].set_exception(RuntimeError(message.get("detail")))
                    self.waiting = None
                continue
            if message.get("type") != "live" or not self.waiting:
                continue
            share, sent, done = self.waiting
            data = message["data"]
            if data.get("by") == int(self.me) and data["proposals"].get(self.me) == share:
                self.waiting = None
                done.set_result((time.perf_counter() - sent) * 1000)

    async def propose(self, timeout: float) -> float:
        self.counter += 1
        # Player 1 proposes even numbers, player 2 odd ones: a pair never agrees.
        share = (2 * self.counter + (0 if self.me == "1" else 1)) % 100
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting = (share, time.perf_counter(), done)
        await self.socket.send(json.dumps({"type": "live", "page": PAGE,
                                           "data": {"share": share}}))
        try:
            return await asyncio.wait_for(done, timeout)
        finally:
            self.waiting = None


async def connect_all(servers: Servers, session: str, people: list[tuple[str, int]],
                      args: argparse.Namespace) -> list[Trader]:
    gate = asyncio.Semaphore(args.batch)

    async def open_one(index: int, name: str, id_in_group: int) -> Trader:
        port = servers.ports[index % len(servers.ports)]
        async with gate:
            socket = await connect(f"ws://127.0.0.1:{port}/ws/p/{session}/{name}/?on=page&at={PAGE}",
                                   origin=Origin(f"http://127.0.0.1:{port}"),
                                   open_timeout=args.timeout, ping_interval=None, max_queue=None)
            first = json.loads(await asyncio.wait_for(socket.recv(), args.timeout))
            if first.get("type") != "state":
                raise RuntimeError(f"first message {first}")
        return Trader(socket, id_in_group)

    return list(await asyncio.gather(*(open_one(i, name, gid)
                                       for i, (name, gid) in enumerate(people))))


async def paced(traders: list[Trader], servers: Servers, args: argparse.Namespace,
                result: Result) -> None:
    idle = set(range(len(traders)))
    tasks: list[asyncio.Task[None]] = []

    async def one(index: int) -> None:
        try:
            result.trips_ms.append(await traders[index].propose(args.timeout))
        except Exception:  # noqa: BLE001  (a failure is a figure to report)
            result.errors += 1
        idle.add(index)

    cpu, start = servers.cpu(), time.perf_counter()
    sent = 0
    while time.perf_counter() - start < args.seconds:
        due = start + sent / args.rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if idle:
            index = random.choice(tuple(idle))
            idle.discard(index)
            tasks.append(asyncio.create_task(one(index)))
        sent += 1
    await asyncio.gather(*tasks)
    result.cpu_s, result.wall_s = servers.cpu() - cpu, time.perf_counter() - start


async def burst(traders: list[Trader], servers: Servers, args: argparse.Namespace,
                result: Result) -> None:
    cpu, start = servers.cpu(), time.perf_counter()
    done = await asyncio.gather(*(t.propose(args.timeout) for t in traders),
                                return_exceptions=True)
    result.cpu_s, result.wall_s = servers.cpu() - cpu, time.perf_counter() - start
    result.trips_ms = [d for d in done if isinstance(d, float)]
    result.errors = sum(1 for d in done if not isinstance(d, float))


async def measure(servers: Servers, session: str, people: list[tuple[str, int]],
                  args: argparse.Namespace) -> list[Result]:
    traders = await connect_all(servers, session, people, args)
    readers = [asyncio.create_task(t.read()) for t in traders]
    results = [Result(servers=len(servers.ports), sockets=len(traders), phase=phase)
               for phase in ("paced", "burst")]
    await paced(traders, servers, args, results[0])
    await asyncio.sleep(1.0)  # every socket's token bucket refills before the burst
    await burst(traders, servers, args, results[1])
    for trader in traders:
        await trader.socket.close()
    await asyncio.gather(*readers, return_exceptions=True)
    return results


def run_size(db: benchdb.BenchDatabase, args: argparse.Namespace, size: int,
             workdir: Path) -> list[Result]:
    session, people = make_session(size)
    servers = Servers(count=args.servers, db_url=db.url, debug=False, logdir=workdir,
                      redis_url=args.redis, server=args.server)
    try:
        servers.wait_ready()
        return asyncio.run(measure(servers, session, people, args))
    finally:
        servers.stop()


def render(results: list[Result]) -> str:
    headers = ["servers", "sockets", "phase", "messages", "p50 ms", "p99 ms", "max ms",
               "server CPU ms/msg", "wall s", "errors"]
    rows = [[str(r.servers), str(r.sockets), r.phase, str(len(r.trips_ms)),
             f"{r.percentile(0.50):.1f}", f"{r.percentile(0.99):.1f}",
             f"{max(r.trips_ms, default=float('nan')):.1f}",
             f"{r.cpu_s * 1000 / max(len(r.trips_ms), 1):.2f}", f"{r.wall_s:.1f}",
             str(r.errors)] for r in results]
    return benchdb.table(headers, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--db-name", default="quorum_bench_live")
    parser.add_argument("--redis", default="", help="REDIS_URL for the servers (default: none)")
    parser.add_argument("--servers", type=int, default=1, help="server processes (2 needs --redis)")
    parser.add_argument("--server", default="daphne", help="daphne, uvicorn or granian")
    parser.add_argument("--sizes", default="100,1000", help="participants (even numbers)")
    parser.add_argument("--rate", type=float, default=50, help="paced messages a second, in all")
    parser.add_argument("--seconds", type=float, default=15, help="length of the paced phase")
    parser.add_argument("--batch", type=int, default=50, help="handshakes in flight")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args(argv)
    if args.servers > 1 and not args.redis:
        parser.error("--servers 2 needs --redis (the channel layer the processes share)")
    sizes = [int(s) for s in args.sizes.split(",")]
    raise_open_files(max(sizes))
    db = benchdb.make_database(postgres=args.postgres, name=args.db_name)
    workdir = Path(tempfile.mkdtemp(prefix="quorum-live-bench-"))
    results: list[Result] = []
    try:
        benchdb.use_database(db)
        version = benchdb.database_version(db.backend)
        benchdb.close_connections()
        print(f"{version}; {benchdb.machine()}; {benchdb.load()}; logs in {workdir}", flush=True)
        for size in sizes:
            results += run_size(db, args, size, workdir)
            print(render(results[-2:]), flush=True)
    finally:
        benchdb.close_connections()
        db.drop()
    if not any(r.errors for r in results):
        shutil.rmtree(workdir, ignore_errors=True)
    text = render(results)
    print("\n" + text)
    if args.record:
        layer = f"{args.servers} daphne, Redis channel layer" if args.redis else \
            "1 daphne, in-memory channel layer"
        heading = (f"### live_bench, {db.backend}, {layer}, paced at {args.rate:g}/s "
                   f"({benchdb.today()})\n\n"
                   f"{version}. Machine: {benchdb.machine()}; {benchdb.load()}. Command: "
                   f"`.venv/bin/python bench/live_bench.py {' '.join(argv or sys.argv[1:])}`. "
                   "Round trips from liveSend to the sender's liveRecv; clients on the same "
                   "machine.\n\n")
        section = f"live-{db.backend}-{args.servers}{'-redis' if args.redis else ''}" + \
            ("" if args.rate == 50 else f"-rate{args.rate:g}")
        benchdb.record(section, heading + text)
        print("recorded in bench/RESULTS.md")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

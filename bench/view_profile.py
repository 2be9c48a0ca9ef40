"""The participant pages without an HTTP server: CPU and SQL queries per request, by kind.

Plays public_goods sessions of --participants through Django's test Client (the sync handler, the
project's middleware and views, no ASGI server, one thread), with the same client behaviour as
http_bench.py (GET, POST valid data, a few invalid posts and reloads, state polls on wait pages).
What http_bench measures per response minus what this measures is the cost of the ASGI server
and its plumbing.

    .venv/bin/python bench/view_profile.py                 # SQLite
    .venv/bin/python bench/view_profile.py --postgres
    .venv/bin/python bench/view_profile.py --profile       # and cProfile's top functions
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import time
from collections import Counter, defaultdict
from typing import Any

import benchdb
from http_bench import SESSION_TYPE, form_data, parse_page


class Player:
    """One participant's browser, played through a django.test.Client of its own."""

    def __init__(self, session_name: str, name: str) -> None:
        from django.test import Client

        self.client = Client()
        self.url = f"/p/{session_name}/{name}/"
        self.next = "get"
        self.inputs: dict[str, Any] = {}
        self.state_url = ""
        self.position = ""

    def step(self, rng: random.Random, reload: float, invalid: float) -> tuple[str, int]:
        if self.next == "poll":
            response = self.client.get(self.state_url)
            state = response.json()
            if state.get("status") != "playing" or state.get("position") != self.position:
                self.next = "get"
            return "poll", response.status_code
        kind = "get"
        if self.next == "post" and rng.random() >= reload:
            bad = rng.random() < invalid
            kind = "post-invalid" if bad else "post"
            response = self.client.post(self.url, form_data(self.inputs, rng, bad))
        else:
            response = self.client.get(self.url)
        page, info = parse_page(response.content.decode())
        if page == "form":
            self.next, self.inputs = "post", info
        elif page == "wait":
            self.next, (self.state_url, self.position) = "poll", info
        elif page == "finished":
            self.next = "done"
        else:
            raise RuntimeError(f"unexpected page for {self.url}: {response.status_code}")
        return kind, response.status_code


def make_players(n: int) -> list[Player]:
    from participants.models import Participant
    from sessions_core.lifecycle.services import session_create, session_initialize

    session = session_create(session_type_name=SESSION_TYPE, num_participants=n, label="view")
    session_initialize(session=session)
    names = Participant.objects.filter(session=session).order_by(
        "id_in_session").values_list("name", flat=True)
    return [Player(session.name, name) for name in names]


def play(n: int, *, max_requests: int, seconds: float, count_queries: bool,
         rng: random.Random) -> tuple[Counter[str], dict[str, float], Counter[str]]:
    """Round-robin over the players of one session at a time, like the bot runner."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    requests: Counter[str] = Counter()
    cpu: dict[str, float] = defaultdict(float)
    queries: Counter[str] = Counter()
    deadline = time.perf_counter() + seconds
    players: list[Player] = []
    while sum(requests.values()) < max_requests and time.perf_counter() < deadline:
        players = [p for p in players if p.next != "done"] or make_players(n)
        for p in players:
            if p.next == "done":
                continue
            start = time.process_time()
            if count_queries:
                with CaptureQueriesContext(connection) as captured:
                    kind, status = p.step(rng, 0.1, 0.05)
                queries[kind] += len(captured.captured_queries)
            else:
                kind, status = p.step(rng, 0.1, 0.05)
            cpu[kind] += time.process_time() - start
            requests[kind] += 1
            if status != 200:
                raise RuntimeError(f"HTTP {status} for {p.url}")
    return requests, cpu, queries


def render(requests: Counter[str], cpu: dict[str, float], per_request: dict[str, float]) -> str:
    """per_request: SQL queries per request of each kind (from the counted run)."""
    rows = []
    total = sum(requests.values())
    for kind in [*sorted(requests), "all"]:
        count = total if kind == "all" else requests[kind]
        spent = sum(cpu.values()) if kind == "all" else cpu[kind]
        asked = (sum(per_request.get(k, 0) * c for k, c in requests.items()) / max(total, 1)
                 if kind == "all" else per_request.get(kind, 0))
        rows.append([kind, f"{count:,}", f"{spent * 1000 / max(count, 1):.2f}", f"{asked:.1f}"])
    return benchdb.table(["request", "count", "CPU ms/request", "SQL queries/request"], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--max-requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--debug", action="store_true", help="DEBUG=true (default false)")
    parser.add_argument("--profile", action="store_true", help="cProfile the timed run")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    args = parser.parse_args(argv)

    db = benchdb.make_database(postgres=args.postgres, name="quorum_bench_view")
    try:
        benchdb.use_database(db, debug=args.debug)
        version = benchdb.database_version(db.backend)
        print(f"{version}; {benchdb.machine()}; {benchdb.load()}", flush=True)
        rng = random.Random(1)
        # Queries are counted on a first, short run; the timed run captures nothing.
        counted, _, queries = play(args.participants, max_requests=min(600, args.max_requests),
                                   seconds=args.seconds, count_queries=True, rng=rng)
        per_request = {k: queries[k] / counted[k] for k in counted}
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        requests, cpu, _ = play(args.participants, max_requests=args.max_requests,
                                seconds=args.seconds, count_queries=False, rng=rng)
        if profiler:
            profiler.disable()
    finally:
        benchdb.close_connections()
        db.drop()
    text = render(requests, cpu, per_request)
    print(text)
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    if args.record:
        heading = (f"### view_profile, {db.backend} ({benchdb.today()})\n\n"
                   f"{version}. Machine: {benchdb.machine()}; {benchdb.load()}. Command: "
                   f"`.venv/bin/python bench/view_profile.py {' '.join(argv or sys.argv[1:])}`. "
                   f"N={args.participants}, DEBUG={'true' if args.debug else 'false'}, "
                   f"Django test Client, no HTTP server.\n\n")
        benchdb.record(f"view-{db.backend}", heading + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

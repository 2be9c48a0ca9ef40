#!/usr/bin/env python3
"""Hotspots of a py-spy profile in collapsed-stack form (`py-spy record --format raw --nolineno`).

    python profile_summary.py [--top 15] [--env profile.env] [--run RUN.json] STACKS.txt

Each input line is "frame;frame;...;frame COUNT", outermost frame first, a frame being
"function (file)". Prints markdown:
- self time: the innermost frame of each sample, by function;
- cumulative time: every function on the sample's stack (once per sample, so recursion is not
  counted twice), by function, leaving out the event loop's and the thread pool's own frames
  (they are on nearly every stack and say nothing); then the same for Quorum's code only;
- each sample given to the innermost Quorum function on its stack;
- self time by area (Django ORM, templates, psycopg, the ASGI server, thread hops, ...).
Shares are of all samples. With `--gil` (what profile_quorum.sh uses) py-spy samples only the
thread holding the GIL, so a share is a share of the server's Python CPU time; samples with no
Python frame at all (thread start and exit, garbage collection, C code holding the GIL) are
counted as "(no Python frame)".
"""
from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path

NO_FRAME = "(no Python frame)"
# Frames on (nearly) every stack: the event loop, the thread pool, the server's entry point.
PLUMBING_FILES = {
    "asyncio/base_events.py", "asyncio/events.py", "threading.py", "concurrent/futures/thread.py",
    "daphne/cli.py", "daphne/server.py", "twisted/internet/asyncioreactor.py", "daphne",
    # pass-through wrappers around every sync view: the thread hop, Django's middleware adapter
    "asgiref/sync.py", "django/utils/deprecation.py", "django/core/handlers/exception.py",
    "django/views/decorators/http.py",
}
QUORUM_PREFIXES = ("sessions_core/", "participants/", "rooms/", "config/", "experiments/")
AREAS = [  # (area, regular expression on the innermost frame's file), first match wins
    ("Quorum's own code", r"^(sessions_core|participants|rooms|config|experiments)/"),
    ("Django ORM and database layer", r"^django/db/"),
    ("Django templates", r"^django/template/|^django/templatetags/|^django/forms/"),
    ("Django request handling, middleware, utils", r"^django/"),
    ("psycopg and its pool", r"^psycopg"),
    ("asgiref (sync/async hops)", r"^asgiref/"),
    ("threads and the thread pool", r"^(threading|concurrent/futures/thread|queue)\.py$"),
    ("daphne, Twisted, autobahn (HTTP and WebSocket server)", r"^(daphne|twisted|autobahn|txaio)/"),
    ("asyncio event loop", r"^asyncio/|^selectors\.py$"),
    ("channels, channels_redis, redis", r"^(channels|channels_redis|redis|msgpack)/"),
    ("Django REST framework", r"^rest_framework/"),
    ("copy (deepcopy)", r"^copy\.py$"),
    ("email headers (multipart parsing)", r"^email/"),
]


def parse_frame(frame: str) -> tuple[str, str]:
    m = re.fullmatch(r"(.*) \((.*)\)", frame)
    return (m.group(1), m.group(2)) if m else (frame, "")


def read_stacks(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if f]
        stacks.append((frames, int(count)))
    return stacks


def table(rows: list[tuple[str, int]], total: int, top: int, title: str) -> None:
    print(f"\n{title}\n")
    print("| # | function | file | share |")
    print("|---|---|---|---|")
    for i, (frame, n) in enumerate(rows[:top], 1):
        func, file = parse_frame(frame) if not frame.startswith("(") else (frame, "–")
        print(f"| {i} | `{func}` | {file} | {100 * n / total:.1f} % |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stacks", type=Path)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--env", type=Path, help="lines describing the run (profile_quorum.sh's profile.env)")
    ap.add_argument("--run", type=Path, help="the run's drive.py JSON (its figures are printed too)")
    args = ap.parse_args()
    stacks = read_stacks(args.stacks)
    total = sum(n for _, n in stacks)
    if not total:
        raise SystemExit(f"{args.stacks}: no samples")

    selfc: collections.Counter[str] = collections.Counter()
    cum: collections.Counter[str] = collections.Counter()
    areas: collections.Counter[str] = collections.Counter()
    for frames, n in stacks:
        leaf = frames[-1] if frames else NO_FRAME
        selfc[leaf] += n
        for frame in set(frames):
            cum[frame] += n
        file = parse_frame(leaf)[1] if frames else ""
        area = next((name for name, rx in AREAS if re.search(rx, file)), None)
        if not frames:
            area = NO_FRAME
        elif area is None:
            area = "other Python (stdlib, other packages)"
        areas[area] += n

    print("### Profile")
    if args.env and args.env.exists():
        print()
        for line in args.env.read_text().splitlines():
            print(f"- {line}")
    if args.run and args.run.exists():
        res = json.loads(args.run.read_text())
        sc = res.get("server_cpu", {})
        mc = res.get("machine_cpu", {})
        print(f"- load: {res['participants']} participants, {res['concurrency']} in flight: "
              f"{res['game_pages_per_s']} game pages/s, step p50/p95 {res['latency_ms']['step'].get('p50')}/"
              f"{res['latency_ms']['step'].get('p95')} ms, server CPU {sc.get('cpu_s')} s = "
              f"{sc.get('ms_per_game_page')} ms per game page (py-spy attached), machine busy "
              f"{mc.get('busy_pct')} % of {mc.get('ncpu')} CPUs, "
              f"{res['completed']}/{res['participants']} done, verify "
              f"{'OK' if res['verify'].get('ok') else 'FAILED'}")
    print(f"- samples: {total} (with --gil: the thread holding the GIL, i.e. Python CPU time)")

    table(selfc.most_common(), total, args.top, "Self time (innermost frame), share of all samples:")
    plumbing = [f for f in cum if parse_frame(f)[1] in PLUMBING_FILES or parse_frame(f)[0] == "<module>"]
    rows = [(f, n) for f, n in cum.most_common() if f not in plumbing]
    table(rows, total, args.top, "Cumulative time (function anywhere on the stack), share of all samples; "
          "the event loop's, thread pool's, daphne's entry frames and pass-through wrappers left out:")
    hop = max((n for f, n in cum.items() if parse_frame(f)[1] == "asgiref/sync.py"), default=0)
    print(f"\n(Left out above: everything run through asgiref's sync_to_async, i.e. Django's sync "
          f"handler and views in worker threads: {100 * hop / total:.1f} %.)")
    rows = [(f, n) for f, n in cum.most_common() if parse_frame(f)[1].startswith(QUORUM_PREFIXES)]
    table(rows, total, args.top, "Cumulative time in Quorum's own code:")
    inner: collections.Counter[str] = collections.Counter()
    for frames, n in stacks:
        own = [f for f in frames if parse_frame(f)[1].startswith(QUORUM_PREFIXES)]
        inner[own[-1] if own else "(no Quorum frame: server, sockets, thread hops)"] += n
    table(inner.most_common(), total, args.top,
          "Each sample given to the innermost Quorum function on its stack (what Quorum's code "
          "costs including the Django, ORM and psycopg work it calls):")
    print("\nSelf time by area (innermost frame's file):\n")
    print("| area | share |")
    print("|---|---|")
    for area, n in areas.most_common():
        print(f"| {area} | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main()

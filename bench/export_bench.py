"""Export benchmark: time and peak memory of each export format, by session size.

For public_goods sessions (groups of 3, 3 rounds) of about 1,000, 10,000 and 30,000
participant-rounds (333, 3,333 and 9,999 participants: whole groups), built with bulk inserts as
if played (every field set, three page visits per participant and round; tests/data/big_session.py),
each format of `sessions_core.data.exports.export_stream` is read to its end and its bytes
dropped, as a download or an export job does:

- wall and CPU seconds, participant-rounds per second (CPU), the size of the output;
- memory, measured in a fresh child process per export (so no run inherits another's peak):
  its resident set size just before the export (Django loaded, connected) and its peak during
  the export, and the growth between the two (what the export itself held at most).

Run from the repository root:

    .venv/bin/python bench/export_bench.py                 # fresh SQLite file
    .venv/bin/python bench/export_bench.py --postgres      # database quorum_bench_export, dropped
    .venv/bin/python bench/export_bench.py --record        # also write the table to RESULTS.md

Timings run with DEBUG=false (as in production: no query log kept in memory).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import benchdb

FORMATS = ["wide_csv", "app_csv", "page_times_csv", "json", "zip"]
SIZES = "333,3333,9999"  # participants of public_goods: x 3 rounds = participant-rounds


def _status_mb(field: str) -> float:
    """A size from /proc/self/status (Linux), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1e3  # kB
    raise SystemExit(f"no {field} in /proc/self/status")


def reset_peak() -> None:
    """Start the peak resident set size (VmHWM) over from now (Linux 4.0 and later)."""
    Path("/proc/self/clear_refs").write_text("5")


def child(session_id: int, format: str) -> None:
    """One export in this (fresh) process; prints its figures as one JSON line."""
    from sessions_core.data.exports import export_stream
    from sessions_core.models import Session

    session = Session.objects.get(pk=session_id)
    session.participant_set.exists()  # connect before the baseline
    before = _status_mb("VmRSS")
    reset_peak()
    wall, cpu = time.perf_counter(), time.process_time()
    export = export_stream(sessions=[session], format=format,
                           app_label="public_goods" if format == "app_csv" else None)
    size = sum(len(chunk) for chunk in export.chunks)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "bytes": size, "before": before,
                      "peak": _status_mb("VmHWM")}))


def run_child(db: benchdb.BenchDatabase, session_id: int, format: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": db.url, "DEBUG": "false",
           "SECRET_KEY": os.environ.get("SECRET_KEY", benchdb.BENCH_SECRET_KEY),
           "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, __file__, "--child", str(session_id), format],
                          env=env, cwd=benchdb.REPO, capture_output=True, text=True, timeout=600,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"export {format} of session {session_id} failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def build(n: int) -> tuple[int, float]:
    from tests.data.big_session import big_session

    started = time.perf_counter()
    session = big_session(n, "public_goods")
    return session.pk, time.perf_counter() - started


def row(n: int, format: str, figures: dict[str, Any]) -> list[str]:
    rounds = n * 3
    return [f"{rounds:,}", f"{n:,}", format, f"{figures['wall']:.2f}", f"{figures['cpu']:.2f}",
            f"{rounds / figures['cpu']:,.0f}" if figures["cpu"] else "—",
            f"{figures['bytes'] / 1e6:.1f}", f"{figures['before']:.0f}",
            f"{figures['peak']:.0f}", f"{figures['peak'] - figures['before']:.0f}"]


HEADERS = ["participant-rounds", "participants", "format", "wall s", "CPU s",
           "p-rounds/CPU s", "output MB", "RSS before MB", "RSS peak MB", "growth MB"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true",
                        help=f"use PostgreSQL ({benchdb.POSTGRES_SERVER}/quorum_bench_export)")
    parser.add_argument("--sizes", default=SIZES, help="participants (multiples of 3)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--record", action="store_true", help="write the table into RESULTS.md")
    parser.add_argument("--child", nargs=2, metavar=("SESSION_ID", "FORMAT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        import django

        django.setup()
        child(int(args.child[0]), args.child[1])
        return 0

    db = benchdb.make_database(postgres=args.postgres, name="quorum_bench_export")
    rows: list[list[str]] = []
    try:
        benchdb.use_database(db)
        version = benchdb.database_version(db.backend)
        print(f"{version}; {benchdb.machine()}; {benchdb.load()}", flush=True)
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            session_id, seconds = build(n)
            print(f"built {n:,} participants in {seconds:.1f} s", flush=True)
            benchdb.close_connections()
            for format in args.formats.split(","):
                rows.append(row(n, format, run_child(db, session_id, format)))
                print(benchdb.table(HEADERS, rows[-1:]).splitlines()[-1], flush=True)
    finally:
        benchdb.close_connections()
        db.drop()
    text = benchdb.table(HEADERS, rows)
    print("\n" + text)
    if args.record:
        heading = (f"### export_bench, {db.backend} ({benchdb.today()})\n\n"
                   f"{version}. Machine: {benchdb.machine()}; {benchdb.load()}. "
                   f"Command: `.venv/bin/python bench/export_bench.py"
                   f"{' --postgres' if args.postgres else ''}`.\n\n")
        benchdb.record(f"export-{db.backend}", heading + text)
        print(f"recorded in {Path(benchdb.RESULTS).relative_to(benchdb.REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

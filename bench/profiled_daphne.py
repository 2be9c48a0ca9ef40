"""Run daphne under cProfile, every thread included; write the stats when it stops (SIGTERM).

Django runs sync views in asgiref's worker threads, not in daphne's main thread, so a plain
`python -m cProfile` would see only the event loop. Here every thread that starts gets a profiler
of its own, and all of them are merged into one stats file at exit.

    python bench/profiled_daphne.py OUT.prof -b 127.0.0.1 -p 8001 config.asgi:application

Times are CPU times of the thread (time.thread_time), not wall time: waiting for a lock or the
database costs nothing here, so the figures add up to the server CPU that http_bench measures.

Used by `http_bench.py --profile`; not meant to serve real sessions (profiling slows it down).
"""
from __future__ import annotations

import cProfile
import pstats
import sys
import threading
import time
from pathlib import Path
from typing import Any

_profiles: list[cProfile.Profile] = []
_lock = threading.Lock()


def _start_in_thread(_frame: Any, _event: str, _arg: Any) -> None:
    sys.setprofile(None)
    profile = cProfile.Profile(time.thread_time)
    with _lock:
        _profiles.append(profile)
    profile.enable()


def main() -> None:
    out, daphne_args = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    threading.setprofile(_start_in_thread)
    main_profile = cProfile.Profile(time.thread_time)
    _profiles.append(main_profile)
    from daphne.cli import CommandLineInterface

    main_profile.enable()
    try:
        CommandLineInterface().run(daphne_args)
    finally:
        main_profile.disable()
        with _lock:
            stats = pstats.Stats(*_profiles)
        stats.dump_stats(out)


if __name__ == "__main__":
    main()

"""Shared by the benchmarks: a throw-away database, Django set up against it, and RESULTS.md.

Every benchmark runs on a database of its own, never on the checkout's db.sqlite3: a fresh SQLite
file in a temporary folder by default, or the PostgreSQL database `quorum_bench*` (created, then
dropped) with `--postgres`. DATABASE_URL must be set before django.setup(), so each script calls
`use_database()` first and imports the engine only after it.
"""
from __future__ import annotations

import os
import platform
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "RESULTS.md"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@dataclass
class BenchDatabase:
    url: str
    backend: str  # "sqlite" or "postgres"
    _folder: str | None = None
    _pg_name: str | None = None

    @property
    def name(self) -> str:
        return self._pg_name or ""

    def drop(self) -> None:
        """Remove the database (close Django's connections first)."""
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
        if self._pg_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self._pg_name}" WITH (FORCE)')


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def make_database(*, postgres: bool, name: str = "quorum_bench") -> BenchDatabase:
    """A new, empty database (no tables yet)."""
    if postgres:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
        return BenchDatabase(url=f"{POSTGRES_SERVER}/{name}", backend="postgres", _pg_name=name)
    folder = tempfile.mkdtemp(prefix="quorum-bench-")
    return BenchDatabase(url=f"sqlite:///{folder}/bench.sqlite3", backend="sqlite",
                         _folder=folder)


# Servers started with DEBUG=false refuse to run without a SECRET_KEY of their own.
BENCH_SECRET_KEY = "bench-only-" + "k" * 50


def use_database(db: BenchDatabase, *, debug: bool = False) -> None:
    """Point Django at db, set it up and create the tables (migrate --run-syncdb)."""
    os.environ["DATABASE_URL"] = db.url
    os.environ["DEBUG"] = "true" if debug else "false"
    os.environ.setdefault("SECRET_KEY", BENCH_SECRET_KEY)  # DEBUG=false needs a key of its own
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def machine() -> str:
    """One line that says what this machine is."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{os.cpu_count()} cores ({cpu}){mem}, Linux {platform.release()}, "
            f"Python {platform.python_version()}")


def load() -> str:
    """The load average when the run began: other work on the machine skews wall times."""
    try:
        return "load average at start " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def database_version(backend: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if backend == "postgres":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]} (WAL, synchronous=NORMAL)"


def record(section: str, body: str) -> None:
    """Put body into RESULTS.md between the markers of section, replacing what was there.

    A section that is not there yet is added at the end; the rest of the file stays as written.
    """
    start, end = f"<!-- bench:{section} -->", f"<!-- /bench:{section} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text)


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (also readable as plain text on a terminal)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(r) for r in rows)])

"""Temporary Quorum projects: a copy of this checkout's code in a temp folder, the way a user
would start one, so that a test can add apps to it, run `manage.py` there, and leave this
checkout untouched.

    project = quorum_project(tmp_path / "project")
    shutil.copytree(app_folder, project / "experiments" / "my_app")
    manage(project, "migrate", "--run-syncdb")
    manage(project, "bots", "my_session")

The copy gets the code and the bundled demos, not .git, .venv, databases or caches; commands
run with this venv's Python, the project's own settings (config.settings) and a SQLite file in
the copy (or a fresh PostgreSQL database with `database_url=`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
CODE = ["config", "sessions_core", "participants", "rooms", "experiments", "templates", "static",
        "manage.py", "pyproject.toml"]
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "db.sqlite3*", "staticfiles")
COMMAND_TIMEOUT = 600  # seconds: a bound on one manage.py command, not a pause


def quorum_project(folder: Path) -> Path:
    """A fresh copy of Quorum's code in folder (created); returns folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in CODE:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=SKIP)
        else:
            shutil.copy2(source, folder / name)
    return folder


def project_env(project: Path, database_url: str | None = None,
                **extra: str) -> dict[str, str]:
    """The environment a command in the project runs with: its own settings and database,
    no Redis (in-memory layer, tasks in process) unless extra says otherwise."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", PYTHONUNBUFFERED="1",
               DATABASE_URL=database_url or f"sqlite:///{project / 'db.sqlite3'}",
               PYTHONPATH=str(project), **extra)
    return env


def manage(project: Path, *args: str, env: dict[str, str] | None = None,
           input_text: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python manage.py <args>` in the project; with check, a non-zero exit fails the test
    with the command's output."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=project,
                          env=env or project_env(project), input=input_text,
                          capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    if check and done.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} exited with {done.returncode}:\n"
                             f"{done.stdout[-6000:]}\n{done.stderr[-6000:]}")
    return done


def play_all_bots(project: Path, env: dict[str, str], session_types: list[str]) -> str:
    """Create the project's tables, run `manage.py bots` for every SessionType, and check that
    each of these session types was played and every bot case passed; returns the output."""
    manage(project, "migrate", "--run-syncdb", "-v", "0", env=env)
    output = manage(project, "bots", "--no-progress", env=env).stdout
    assert "All bot cases passed." in output
    for name in session_types:
        assert f"\n{name}: " in f"\n{output}", output
    return output

"""The oTree 3 corpus (tests/otree3_corpus) runs on Quorum after only its import lines change.

The test does what a user porting the apps would: copy each app folder into `experiments/` of a
Quorum project (an app named like a bundled demo replaces it), rewrite the import lines by the
rule of docs/experiments.md, add SessionTypes to `experiments/sessions.py`, run `manage.py
migrate --run-syncdb` and `manage.py bots`. On SQLite always; on a fresh PostgreSQL database too
when DATABASE_URL points to PostgreSQL. Those two start subprocesses and are marked e2e.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.e2e.projects import manage, play_all_bots, project_env, quorum_project
from tests.e2e.servers import is_postgres_url, postgres_database

BASE_DIR = Path(__file__).resolve().parents[2]
CORPUS = BASE_DIR / "tests" / "otree3_corpus"
APPS = sorted(path.parent for path in CORPUS.glob("*/models.py"))
OTREE_IMPORT = re.compile(r"^(\s*)from (?:otree\.api|\._builtin) import ", re.MULTILINE)

# The user's own step: a SessionType per app (the bundled "dictator" SessionType now plays the
# corpus's dictator app, which replaced the demo of that name).
SESSION_TYPES = {
    "public_goods_punishment": (["public_goods_punishment"], 6),
    "beauty_contest": (["beauty_contest"], 4),
    "trust_roles": (["trust_roles"], 4),
    "arrival_matching": (["arrival_matching"], 4),
    "survey_validation": (["survey_validation"], 2),
    "lottery_choice": (["lottery_choice"], 2),
    "matching_groups": (["matching_groups"], 4),
    "cournot_five": (["cournot_five"], 5),
    "volunteer_dilemma": (["volunteer_dilemma"], 8),
    "quiz_lottery_debrief": (["quiz_branching", "lottery_choice", "debrief"], 2),
}
PLAYED = [*SESSION_TYPES, "dictator"]


def port_imports(source: str) -> str:
    """In every `.py` file of the app, `from otree.api import` and `from ._builtin import` at
    the start of a line (indented or not) become `from sessions_core.api import`; nothing else
    changes."""
    return OTREE_IMPORT.sub(r"\1from sessions_core.api import ", source)


def files_of(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def session_types_source() -> str:
    entries = "".join(
        f"    SessionType(name={name!r}, app_sequence={apps!r}, num_demo_participants={n}),\n"
        for name, (apps, n) in SESSION_TYPES.items())
    return f"\n\nSESSION_TYPES += [\n{entries}]\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = quorum_project(tmp_path_factory.mktemp("otree3") / "project")
    for app in APPS:
        target = project / "experiments" / app.name
        if target.exists():
            shutil.rmtree(target)  # a bundled demo of the same name is replaced (the docs' way)
        shutil.copytree(app, target, ignore=shutil.ignore_patterns("__pycache__"))
        for path in target.rglob("*.py"):
            path.write_text(port_imports(path.read_text()))
    with (project / "experiments" / "sessions.py").open("a") as sessions:
        sessions.write(session_types_source())
    return project


def test_the_corpus_has_at_least_twelve_apps_in_otree3_format() -> None:
    assert len(APPS) >= 12
    for app in APPS:
        assert {"models.py", "pages.py", "tests.py"} <= {p.name for p in app.iterdir()}
        assert "from ._builtin import Page, WaitPage" in (app / "pages.py").read_text()
        assert "from otree.api import" in (app / "tests.py").read_text()


def test_the_import_rule_is_the_one_in_the_docs() -> None:
    docs = " ".join((BASE_DIR / "docs" / "experiments.md").read_text().split())
    assert " ".join((port_imports.__doc__ or "").split()) in docs


def test_only_import_lines_differ_between_the_corpus_and_the_copies(project: Path) -> None:
    changed = 0
    for app in APPS:
        copy = project / "experiments" / app.name
        assert files_of(copy) == files_of(app)
        for name in files_of(app):
            original, ported = (app / name).read_bytes(), (copy / name).read_bytes()
            if name.suffix != ".py":
                assert ported == original, name
                continue
            before, after = original.decode().splitlines(), ported.decode().splitlines()
            assert len(before) == len(after), name
            for old, new in zip(before, after, strict=True):
                if old != new:
                    assert OTREE_IMPORT.match(old), (name, old)
                    assert new == port_imports(old) and "sessions_core.api" in new, (name, new)
                    changed += 1
    assert changed >= 3 * len(APPS)  # models.py, pages.py (two lines) and tests.py each


@pytest.mark.e2e
def test_every_corpus_session_plays_its_bots_on_sqlite(project: Path) -> None:
    output = play_all_bots(project, project_env(project), PLAYED)
    assert "FAILED" not in output
    found = manage(project, "findstatic", "lottery_choice/wheel.svg").stdout
    assert str(project / "experiments" / "lottery_choice" / "static") in found


@pytest.mark.e2e
def test_every_corpus_session_plays_its_bots_on_postgresql(project: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres_url(url):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    with postgres_database(url) as database_url:
        play_all_bots(project, project_env(project, database_url=database_url),
                      PLAYED)

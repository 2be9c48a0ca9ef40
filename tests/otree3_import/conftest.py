"""A Quorum project's folders (experiments, templates, static) and the fixture oTree 3 project,
both copied into a temp folder so that an import never touches this checkout."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
FIXTURE_PROJECT = BASE_DIR / "tests" / "otree3_projects" / "lab_study"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture
def quorum_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "quorum"
    for name in ("experiments", "templates", "static"):
        shutil.copytree(BASE_DIR / name, folder / name, ignore=SKIP)
    return folder


@pytest.fixture
def otree_project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE_PROJECT, tmp_path / "lab_study", ignore=SKIP))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its content."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}

"""The fixture oTree 5 project (two oTree 5 apps and one oTree 3 app) copied into a temp folder,
and a temp copy of Quorum's folders (tests/otree3_import/conftest.py's quorum_dir)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.otree3_import.conftest import quorum_dir  # noqa: F401  (a fixture used here)

BASE_DIR = Path(__file__).resolve().parents[2]
FIXTURE_PROJECT = BASE_DIR / "tests" / "otree5_projects" / "field_study"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture
def otree5_project(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE_PROJECT, tmp_path / "field_study", ignore=SKIP))

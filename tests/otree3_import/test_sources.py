"""An app's files: only the two documented import lines change; oTree imports with no Quorum
equivalent, names sessions_core.api lacks and templates Quorum cannot compile are reported."""
from __future__ import annotations

from pathlib import Path

from sessions_core.api import __all__ as api_names
from sessions_core.porting.sources import app_files_read, imports_rewrite, template_problems

API = set(api_names)

PAGES = '''"""Mentions from otree.api import x in a docstring, which is no import."""
from otree.api import (
    Currency as c,
    currency_range,
)
from ._builtin import Page, WaitPage
from .models import Constants


class Intro(Page):
    def vars_for_template(self):
        from otree.api import Currency  # an import inside a function
        return dict(x=Currency(1))
'''


def test_only_the_two_import_lines_change() -> None:
    new, lines, problems = imports_rewrite(source=PAGES, name="app/pages.py", api_names=API)
    assert lines == [2, 6, 12]
    assert problems == []
    expected = PAGES.splitlines()
    expected[1] = "from sessions_core.api import ("
    expected[5] = "from sessions_core.api import Page, WaitPage"
    expected[11] = "        from sessions_core.api import Currency  # an import inside a function"
    assert new.splitlines() == expected
    assert new.endswith("\n")


def test_other_otree_imports_are_reported_with_their_line() -> None:
    source = ("from otree.models import Participant\n"
              "import otree.settings\n"
              "from otreeutils.pages import AllFieldsPage\n"
              "from . import _builtin\n"
              "from otree.api import read_csv, models\n")
    new, lines, problems = imports_rewrite(source=source, name="app/models.py", api_names=API)
    assert lines == [5]
    assert new.splitlines()[:4] == source.splitlines()[:4]
    assert [p.split(":")[0] for p in problems] == [f"app/models.py line {n}" for n in (1, 2, 3, 4, 5)]
    assert "`from otree.models import Participant` has no Quorum equivalent" in problems[0]
    assert problems[4] == "app/models.py line 5: sessions_core.api has no read_csv"


def test_reading_the_participation_fee_from_the_config_is_reported() -> None:
    problems = template_problems(source=b"{{ session.config.participation_fee }}", name="t.html")
    assert problems[0].startswith("t.html line 1: reads session.config.participation_fee")


def test_templates_quorum_cannot_compile_are_reported() -> None:
    assert template_problems(source=b"{% load otree %}{% formfields %}", name="ok.html") == []
    problems = template_problems(source=b"{% load otree_tags %}\n{{ x }}", name="old.html")
    assert problems == ["old.html: 'otree_tags' is not a registered tag library. Must be one of:\n"
                        + problems[0].split("Must be one of:\n", 1)[1]]


def test_app_files_leave_out_builtin_and_caches_and_keep_other_bytes(tmp_path: Path) -> None:
    app = tmp_path / "game"
    (app / "_builtin").mkdir(parents=True)
    (app / "_builtin" / "__init__.py").write_text("import otree.api\n")
    (app / "__pycache__").mkdir()
    (app / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\0")
    (app / "static" / "game").mkdir(parents=True)
    (app / "static" / "game" / "pic.png").write_bytes(b"\x89PNG\r\n\x00\xff")
    (app / "models.py").write_text("from otree.api import BaseConstants\r\nX = 1\r\n")
    files = app_files_read(folder=app, label="game", api_names=API)
    assert sorted(files.files) == ["__init__.py", "models.py", "static/game/pic.png"]
    assert files.files["static/game/pic.png"] == b"\x89PNG\r\n\x00\xff"
    assert files.files["models.py"] == b"from sessions_core.api import BaseConstants\r\nX = 1\r\n"
    assert files.rewritten == {"game/models.py": [1]}
    assert files.skipped[0].startswith("game/_builtin/ (oTree's generated module")

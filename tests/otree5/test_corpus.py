"""The oTree 5 corpus (tests/otree5_corpus) runs on Quorum after only its import lines change.

The test does what a user porting the apps would: copy each app folder (one `__init__.py`,
`tests.py`, its templates beside them, `static/`) into `experiments/` of a Quorum project, rewrite
the import lines by the rule of docs/experiments.md, add SessionTypes and the declared fields
(PARTICIPANT_FIELDS, SESSION_FIELDS) to `experiments/sessions.py`, run `manage.py migrate
--run-syncdb` and `manage.py bots`. The same project also holds two oTree 3 apps of
tests/otree3_corpus, and one SessionType plays an oTree 3 app and an oTree 5 app in a row.
On SQLite always; on a fresh PostgreSQL database too when DATABASE_URL points to PostgreSQL.
Those two start subprocesses and are marked e2e.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.projects import manage, play_all_bots, project_env, quorum_project
from tests.e2e.servers import is_postgres_url, postgres_database

BASE_DIR = Path(__file__).resolve().parents[2]
CORPUS = BASE_DIR / "tests" / "otree5_corpus"
APPS = sorted(path.parent for path in CORPUS.glob("*/__init__.py"))
OTREE3_APPS = [BASE_DIR / "tests" / "otree3_corpus" / "lottery_choice"]
OTREE_IMPORT = re.compile(r"^(\s*)from otree\.api import ", re.MULTILINE)

# The user's own step: a SessionType per app (config keys as the apps read them), one chaining
# three apps, one mixing the formats, and the declared participant and session fields.
SESSION_TYPES = {
    "invest_trust": (["invest_trust"], 2, {}),
    "pg_rounds": (["pg_rounds"], 6, {}),
    "guess_two_thirds": (["guess_two_thirds"], 6, {}),
    "bargaining_offers": (["bargaining_offers"], 2, {"offer_step": 25}),
    "survey_fields": (["survey_fields"], 2, {}),
    "real_effort_timer": (["real_effort_timer"], 2, {"task_seconds": 30}),
    "market_live": (["market_live"], 4, {}),
    "chat_dyad": (["chat_dyad"], 2, {}),
    "pd_roles": (["pd_roles"], 4, {}),
    "arrival_match": (["arrival_match"], 4, {}),
    "consent_survey_payment": (["intro_consent", "survey_fields", "payment_summary"], 3,
                               {"treatment": "framed"}),
    "mixed_formats": (["lottery_choice", "invest_trust"], 2, {}),
}
PARTICIPANT_FIELDS = ["team", "consented"]
SESSION_FIELDS = ["treatment"]


def port_imports(source: str) -> str:
    """In every `.py` file of the app, `from otree.api import` at the start of a line
    (indented or not) becomes `from sessions_core.api import`; nothing else changes."""
    return OTREE_IMPORT.sub(r"\1from sessions_core.api import ", source)


def port_otree3_imports(source: str) -> str:
    return re.sub(r"^(\s*)from (?:otree\.api|\._builtin) import ",
                  r"\1from sessions_core.api import ", source, flags=re.MULTILINE)


def files_of(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def sessions_source() -> str:
    entries = "".join(
        f"    SessionType(name={name!r}, app_sequence={apps!r}, num_demo_participants={n},"
        f"{''.join(f' {key}={value!r},' for key, value in config.items())}),\n"
        for name, (apps, n, config) in SESSION_TYPES.items())
    return (f"\n\nSESSION_TYPES += [\n{entries}]\n"
            f"PARTICIPANT_FIELDS = {PARTICIPANT_FIELDS!r}\nSESSION_FIELDS = {SESSION_FIELDS!r}\n")


def copy_app(app: Path, project: Path, port: Callable[[str], str]) -> None:
    target = project / "experiments" / app.name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(app, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        path.write_text(port(path.read_text()))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = quorum_project(tmp_path_factory.mktemp("otree5") / "project")
    for app in APPS:
        copy_app(app, project, port_imports)
    for app in OTREE3_APPS:
        copy_app(app, project, port_otree3_imports)
    with (project / "experiments" / "sessions.py").open("a") as sessions:
        sessions.write(sessions_source())
    return project


def test_the_corpus_has_at_least_twelve_apps_in_otree5_format() -> None:
    assert len(APPS) >= 12
    for app in APPS:
        names = {p.name for p in app.iterdir()}
        assert "models.py" not in names and "pages.py" not in names, app
        source = (app / "__init__.py").read_text()
        assert source.startswith("from otree.api import *") or "\nfrom otree.api import *\n" in source
        assert "class C(BaseConstants):" in source and "page_sequence = [" in source
        assert "from . import *" in (app / "tests.py").read_text()
        assert "class PlayerBot(Bot):" in (app / "tests.py").read_text()
        templates = [p for p in app.glob("*.html")]
        assert templates, app
        for template in templates:
            assert "{%" not in template.read_text(), template  # oTree's {{ }} syntax only


def corpus_text(pattern: str) -> str:
    return "\n".join(p.read_text() for app in APPS for p in sorted(app.rglob(pattern)))


@pytest.mark.parametrize("construct", [
    # apps and hooks
    "def creating_session(subsession", "wait_for_all_groups = True",
    "group_by_arrival_time = True", "def group_by_arrival_time_method(subsession",
    "after_all_players_arrive = set_payoffs", "after_all_players_arrive = 'set_",
    "_ROLE = ", "get_player_by_role(", "group_like_round(1)", "set_group_matrix(",
    "NUM_ROUNDS = 3", "timeout_seconds = ", "def get_timeout_seconds(player",
    "timeout_happened", "def live_method(player", "(ExtraModel):", "models.Link(Subsession)", ".values_list(",
    "models.Link(Group)", "models.Link(Player)", ".create(", ".filter(",
    "participant.team", "participant.consented", "session.treatment",
    "_min(player", "_max(player", "_max(group", "_choices(player", "_error_message(player",
    "def error_message(player", "def app_after_this_page(player: Player, upcoming_apps)",
    "def js_vars(player", "def get_form_fields(player", "def vars_for_template(player",
    "def before_next_page(player", "title_text = ", "body_text = ", "widgets.RadioSelect,",
    "widgets.RadioSelectHorizontal", "widgets.CheckboxInput", "models.LongStringField(",
    "currency_range(", "cu(",
])
def test_the_corpus_uses_every_construct_of_the_issue_in_its_code(construct: str) -> None:
    assert construct in corpus_text("*.py")


@pytest.mark.parametrize("construct", [
    "{{ block title }}", "{{ block content }}", "{{ block scripts }}", "{{ endblock }}",
    "{{ formfields }}", "{{ formfield '", "{{ formfield player.", "label=\"",
    "{{ next_button }}", "{{ include_sibling 'instructions.html' }}", "{{ if ", "{{ elif ",
    "{{ else }}", "{{ endif }}", "{{ for ", "{{ endfor }}", "{{ chat }}", "{{ chat nickname=",
    "{{ static '", "|c }}", "|to0 }}", "|to1 }}", "|to2 }}", "|json }}", "|abs }}", "{{ C.",
    "{{ player.", "{{ group.", "{{ subsession.", "{{ participant.", "{{ session.", "js_vars.",
])
def test_the_corpus_uses_every_construct_of_the_issue_in_its_templates(construct: str) -> None:
    assert construct in corpus_text("*.html")


def test_the_bots_use_cases_live_calls_timeouts_and_failing_submissions() -> None:
    bots = corpus_text("tests.py")
    for construct in ("cases = [", "def call_live_method(method, **kwargs)",
                      "timeout_happened=True", "SubmissionMustFail(", "expect(", "self.html"):
        assert construct in bots


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
                    assert new == port_imports(old) == "from sessions_core.api import *", (name, new)
                    changed += 1
    assert changed == len(APPS)  # the one line of each __init__.py; tests.py imports from "."


@pytest.mark.e2e
def test_every_corpus_session_plays_its_bots_on_sqlite(project: Path) -> None:
    output = play_all_bots(project, project_env(project), list(SESSION_TYPES))
    assert "FAILED" not in output
    found = manage(project, "findstatic", "payment_summary/coins.svg").stdout
    assert str(project / "experiments" / "payment_summary" / "static") in found


@pytest.mark.e2e
def test_every_corpus_session_plays_its_bots_on_postgresql(project: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres_url(url):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    with postgres_database(url) as database_url:
        play_all_bots(project, project_env(project, database_url=database_url),
                      list(SESSION_TYPES))

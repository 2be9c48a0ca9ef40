"""`manage.py import_otree` run the way a user runs it, in a temp copy of Quorum: the fixture
oTree 3 project goes in, the tables are made, and the imported SessionTypes pass their bots. The
first run uses the command's old name, import_otree3, which is the same command."""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.projects import manage, project_env, quorum_project
from tests.otree3_import.conftest import FIXTURE_PROJECT, snapshot

pytestmark = pytest.mark.e2e

SESSION_TYPES_JSON = (
    "import json\n"
    "from sessions_core.experimenter.registry import session_types\n"
    "print('JSON', json.dumps({t.name: {**t.session_config(), 'num_demo_participants': "
    "t.num_demo_participants} for t in session_types()}))\n")
FIRST_PAGE_HTML = (
    "from django.test import Client\n"
    "from sessions_core.lifecycle.services import session_create\n"
    "session = session_create(session_type_name='trust_then_survey', num_participants=2)\n"
    "first = session.participant_set.get(id_in_session=1)\n"
    "print(Client().get(first.get_absolute_url()).content.decode())\n")


@dataclass
class Imported:
    project: Path
    refused: str  # the output of the import answered "n"
    replaced: str  # ... of the import with --replace
    again: str  # ... of the same import once more
    env: dict[str, str]  # the project's environment with the printed money lines


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    project = quorum_project(tmp_path_factory.mktemp("import") / "project")
    fixture = str(FIXTURE_PROJECT)
    refused = manage(project, "import_otree3", fixture, input_text="n\n").stdout
    replaced = manage(project, "import_otree", fixture, "--replace").stdout
    again = manage(project, "import_otree", fixture, "--replace").stdout
    env = project_env(project, **environment_lines(replaced))
    manage(project, "migrate", "--run-syncdb", env=env)
    return Imported(project, refused, replaced, again, env)


def environment_lines(output: str) -> dict[str, str]:
    """The NAME=value lines the command printed under its Environment heading."""
    section = output.split("Environment:", 1)[1].split("Next steps:", 1)[0]
    pairs = [line.strip().split("=", 1) for line in section.splitlines()[1:] if "=" in line]
    return {name: value for name, value in pairs}


def shell(imported: Imported, code: str) -> str:
    return manage(imported.project, "shell", "-c", code, env=imported.env).stdout


def test_without_consent_the_bundled_trust_stays_and_is_reported(imported: Imported) -> None:
    assert "Replace the app in experiments/trust/ with the project's trust? [y/N] n" in imported.refused
    assert "app trust: experiments/trust/ is already there and was not replaced" in imported.refused
    assert "SessionType trust_then_survey: its app trust was not imported" in imported.refused


def test_the_money_settings_are_printed_as_environment_lines(imported: Imported) -> None:
    assert environment_lines(imported.replaced) == {
        "USE_POINTS": "true", "POINTS_DECIMAL_PLACES": "0", "POINTS_CUSTOM_NAME": "tokens",
        "REAL_WORLD_CURRENCY_CODE": "GBP", "REAL_WORLD_CURRENCY_DECIMAL_PLACES": "2"}


def test_session_configs_become_session_types(imported: Imported) -> None:
    line = next(x for x in shell(imported, SESSION_TYPES_JSON).splitlines() if x.startswith("JSON "))
    types = json.loads(line[5:])
    assert {k: types["trust_then_survey"][k] for k in (
        "display_name", "app_sequence", "num_demo_participants", "fixed_pay",
        "real_world_currency_per_point", "scale_max")} == {
        "display_name": "Trust game, then the survey",
        "app_sequence": ["trust", "survey", "payment_info"], "num_demo_participants": 2,
        "fixed_pay": 250, "real_world_currency_per_point": "1.00", "scale_max": 5}
    assert {k: types["survey_only"][k] for k in (
        "fixed_pay", "real_world_currency_per_point", "scale_max", "doc")} == {
        "fixed_pay": 375, "real_world_currency_per_point": "0.5", "scale_max": 7,
        "doc": "The survey alone, on a seven-point scale."}
    assert "participation_fee" not in types["survey_only"]


def test_apps_change_only_in_their_import_lines(imported: Imported) -> None:
    for app in ("trust", "survey", "payment_info"):
        original = snapshot(FIXTURE_PROJECT / app)
        copied = snapshot(imported.project / "experiments" / app)
        assert set(copied) == {name for name in original if not name.startswith("_builtin/")}
        for name, content in original.items():
            if name.startswith("_builtin/"):
                continue
            expected = content
            if name.endswith(".py"):
                expected = content.replace(b"from otree.api import", b"from sessions_core.api import") \
                    .replace(b"from ._builtin import", b"from sessions_core.api import")
            assert copied[name] == expected, f"{app}/{name}"


def test_static_files_are_found_by_the_staticfiles_finders(imported: Imported) -> None:
    found = manage(imported.project, "findstatic", "global/style.css", "global/logo.svg",
                   "survey/survey.css", env=imported.env).stdout
    experiments = imported.project / "experiments"
    for path in (experiments / "_static" / "global" / "style.css",
                 experiments / "_static" / "global" / "logo.svg",
                 experiments / "survey" / "static" / "survey" / "survey.css"):
        assert str(path) in found


def test_a_rendered_page_uses_the_projects_page_template(imported: Imported) -> None:
    html = shell(imported, FIRST_PAGE_HTML)
    head, body = html.split("</head>")
    assert '<link rel="stylesheet" href="/static/global/style.css">' in head
    assert 'document.documentElement.dataset.lab = "lab_study"' in body
    assert "How much do you want to send?" in body and 'name="_quorum_page"' in body


def test_the_imported_session_types_pass_their_bots(imported: Imported) -> None:
    for name in ("trust_then_survey", "survey_only"):
        done = manage(imported.project, "bots", name, "--no-progress", env=imported.env)
        assert "All bot cases passed." in done.stdout


ROOMS_JSON = (
    "import json\n"
    "from rooms.models import Room\n"
    "print('JSON', json.dumps({r.name: {'labels': r.labels, 'config': r.config} "
    "for r in Room.objects.all()}))\n")


def test_the_rooms_are_created_by_migrate_with_the_projects_labels(imported: Imported) -> None:
    line = next(x for x in shell(imported, ROOMS_JSON).splitlines() if x.startswith("JSON "))
    rooms = json.loads(line[5:])
    labels = (FIXTURE_PROJECT / "_rooms" / "econ101.txt").read_text().split()
    assert rooms["econ101"] == {"labels": labels, "config": ""}
    assert "lab" in rooms  # the bundled room stays
    assert "room econ101: display_name 'Econ 101 lab' not kept" in imported.replaced


def test_a_second_import_updates_rather_than_duplicates(imported: Imported) -> None:
    module = (imported.project / "experiments" / "imported_sessions.py").read_text()
    assert module.count("name='trust_then_survey'") == 1 and module.count("name='survey_only'") == 1
    rooms = (imported.project / "experiments" / "imported_rooms.py").read_text()
    assert rooms.count("room(name='econ101'") == 1
    assert "experiments/trust/: unchanged" in imported.again
    assert "imported_sessions.py" not in imported.again.split("Skipped:")[0]


def test_a_path_that_is_not_an_otree3_project_exits_non_zero(
        imported: Imported, tmp_path: Path) -> None:
    before = snapshot(imported.project / "experiments")
    done: subprocess.CompletedProcess[str] = manage(
        imported.project, "import_otree3", str(tmp_path), check=False)
    assert done.returncode != 0
    assert f"{tmp_path} is not an oTree project: it has no settings.py" in done.stderr
    assert snapshot(imported.project / "experiments") == before

"""`manage.py import_otree` run the way a user runs it, in a temp copy of Quorum, on the fixture
project in oTree 5's format (two oTree 5 apps, one oTree 3 app, a session config mixing them,
declared fields, rooms): the tables are made, the rooms created, and the imported SessionTypes
pass their bots."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.projects import manage, project_env, quorum_project
from tests.otree3_import.test_import_command_e2e import environment_lines
from tests.otree5_import.conftest import FIXTURE_PROJECT

pytestmark = pytest.mark.e2e

FIRST_PAGE_HTML = (
    "from django.test import Client\n"
    "from sessions_core.lifecycle.services import session_create\n"
    "session = session_create(session_type_name='quiz_and_game', num_participants=2)\n"
    "first = session.participant_set.get(id_in_session=1)\n"
    "print(Client().get(first.get_absolute_url()).content.decode())\n")
ROOMS_JSON = (
    "import json\n"
    "from rooms.models import Room\n"
    "print('JSON', json.dumps({r.name: r.labels for r in Room.objects.all()}))\n")


@dataclass
class Imported:
    project: Path
    output: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    project = quorum_project(tmp_path_factory.mktemp("import5") / "project")
    output = manage(project, "import_otree", str(FIXTURE_PROJECT)).stdout
    env = project_env(project, **environment_lines(output))
    manage(project, "migrate", "--run-syncdb", "-v", "0", env=env)
    return Imported(project, output, env)


def shell(imported: Imported, code: str) -> str:
    return manage(imported.project, "shell", "-c", code, env=imported.env).stdout


def test_the_import_says_each_apps_format(imported: Imported) -> None:
    assert "experiments/quiz/: copied from the project's quiz/ (oTree 5 app" in imported.output
    assert "experiments/exit_survey/: copied from the project's exit_survey/ (oTree 3 app" \
        in imported.output
    assert "Not converted" in imported.output and ".html" not in imported.output.split(
        "Not converted")[1].split("Environment:")[0]


def test_the_imported_session_types_pass_their_bots(imported: Imported) -> None:
    for name in ("quiz_and_game", "quiz_only"):
        done = manage(imported.project, "bots", name, "--no-progress", env=imported.env)
        assert "All bot cases passed." in done.stdout


def test_the_first_page_is_the_apps_own_template_in_the_page_layout(imported: Imported) -> None:
    html = shell(imported, FIRST_PAGE_HTML)
    assert '<p class="quiz-question">Two questions; each right answer earns a bonus.</p>' in html
    assert 'name="capital"' in html and 'name="seven_times_six"' in html
    assert 'name="_quorum_page"' in html and "{{" not in html
    # the project's _templates/global/Page.html, in oTree 5's syntax, is every page's layout
    head = html.split("</head>")[0]
    assert '<link rel="stylesheet" href="/static/global/field.css">' in head


def test_the_rooms_are_created_with_their_labels(imported: Imported) -> None:
    line = next(x for x in shell(imported, ROOMS_JSON).splitlines() if x.startswith("JSON "))
    rooms = json.loads(line[5:])
    assert rooms["field_lab"] == ["FIELD-01", "FIELD-02", "FIELD-03"]
    assert rooms["online"] == []


def test_the_project_static_files_are_served(imported: Imported) -> None:
    found = manage(imported.project, "findstatic", "global/field.css", env=imported.env).stdout
    assert str(imported.project / "experiments" / "_static" / "global" / "field.css") in found

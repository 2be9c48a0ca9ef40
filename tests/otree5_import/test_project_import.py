"""import_otree on a project in oTree 5's format that also holds an oTree 3 app, in process, into
a temp copy of Quorum's folders: each app's format recognised, the files, the SessionTypes, the
declared fields, the rooms and what is reported."""
from __future__ import annotations

import ast
from pathlib import Path

from sessions_core.porting.projects import project_import, project_read
from sessions_core.porting.session_types_module import session_types_module_merge
from tests.otree3_import.conftest import FIXTURE_PROJECT as OTREE3_PROJECT


def module_value(path: Path, name: str) -> object:
    """A top-level literal of a written module, read without running it."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                and node.target.id == name and node.value is not None:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path} has no {name}")


def test_each_apps_format_is_recognised(otree5_project: Path) -> None:
    project = project_read(path=otree5_project)
    assert project.formats == {"dyad_game": "oTree 5", "exit_survey": "oTree 3", "quiz": "oTree 5"}


def test_otree5_apps_are_copied_with_only_their_import_line_rewritten(
        quorum_dir: Path, otree5_project: Path) -> None:
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    experiments = quorum_dir / "experiments"
    for app in ("quiz", "dyad_game"):
        original = (otree5_project / app / "__init__.py").read_text()
        copied = (experiments / app / "__init__.py").read_text()
        assert copied == original.replace("from otree.api import *",
                                          "from sessions_core.api import *", 1)
        assert copied.startswith("from sessions_core.api import *\n")
        for name in ("tests.py", "Choose.html" if app == "dyad_game" else "Quiz.html"):
            assert (experiments / app / name).read_bytes() == (otree5_project / app / name).read_bytes()
    pages = (experiments / "exit_survey" / "pages.py").read_text()
    assert pages.startswith("from sessions_core.api import Page\n")
    changes = "\n".join(report.changes)
    assert "experiments/quiz/: copied from the project's quiz/ (oTree 5 app, 4 files; import " \
           "lines rewritten: __init__.py line 1)" in changes
    assert "experiments/exit_survey/: copied from the project's exit_survey/ (oTree 3 app" in changes
    assert (experiments / "_static" / "global" / "field.css").is_file()
    assert (experiments / "_templates" / "global" / "Page.html").read_bytes() == \
        (otree5_project / "_templates" / "global" / "Page.html").read_bytes()


def test_session_configs_money_and_declared_fields(quorum_dir: Path, otree5_project: Path) -> None:
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    module = quorum_dir / "experiments" / "imported_sessions.py"
    text = module.read_text()
    assert "name='quiz_and_game'" in text and "app_sequence=['quiz', 'dyad_game', 'exit_survey']" in text
    assert "fixed_pay=200," in text and "fixed_pay=500," in text
    assert "real_world_currency_per_point=Decimal('0.1')," in text and "quiz_bonus=3," in text
    assert module_value(module, "PARTICIPANT_FIELDS") == ["quiz_score", "finished_quiz"]
    assert module_value(module, "SESSION_FIELDS") == ["quiz_answers_given"]
    assert "PARTICIPANT_FIELDS: quiz_score, finished_quiz (declared in " \
           "experiments/imported_sessions.py)" in report.changes
    assert "REAL_WORLD_CURRENCY_CODE=EUR" in report.environment
    assert "requirements.txt: install by hand what the apps need: numpy" in report.not_converted
    assert not any("PARTICIPANT_FIELDS" in line for line in report.not_converted)
    assert not any(".html" in line for line in report.not_converted)  # oTree 5 templates compile


def test_an_otree5_template_that_does_not_compile_is_reported_with_its_line(
        quorum_dir: Path, otree5_project: Path) -> None:
    quiz = otree5_project / "quiz" / "Quiz.html"
    quiz.write_text(quiz.read_text().replace("{{ next_button }}", "{{ if player.x }}"))
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    problems = [line for line in report.not_converted if line.startswith("quiz/Quiz.html")]
    assert problems == ["quiz/Quiz.html line 10: {{ endblock }} while {{ if }} of line 8 is still "
                        "open (no {{ endif }})"]


def test_rooms_become_room_entries_with_their_label_files(
        quorum_dir: Path, otree5_project: Path) -> None:
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    experiments = quorum_dir / "experiments"
    rooms = (experiments / "imported_rooms.py").read_text()
    assert "    room(name='field_lab', labels_file=LABELS / 'field_lab.txt'),\n" in rooms
    assert "    room(name='online'),\n" in rooms
    assert (experiments / "_rooms" / "field_lab.txt").read_text() == "FIELD-01\nFIELD-02\nFIELD-03\n"
    assert "room field_lab: use_secure_urls=True not converted (a Quorum room's labels are " \
           "checked against its list; links carry no secret)" in report.not_converted
    assert "room field_lab: display_name 'Field lab' not kept (Quorum's room pages show the " \
           "room's name)" in report.not_converted
    assert not any(line.startswith("room online: display_name") for line in report.not_converted)


def test_a_room_whose_labels_quorum_refuses_is_left_out_and_reported(
        quorum_dir: Path, otree5_project: Path) -> None:
    (otree5_project / "_rooms" / "field_lab.txt").write_text("FIELD-01\nseat 2\n")
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    rooms = (quorum_dir / "experiments" / "imported_rooms.py").read_text()
    assert "field_lab" not in rooms and "room(name='online')" in rooms
    assert any(line.startswith("room field_lab: _rooms/field_lab.txt line 2: 'seat 2': An access "
                               "code uses only letters") for line in report.not_converted)


def test_importing_a_second_project_keeps_the_firsts_entries_and_fields(
        quorum_dir: Path, otree5_project: Path) -> None:
    project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    project_import(source=OTREE3_PROJECT, quorum_dir=quorum_dir, replace=True)
    experiments = quorum_dir / "experiments"
    sessions = (experiments / "imported_sessions.py").read_text()
    assert "name='quiz_and_game'" in sessions and "name='trust_then_survey'" in sessions
    assert module_value(experiments / "imported_sessions.py",
                        "PARTICIPANT_FIELDS") == ["quiz_score", "finished_quiz"]
    rooms = (experiments / "imported_rooms.py").read_text()
    assert "room(name='field_lab'" in rooms and "room(name='econ101'" in rooms


def test_field_names_are_added_once_and_a_list_is_added_to_an_older_module() -> None:
    older = ('from sessions_core.experimenter.session_types import SessionType\n\n'
             'SESSION_TYPES: list[SessionType] = [\n]\n')
    once = session_types_module_merge(existing=older, specs=[], declared={
        "PARTICIPANT_FIELDS": ["a", "b"], "SESSION_FIELDS": []})
    assert once.endswith("\n\nPARTICIPANT_FIELDS: list[str] = ['a', 'b']\n")
    assert "SESSION_FIELDS" not in once
    twice = session_types_module_merge(existing=once, specs=[], declared={
        "PARTICIPANT_FIELDS": ["b", "c"], "SESSION_FIELDS": ["s"]})
    assert "PARTICIPANT_FIELDS: list[str] = ['a', 'b', 'c']\n" in twice
    assert twice.endswith("SESSION_FIELDS: list[str] = ['s']\n")


def test_field_names_that_are_not_python_names_are_reported(
        quorum_dir: Path, otree5_project: Path) -> None:
    settings = otree5_project / "settings.py"
    settings.write_text(settings.read_text().replace(
        "PARTICIPANT_FIELDS = ['quiz_score', 'finished_quiz']",
        "PARTICIPANT_FIELDS = ['quiz_score', 'finished quiz', '_hidden']"))
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    assert "PARTICIPANT_FIELDS: 'finished quiz' is not a field name; left out" in report.not_converted
    assert "PARTICIPANT_FIELDS: '_hidden' is not a field name; left out" in report.not_converted
    assert module_value(quorum_dir / "experiments" / "imported_sessions.py",
                        "PARTICIPANT_FIELDS") == ["quiz_score"]


def test_otree_features_quorum_lacks_are_reported_with_file_and_line(
        quorum_dir: Path, otree5_project: Path) -> None:
    quiz = otree5_project / "quiz" / "__init__.py"
    quiz.write_text(quiz.read_text().replace(
        "class Score(Page):\n    pass\n",
        "class Score(Page):\n    timer_text = 'Hurry'\n\n\ndef custom_export(players):\n"
        "    yield ['code']\n"))
    settings = otree5_project / "settings.py"
    settings.write_text(settings.read_text().replace("quiz_bonus=3,", "quiz_bonus=3, use_browser_bots=True,"))
    report = project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    assert "quiz/__init__.py line 48: timer_text is not shown: Quorum's countdown has its own " \
           "text" in report.not_converted
    assert "quiz/__init__.py line 51: custom_export is not called by Quorum; its data export has " \
           "every field, ExtraModel tables included (docs/data.md)" in report.not_converted
    assert "session config 'quiz_only': use_browser_bots not converted (Quorum's bots play on " \
           "the server: manage.py bots)" in report.not_converted
    assert "use_browser_bots" not in (quorum_dir / "experiments" / "imported_sessions.py").read_text()


def test_a_label_file_of_an_earlier_import_is_replaced_only_with_consent(
        quorum_dir: Path, otree5_project: Path) -> None:
    project_import(source=otree5_project, quorum_dir=quorum_dir, replace=True)
    labels = quorum_dir / "experiments" / "_rooms" / "field_lab.txt"
    labels.write_text("OTHER-01\n")  # an earlier project's room of the same file name
    questions: list[str] = []

    def answer_no(question: str) -> bool:
        questions.append(question)
        return False

    report = project_import(source=otree5_project, quorum_dir=quorum_dir, confirm=answer_no)
    assert "Replace 1 label file(s) of an earlier import in experiments/_rooms/ (field_lab.txt)?" \
        in questions
    assert labels.read_text() == "OTHER-01\n"
    assert "room field_lab: experiments/_rooms/field_lab.txt differs and was not replaced, so the " \
           "room was not written" in report.skipped
    project_import(source=otree5_project, quorum_dir=quorum_dir, confirm=lambda question: True)
    assert labels.read_text() == "FIELD-01\nFIELD-02\nFIELD-03\n"

"""The import service on the fixture project, in process, into a temp copy of Quorum's folders:
what goes where, the questions it asks, and the paths that refuse or change nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sessions_core.errors import InvalidRequest
from sessions_core.porting.projects import project_import, project_read
from tests.otree3_import.conftest import snapshot


def refuse(question: str) -> bool:
    return False


def test_a_folder_without_settings_py_is_not_a_project(tmp_path: Path) -> None:
    for command in ("import_otree", "import_otree3"):  # the old name is the same command
        with pytest.raises(CommandError, match=f"{tmp_path} is not an oTree project: it has no "
                                               "settings.py"):
            call_command(command, str(tmp_path))


def test_a_folder_with_settings_but_no_apps_is_not_a_project(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text("SESSION_CONFIGS = []\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "package").mkdir()
    (tmp_path / "package" / "__init__.py").write_text("X = 1\n")  # a package, not an app
    with pytest.raises(InvalidRequest, match=r"no folder is an app \(a models.py with class "
                                             r"Constants, or an __init__.py with class C and "
                                             r"page_sequence\)"):
        project_read(path=tmp_path)


def test_settings_py_that_is_not_python_is_refused(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text("SESSION_CONFIGS = [\n")
    with pytest.raises(InvalidRequest, match="settings.py cannot be read"):
        project_read(path=tmp_path)


def test_apps_static_templates_and_session_types_go_to_experiments(
        quorum_dir: Path, otree_project: Path) -> None:
    report = project_import(source=otree_project, quorum_dir=quorum_dir, replace=True)
    experiments = quorum_dir / "experiments"
    assert (experiments / "survey" / "static" / "survey" / "survey.css").is_file()
    assert not (experiments / "trust" / "_builtin").exists()
    assert (experiments / "_static" / "global" / "style.css").read_bytes() == \
        (otree_project / "_static" / "global" / "style.css").read_bytes()
    assert (experiments / "_templates" / "global" / "Page.html").is_file()
    module = (experiments / "imported_sessions.py").read_text()
    assert "name='trust_then_survey'" in module and "name='survey_only'" in module
    assert "experiments/trust/: replaced by the project's trust/" in "\n".join(report.changes)
    assert report.environment == ["USE_POINTS=true", "POINTS_DECIMAL_PLACES=0",
                                  "POINTS_CUSTOM_NAME=tokens", "REAL_WORLD_CURRENCY_CODE=GBP",
                                  "REAL_WORLD_CURRENCY_DECIMAL_PLACES=2"]
    assert ("notes/: not an oTree app (no models.py with Constants, no __init__.py with class C "
            "and page_sequence); not copied") in report.not_converted
    rooms = (experiments / "imported_rooms.py").read_text()
    assert "    room(name='econ101', labels_file=LABELS / 'econ101.txt'),\n" in rooms
    assert (experiments / "_rooms" / "econ101.txt").read_bytes() == \
        (otree_project / "_rooms" / "econ101.txt").read_bytes()


def test_refused_consent_keeps_the_existing_app_and_leaves_out_its_session_types(
        quorum_dir: Path, otree_project: Path) -> None:
    trust_before = snapshot(quorum_dir / "experiments" / "trust")
    questions: list[str] = []

    def answer_no(question: str) -> bool:
        questions.append(question)
        return False

    report = project_import(source=otree_project, quorum_dir=quorum_dir, confirm=answer_no)
    assert questions == ["Replace the app in experiments/trust/ with the project's trust?"]
    assert snapshot(quorum_dir / "experiments" / "trust") == trust_before
    assert "app trust: experiments/trust/ is already there and was not replaced (run again with " \
           "--replace to replace it)" in report.skipped
    assert "SessionType trust_then_survey: its app trust was not imported" in report.skipped
    module = (quorum_dir / "experiments" / "imported_sessions.py").read_text()
    assert "name='survey_only'" in module and "trust_then_survey" not in module


def test_given_consent_replaces_the_app(quorum_dir: Path, otree_project: Path) -> None:
    project_import(source=otree_project, quorum_dir=quorum_dir, confirm=lambda question: True)
    models = (quorum_dir / "experiments" / "trust" / "models.py").read_text()
    assert models == (otree_project / "trust" / "models.py").read_text().replace(
        "from otree.api import", "from sessions_core.api import")


def test_a_dry_run_asks_nothing_and_changes_nothing(quorum_dir: Path, otree_project: Path) -> None:
    before = snapshot(quorum_dir)

    def must_not_ask(question: str) -> bool:
        raise AssertionError(f"asked {question!r} on a dry run")

    report = project_import(source=otree_project, quorum_dir=quorum_dir, dry_run=True,
                            confirm=must_not_ask)
    assert snapshot(quorum_dir) == before
    assert "would ask: Replace the app in experiments/trust/ with the project's trust? " \
           "(--replace answers yes)" in report.changes
    assert any(line.startswith("experiments/survey/: copied from") for line in report.changes)


def test_importing_twice_changes_nothing_the_second_time(quorum_dir: Path, otree_project: Path) -> None:
    project_import(source=otree_project, quorum_dir=quorum_dir, replace=True)
    after_first = snapshot(quorum_dir)
    report = project_import(source=otree_project, quorum_dir=quorum_dir, confirm=refuse)
    assert snapshot(quorum_dir) == after_first
    assert [line for line in report.changes if line.startswith("experiments/")] == [
        "experiments/payment_info/: unchanged", "experiments/survey/: unchanged",
        "experiments/trust/: unchanged"]


def test_every_folder_that_looks_like_an_app_is_copied_even_unused(
        quorum_dir: Path, otree_project: Path) -> None:
    (otree_project / "pilot").mkdir()
    (otree_project / "pilot" / "models.py").write_text("class Constants:\n    pass\n")
    project_import(source=otree_project, quorum_dir=quorum_dir, replace=True)
    assert (quorum_dir / "experiments" / "pilot" / "models.py").is_file()
    assert (quorum_dir / "experiments" / "pilot" / "__init__.py").is_file()


def test_an_app_named_like_a_django_app_is_skipped(quorum_dir: Path, otree_project: Path) -> None:
    (otree_project / "sessions").mkdir()
    (otree_project / "sessions" / "models.py").write_text("class Constants:\n    pass\n")
    report = project_import(source=otree_project, quorum_dir=quorum_dir, replace=True)
    assert "app sessions: the name 'sessions' is taken by Quorum or Django; rename the app and " \
           "import again" in report.skipped
    assert not (quorum_dir / "experiments" / "sessions").exists()


def test_a_project_template_that_would_hide_quorums_own_is_skipped(
        quorum_dir: Path, otree_project: Path) -> None:
    (otree_project / "_templates" / "quorum").mkdir()
    (otree_project / "_templates" / "quorum" / "base.html").write_text("<html>mine</html>")
    (otree_project / "_templates" / "global" / "WaitPage.html").write_text("<html>no base</html>")
    report = project_import(source=otree_project, quorum_dir=quorum_dir, replace=True)
    hidden = [line for line in report.skipped if line.startswith("_templates/")]
    assert [line.split(":")[0] for line in hidden] == ["_templates/global/WaitPage.html",
                                                       "_templates/quorum/base.html"]
    assert not (quorum_dir / "experiments" / "_templates" / "quorum").exists()
    assert (quorum_dir / "experiments" / "_templates" / "global" / "Page.html").is_file()


def test_an_earlier_projects_different_file_is_replaced_only_with_consent(
        quorum_dir: Path, otree_project: Path) -> None:
    project_import(source=otree_project, quorum_dir=quorum_dir, replace=True)
    (otree_project / "_static" / "global" / "style.css").write_text("body { color: red; }\n")
    report = project_import(source=otree_project, quorum_dir=quorum_dir, confirm=refuse)
    assert "_static/global/style.css: experiments/_static/global/style.css differs and was not " \
           "replaced" in report.skipped
    assert "color: red" not in (quorum_dir / "experiments" / "_static" / "global" / "style.css").read_text()


def test_a_target_that_is_not_a_quorum_project_is_refused(tmp_path: Path, otree_project: Path) -> None:
    with pytest.raises(InvalidRequest, match="is not a Quorum project"):
        project_import(source=otree_project, quorum_dir=tmp_path / "nothing")

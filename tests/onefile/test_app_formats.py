"""Which folders are apps and in which format (sessions_core/experimenter/app_formats.py), what
the registry reads from each, and the names `from sessions_core.api import *` gives."""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

import sessions_core.api
from sessions_core.experimenter import app_formats
from sessions_core.experimenter.registry import ExperimentApp, _check_app
from tests.apps import onefile_rounds


def make_folder(root: Path, name: str, *files: str) -> None:
    (root / name).mkdir()
    for file in files:
        (root / name / file).write_text("")


def test_folders_of_either_format_are_apps_and_others_are_not(tmp_path: Path) -> None:
    make_folder(tmp_path, "old_style", "__init__.py", "models.py", "pages.py")
    make_folder(tmp_path, "new_style", "__init__.py", "tests.py", "Page.html")
    make_folder(tmp_path, "_static", "__init__.py")
    make_folder(tmp_path, "__pycache__")
    make_folder(tmp_path, "just_files", "notes.txt")
    (tmp_path / "sessions.py").write_text("")
    assert app_formats.experiment_packages(tmp_path, "experiments") == [
        "experiments.new_style", "experiments.old_style"]
    assert app_formats.installed_app("experiments.old_style", tmp_path) == "experiments.old_style"
    assert app_formats.installed_app("experiments.new_style", tmp_path) == (
        "sessions_core.experimenter.app_formats.OneFileApp__experiments__new_style")


def test_a_one_file_app_whose_name_has_a_double_underscore_is_refused(tmp_path: Path) -> None:
    make_folder(tmp_path, "my__app", "__init__.py")
    with pytest.raises(ImproperlyConfigured, match="'experiments.my__app': an app in the "
                       "one-file format .* may not have '__' in its folder's name"):
        app_formats.installed_app("experiments.my__app", tmp_path)


def test_a_one_file_app_is_installed_by_its_own_app_config() -> None:
    config = apps.get_app_config("onefile_rounds")
    assert isinstance(config, app_formats.OneFileAppConfig)
    assert config.name == "tests.apps.onefile_rounds"
    assert config.models_module is onefile_rounds and config.module is onefile_rounds
    assert Path(config.path) == Path(onefile_rounds.__file__).parent
    assert apps.get_model("onefile_rounds", "Player") is onefile_rounds.Player
    assert apps.is_installed("tests.apps.onefile_rounds")


def fake_app(**names: object) -> ExperimentApp:
    module = ModuleType("experiments.fake")
    for name, value in names.items():
        setattr(module, name, value)
    return ExperimentApp(label="fake", models=module, one_file=True)


def test_a_one_file_app_without_c_or_a_model_or_page_sequence_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="'fake': __init__.py defines no class C"):
        _check_app(fake_app(Subsession=1, Group=1, Player=1, page_sequence=[]))
    with pytest.raises(ImproperlyConfigured, match="'fake': __init__.py defines no Group"):
        _check_app(fake_app(C=onefile_rounds.C, Subsession=1, Player=1, page_sequence=[]))
    with pytest.raises(ImproperlyConfigured, match="'fake': __init__.py defines no page_sequence"):
        _check_app(fake_app(C=onefile_rounds.C, Subsession=1, Group=1, Player=1))

    class C:
        PLAYERS_PER_GROUP = 0

    with pytest.raises(ImproperlyConfigured, match="'fake': C.PLAYERS_PER_GROUP must be None or >= 1"):
        _check_app(fake_app(C=C, Subsession=1, Group=1, Player=1, page_sequence=[]))


def test_upper_case_constants_and_early_oTree_5_lower_case_ones() -> None:
    class C(sessions_core.api.BaseConstants):
        NAME_IN_URL = "upper"
        PLAYERS_PER_GROUP = 3
        NUM_ROUNDS = 4
        BUYER_ROLE = "Buyer"
        SELLER_ROLE = "Seller"

    app = fake_app(C=C)
    assert (app.name_in_url, app.players_per_group, app.num_rounds) == ("upper", 3, 4)
    assert app.role_names == ["Buyer", "Seller"]

    class Constants(sessions_core.api.BaseConstants):  # oTree 5.0-5.3's one-file apps
        name_in_url = "lower"
        players_per_group = None
        num_rounds = 2

    app = fake_app(Constants=Constants)
    assert (app.Constants, app.name_in_url, app.players_per_group, app.num_rounds) == (
        Constants, "lower", None, 2)
    assert fake_app(C=type("C", (sessions_core.api.BaseConstants,), {})).num_rounds == 1


OTREE_NAMES = ["BaseConstants", "BaseSubsession", "BaseGroup", "BasePlayer", "ExtraModel",
               "Currency", "c", "cu", "currency_range", "models", "widgets", "Page", "WaitPage",
               "Bot", "Submission", "SubmissionMustFail", "expect"]


def test_import_star_gives_exactly_the_documented_names() -> None:
    names: dict[str, object] = {}
    exec("from sessions_core.api import *", names)  # noqa: S102
    names.pop("__builtins__")
    assert sorted(names) == sorted(sessions_core.api.__all__)
    # oTree's names, and Quorum's own (trial_list, ...): each documented where import * is.
    assert set(OTREE_NAMES) <= set(names)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "experiments.md").read_text()
    section = docs[docs.index("`from sessions_core.api import *` gives exactly"):]
    section = section[:section.index("\n\n")]
    assert sorted(name for name in names if f"`{name}`" not in section) == []
    assert names["cu"] is names["Currency"] is names["c"]


def test_the_entry_names_one_config_class_per_app() -> None:
    entry = "OneFileApp__tests__apps__onefile_rounds"
    assert getattr(app_formats, entry) is getattr(app_formats, entry)
    assert type(apps.get_app_config("onefile_rounds")) is getattr(app_formats, entry)
    with pytest.raises(AttributeError):
        app_formats.__getattr__("OneFileApp__")
    assert not hasattr(app_formats, "something_else")

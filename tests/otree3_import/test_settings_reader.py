"""settings.py is read with `ast`, never run: each construct oTree projects use is evaluated, and
whatever needs running the file (the environment, conditionals, calls) is reported with its line."""
from __future__ import annotations

from pathlib import Path

from sessions_core.porting.settings_reader import ProjectSettings, Unknown, settings_read


def read(source: str) -> ProjectSettings:
    return settings_read(source=source)


def test_literals_and_dict_calls_are_read() -> None:
    settings = read("SESSION_CONFIG_DEFAULTS = dict(real_world_currency_per_point=1.00, "
                    "participation_fee=0.00, doc='')\n"
                    "OTHER = {'a': [1, 2.5, None, True], 'b': (1, 2)}\n")
    assert settings.values["SESSION_CONFIG_DEFAULTS"] == {
        "real_world_currency_per_point": 1.0, "participation_fee": 0.0, "doc": ""}
    assert settings.values["OTHER"] == {"a": [1, 2.5, None, True], "b": (1, 2)}
    assert settings.problems == []


def test_double_star_unpacking_merges_in_order() -> None:
    settings = read("D = dict(doc='x', fee=1)\n"
                    "A = dict(name='a', **D)\n"
                    "B = {**D, 'fee': 2}\n"
                    "C = dict(D, fee=3)\n")
    assert settings.values["A"] == {"name": "a", "doc": "x", "fee": 1}
    assert settings.values["B"] == {"doc": "x", "fee": 2}
    assert settings.values["C"] == {"doc": "x", "fee": 3}


def test_names_bound_earlier_are_followed_and_lists_added() -> None:
    settings = read("APPS = ['survey']\n"
                    "SESSION_CONFIGS = [dict(name='a', app_sequence=['trust'] + APPS)]\n"
                    "SESSION_CONFIGS += [dict(name='b', app_sequence=[*APPS, 'end'])]\n")
    assert settings.values["SESSION_CONFIGS"] == [
        {"name": "a", "app_sequence": ["trust", "survey"]},
        {"name": "b", "app_sequence": ["survey", "end"]},
    ]
    assert "APPS" in settings.used


def test_append_extend_update_and_item_assignment_change_the_known_value() -> None:
    settings = read("CONFIGS = []\n"
                    "CONFIGS.append(dict(name='a'))\n"
                    "CONFIGS.extend([dict(name='b')])\n"
                    "DEFAULTS = dict(doc='')\n"
                    "DEFAULTS.update(fee=2, **{'rate': 0.5})\n"
                    "DEFAULTS['mturk'] = dict(minutes=7 * 60)\n")
    assert settings.values["CONFIGS"] == [{"name": "a"}, {"name": "b"}]
    assert settings.values["DEFAULTS"] == {"doc": "", "fee": 2, "rate": 0.5, "mturk": {"minutes": 420}}
    assert settings.problems == []


def test_environment_reads_are_reported_not_guessed() -> None:
    settings = read("from os import environ\n"
                    "import os\n"
                    "PASSWORD = environ.get('OTREE_ADMIN_PASSWORD', 'changeme')\n"
                    "KEY = os.environ['OTREE_SECRET_KEY']\n"
                    "LEVEL = os.getenv('OTREE_AUTH_LEVEL')\n")
    assert settings.values["PASSWORD"] == Unknown(
        "read from the environment variable OTREE_ADMIN_PASSWORD (default 'changeme')", 3)
    assert settings.values["KEY"] == Unknown("read from the environment variable OTREE_SECRET_KEY", 4)
    assert settings.values["LEVEL"] == Unknown("read from the environment variable OTREE_AUTH_LEVEL", 5)


def test_an_unknown_value_inside_a_config_leaves_the_other_keys_known() -> None:
    settings = read("from os import environ\n"
                    "SESSION_CONFIGS = [dict(name='a', fee=float(environ.get('FEE', '3')))]\n")
    config = settings.values["SESSION_CONFIGS"][0]
    assert config["name"] == "a"
    assert config["fee"] == Unknown("read from the environment variable FEE (default '3')", 2)


def test_conditionals_are_reported_and_the_names_they_assign_are_unknown() -> None:
    settings = read("from os import environ\n"
                    "if environ.get('OTREE_PRODUCTION') in {None, '', '0'}:\n"
                    "    DEBUG = True\n"
                    "else:\n"
                    "    DEBUG = False\n")
    assert settings.problems == ["line 2: `if` statement not evaluated (it assigns DEBUG)"]
    assert settings.values["DEBUG"] == Unknown("assigned inside the `if` statement at line 2", 2)


def test_comprehensions_calls_and_undefined_names_are_unknown_with_their_line() -> None:
    settings = read("import json\n"
                    "A = [dict(name=n) for n in ['x', 'y']]\n"
                    "B = json.loads('[]')\n"
                    "C = MISSING + 1\n"
                    "from .local_settings import *\n")
    assert settings.values["A"] == Unknown("a list comprehension is not evaluated", 2)
    assert settings.values["B"] == Unknown("the call `json.loads('[]')` is not evaluated", 3)
    assert settings.values["C"] == Unknown("MISSING is not defined before this line", 4)
    assert settings.problems == [
        "line 5: `from .local_settings import *` not evaluated (it may change any setting)"]


def test_settings_py_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    settings = read(f"open({str(marker)!r}, 'w').write('ran')\n"
                    "import sys\n"
                    "sys.exit(3)\n"
                    "USE_POINTS = False\n")
    assert not marker.exists()
    assert settings.values["USE_POINTS"] is False
    assert len(settings.problems) == 2

"""SESSION_CONFIGS into SessionTypes (fixed_pay in minor units, the rate written out) and the
money settings into environment lines; what cannot be read is reported, not guessed."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sessions_core.porting.session_configs import (
    SessionTypeSpec,
    money_read,
    session_types_convert,
    settings_report,
)
from sessions_core.porting.settings_reader import settings_read


def convert(source: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
    settings = settings_read(source=source)
    specs, problems = session_types_convert(settings=settings, money=money_read(settings=settings))
    return {spec.name: spec.arguments for spec in specs}, problems


def one(source: str) -> dict[str, Any]:
    types, problems = convert(source)
    assert len(types) == 1, problems
    return next(iter(types.values()))


def test_participation_fee_becomes_fixed_pay_in_the_currencys_minor_units() -> None:
    configs = "SESSION_CONFIGS = [dict(name='a', app_sequence=['x'], participation_fee={})]\n"
    assert one(configs.format("2.50") + "REAL_WORLD_CURRENCY_CODE = 'GBP'")["fixed_pay"] == 250
    assert one(configs.format("500") + "REAL_WORLD_CURRENCY_CODE = 'JPY'")["fixed_pay"] == 500
    assert one(configs.format("1.5") + "REAL_WORLD_CURRENCY_CODE = 'KWD'")["fixed_pay"] == 1500
    assert one(configs.format("3") + "REAL_WORLD_CURRENCY_CODE = 'USD'\n"
               "REAL_WORLD_CURRENCY_DECIMAL_PLACES = 0")["fixed_pay"] == 3
    assert one(configs.format("0.1"))["fixed_pay"] == 10  # oTree's default currency: USD


def test_a_fee_finer_than_the_currency_is_reported_not_rounded() -> None:
    types, problems = convert("SESSION_CONFIGS = [dict(name='a', app_sequence=['x'], "
                              "participation_fee=2.505)]\nREAL_WORLD_CURRENCY_CODE = 'EUR'")
    assert types == {}
    assert problems == ["session config 'a': participation_fee 2.505 is not a whole number of "
                        "minor units (2 decimal places); not converted"]


def test_the_rate_left_to_otrees_default_is_written_as_one() -> None:
    source = ("SESSION_CONFIG_DEFAULTS = dict(participation_fee=0)\n"
              "SESSION_CONFIGS = [dict(name='default', app_sequence=['x']),\n"
              "                   dict(name='own', app_sequence=['x'],\n"
              "                        real_world_currency_per_point=0.01)]\n")
    types, _ = convert(source)
    assert types["default"]["real_world_currency_per_point"] == Decimal("1.00")
    assert types["own"]["real_world_currency_per_point"] == Decimal("0.01")


def test_configs_inherit_the_defaults_and_override_them() -> None:
    types, problems = convert(
        "SESSION_CONFIG_DEFAULTS = dict(real_world_currency_per_point=0.5, participation_fee=4, "
        "doc='shared', rounds=3)\n"
        "SESSION_CONFIGS = [dict(name='a', display_name='A', app_sequence=['x', 'y'], "
        "num_demo_participants=4),\n"
        "                   dict(name='b', app_sequence=['y'], rounds=5, doc='own')]\n")
    assert problems == []
    assert types["a"] == {
        "name": "a", "display_name": "A", "app_sequence": ["x", "y"], "num_demo_participants": 4,
        "fixed_pay": 400, "real_world_currency_per_point": Decimal("0.5"), "doc": "shared",
        "rounds": 3,
    }
    assert types["b"]["rounds"] == 5 and types["b"]["doc"] == "own"


def test_a_config_key_that_cannot_be_read_or_stored_is_reported_and_left_out() -> None:
    types, problems = convert(
        "from os import environ\n"
        "SESSION_CONFIGS = [dict(name='a', app_sequence=['x'], kept=[1, {'k': 'v'}],\n"
        "                        secret=environ.get('SECRET'), tags={'a', 'b'})]\n")
    arguments = types["a"]
    assert arguments["kept"] == [1, {"k": "v"}]
    assert "secret" not in arguments and "tags" not in arguments
    assert problems[0] == ("session config 'a': key 'secret' not written (line 3: read from the "
                           "environment variable SECRET); add it by hand")
    assert problems[1].startswith("session config 'a': key 'tags' not written")


def test_a_config_whose_name_apps_or_fee_cannot_be_read_is_left_out() -> None:
    types, problems = convert(
        "from os import environ\n"
        "SESSION_CONFIGS = [dict(name=environ.get('NAME'), app_sequence=['x']),\n"
        "                   dict(name='b', app_sequence=[a for a in 'xy']),\n"
        "                   dict(name='c', app_sequence=['x'], participation_fee=environ['FEE']),\n"
        "                   dict(name='bad name', app_sequence=['x'])]\n")
    assert types == {}
    assert problems == [
        "SESSION_CONFIGS entry 1: line 2: read from the environment variable NAME; not converted",
        "session config 'b': line 3: a list comprehension is not evaluated; not converted",
        "session config 'c': participation_fee line 4: read from the environment variable FEE; "
        "not converted",
        "SESSION_CONFIGS entry 4: name 'bad name' is not letters, digits and _; not converted",
    ]


def test_session_configs_that_cannot_be_read_give_no_session_type() -> None:
    assert convert("X = 1") == ({}, ["SESSION_CONFIGS: not in settings.py, so no SessionType "
                                     "was written"])
    types, problems = convert("SESSION_CONFIGS = [dict(name=n) for n in 'ab']")
    assert types == {}
    assert problems == ["SESSION_CONFIGS: line 1: a list comprehension is not evaluated; no "
                        "SessionType was written"]


def test_money_settings_become_environment_lines() -> None:
    money = money_read(settings=settings_read(source=(
        "USE_POINTS = False\nPOINTS_DECIMAL_PLACES = 2\nREAL_WORLD_CURRENCY_CODE = 'JPY'\n"
        "POINTS_CUSTOM_NAME = 'lab tokens'\n")))
    assert money.environment == [
        "USE_POINTS=false", "POINTS_DECIMAL_PLACES=2", "POINTS_CUSTOM_NAME='lab tokens'",
        "REAL_WORLD_CURRENCY_CODE=JPY", "REAL_WORLD_CURRENCY_DECIMAL_PLACES=0",
    ]
    assert money.problems == []


def test_money_settings_left_out_get_otrees_defaults() -> None:
    money = money_read(settings=settings_read(source=""))
    assert money.environment == ["USE_POINTS=true", "POINTS_DECIMAL_PLACES=0",
                                 "REAL_WORLD_CURRENCY_CODE=USD", "REAL_WORLD_CURRENCY_DECIMAL_PLACES=2"]


def test_a_money_setting_read_from_the_environment_is_reported_without_a_line() -> None:
    money = money_read(settings=settings_read(source=(
        "from os import environ\nUSE_POINTS = environ.get('USE_POINTS') == 'yes'\n")))
    assert not any(line.startswith("USE_POINTS=") for line in money.environment)
    assert money.problems == ["USE_POINTS: line 2: read from the environment variable USE_POINTS; "
                              "set the environment variable USE_POINTS yourself"]


def test_other_settings_are_reported_with_what_they_become(tmp_path: Path) -> None:
    settings = settings_read(source=(
        "APPS = ['x']\n"
        "SESSION_CONFIGS = [dict(name='a', app_sequence=APPS)]\n"
        "ADMIN_USERNAME = 'admin'\nADMIN_PASSWORD = 'secret'\n"
        "ROOMS = [dict(name='lab', display_name='Lab', participant_label_file='_rooms/lab.txt')]\n"
        "INSTALLED_APPS = ['otree', 'x', 'otreeutils']\n"
        "MY_OWN_SETTING = 3\n"))
    report = settings_report(settings=settings, project=tmp_path, app_names={"x"})
    assert report == [
        "ADMIN_USERNAME, ADMIN_PASSWORD: the admin uses Django users: `manage.py createsuperuser`",
        "INSTALLED_APPS: not available in Quorum: otreeutils",
        "MY_OWN_SETTING: a setting Quorum does not know; not converted",
    ]


def test_spec_notes_say_where_fixed_pay_and_the_rate_came_from() -> None:
    settings = settings_read(source="SESSION_CONFIGS = [dict(name='a', app_sequence=['x'], "
                                    "participation_fee=2)]")
    specs: list[SessionTypeSpec]
    specs, _ = session_types_convert(settings=settings, money=money_read(settings=settings))
    assert specs[0].notes == [
        "fixed_pay=200 from participation_fee=2",
        "real_world_currency_per_point=1.00 (oTree's default, written out: Quorum's is 0.01)",
    ]

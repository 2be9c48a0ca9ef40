"""oTree 3 settings into Quorum: SESSION_CONFIGS into SessionTypes, money settings into
environment lines, and a report of every other setting.

oTree merges SESSION_CONFIG_DEFAULTS into each session config; `participation_fee` (major units)
becomes `fixed_pay` (minor units) and `real_world_currency_per_point` is written out even when
the project relied on oTree's default (1.00), because Quorum's default is 0.01.
"""
from __future__ import annotations

import copy
import keyword
import shlex
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sessions_core.experimenter.session_types import NAME_PATTERN
from sessions_core.porting.settings_reader import ProjectSettings, Unknown

OTREE_RATE_DEFAULT = Decimal("1.00")
# oTree's own defaults for the money settings a project may leave out.
OTREE_MONEY_DEFAULTS: dict[str, Any] = {
    "USE_POINTS": True, "POINTS_DECIMAL_PLACES": 0, "REAL_WORLD_CURRENCY_CODE": "USD",
}
# ISO 4217 currencies whose minor unit is not 1/100 (the rest have two decimal places).
CURRENCY_DECIMAL_PLACES = {
    **dict.fromkeys(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "UYI", "VND", "VUV", "XAF", "XOF", "XPF"], 0),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    **dict.fromkeys(["CLF", "UYW"], 4),
}
MONEY_SETTINGS = ("USE_POINTS", "POINTS_DECIMAL_PLACES", "POINTS_CUSTOM_NAME",
                  "REAL_WORLD_CURRENCY_CODE", "REAL_WORLD_CURRENCY_DECIMAL_PLACES")
_OWN_KEYS = ("name", "display_name", "app_sequence", "num_demo_participants",
             "participation_fee", "real_world_currency_per_point", "doc")


@dataclass
class SessionTypeSpec:
    """What one SessionType(...) in the generated module says, in the order it says it."""

    name: str
    app_sequence: list[str]
    arguments: dict[str, Any] = field(default_factory=dict)  # every keyword, name first
    notes: list[str] = field(default_factory=list)  # how fixed_pay and the rate were made


@dataclass
class Money:
    environment: list[str]  # NAME=value lines to set
    problems: list[str]
    currency_places: int | None  # None when settings.py computes them at run time


def money_read(*, settings: ProjectSettings) -> Money:
    """The environment lines for Quorum's money settings that reproduce the project's."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in MONEY_SETTINGS:
        value = settings.get(name, OTREE_MONEY_DEFAULTS.get(name))
        if isinstance(value, Unknown):
            problems.append(f"{name}: {value}; set the environment variable {name} yourself")
        values[name] = value
    code = values["REAL_WORLD_CURRENCY_CODE"]
    places = values["REAL_WORLD_CURRENCY_DECIMAL_PLACES"]
    if places is None and isinstance(code, str):
        places = CURRENCY_DECIMAL_PLACES.get(code.strip().upper(), 2)
    values["REAL_WORLD_CURRENCY_DECIMAL_PLACES"] = places
    if not values["POINTS_CUSTOM_NAME"]:
        values.pop("POINTS_CUSTOM_NAME")  # oTree says "points" then, as Quorum does
    lines = [f"{name}={_env_value(value)}" for name, value in values.items()
             if not isinstance(value, Unknown)]
    return Money(environment=lines, problems=problems,
                 currency_places=places if isinstance(places, int) else None)


def _env_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return shlex.quote(str(value))


def session_types_convert(*, settings: ProjectSettings, money: Money,
                          ) -> tuple[list[SessionTypeSpec], list[str]]:
    """SessionTypes from SESSION_CONFIGS (merged with SESSION_CONFIG_DEFAULTS), and what could
    not be converted. A config whose name, apps, fee or rate is unknown is left out."""
    configs = settings.get("SESSION_CONFIGS")
    defaults = settings.get("SESSION_CONFIG_DEFAULTS", {})
    if configs is None:
        return [], ["SESSION_CONFIGS: not in settings.py, so no SessionType was written"]
    for setting, value, kind in (("SESSION_CONFIGS", configs, (list, tuple)),
                                 ("SESSION_CONFIG_DEFAULTS", defaults, dict)):
        if isinstance(value, Unknown) or not isinstance(value, kind):
            why = value if isinstance(value, Unknown) else f"not a {kind}"
            return [], [f"{setting}: {why}; no SessionType was written"]
    specs: list[SessionTypeSpec] = []
    problems: list[str] = []
    for position, entry in enumerate(configs, start=1):
        if not isinstance(entry, dict):
            why = entry if isinstance(entry, Unknown) else "not a dict"
            problems.append(f"SESSION_CONFIGS entry {position}: {why}; not converted")
            continue
        spec, entry_problems = _convert(copy.deepcopy({**defaults, **entry}), position, money)
        problems += entry_problems
        if spec is not None:
            specs.append(spec)
    return specs, problems


def _convert(config: dict[str, Any], position: int,
             money: Money) -> tuple[SessionTypeSpec | None, list[str]]:
    name = config.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        why = name if isinstance(name, Unknown) else f"name {name!r} is not letters, digits and _"
        return None, [f"SESSION_CONFIGS entry {position}: {why}; not converted"]
    where = f"session config {name!r}"
    apps = config.get("app_sequence")
    if not (isinstance(apps, (list, tuple)) and apps and all(isinstance(a, str) for a in apps)):
        why = apps if isinstance(apps, Unknown) else "app_sequence is not a list of app names"
        return None, [f"{where}: {why}; not converted"]
    arguments: dict[str, Any] = {"name": name}
    problems: list[str] = []
    if "display_name" in config:
        _keep(arguments, problems, where, "display_name", config["display_name"], str)
    arguments["app_sequence"] = list(apps)
    if config.get("num_demo_participants") is not None:
        _keep(arguments, problems, where, "num_demo_participants",
              config["num_demo_participants"], int)
    fixed_pay, rate, why = _pay(config, money)
    if why:
        return None, [*problems, f"{where}: {why}; not converted"]
    arguments["fixed_pay"] = fixed_pay
    arguments["real_world_currency_per_point"] = rate
    if config.get("doc"):
        _keep(arguments, problems, where, "doc", config["doc"], str)
    for key, value in config.items():
        if key == "use_browser_bots":
            problems.append(f"{where}: use_browser_bots not converted (Quorum's bots play on the "
                            "server: manage.py bots)")
        elif key not in _OWN_KEYS:
            _keep(arguments, problems, where, key, value, object)
    notes = [f"fixed_pay={fixed_pay} from participation_fee={config.get('participation_fee', 0)!r}",
             f"real_world_currency_per_point={rate}"
             + (" (oTree's default, written out: Quorum's is 0.01)"
                if "real_world_currency_per_point" not in config else "")]
    return SessionTypeSpec(name=name, app_sequence=list(apps), arguments=arguments,
                           notes=notes), problems


def _keep(arguments: dict[str, Any], problems: list[str], where: str, key: str, value: Any,
          kind: type) -> None:
    """Keep one value if it is known, of its kind and storable in the session's JSON config."""
    unknown = _unknown_in(value)
    if unknown is not None:
        problems.append(f"{where}: key {key!r} not written ({unknown}); add it by hand")
    elif not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        problems.append(f"{where}: key {key!r} not written ({value!r} is not a {kind.__name__})")
    elif not _json_safe(value):
        problems.append(f"{where}: key {key!r} not written ({value!r} is not JSON: strings, "
                        "numbers, booleans, None, lists and dicts with string keys)")
    else:
        arguments[key] = value


def _pay(config: dict[str, Any], money: Money) -> tuple[int, Decimal, str]:
    """(fixed_pay in minor units, the rate, why not) from oTree's fee and rate."""
    fee = config.get("participation_fee", 0)
    rate = config.get("real_world_currency_per_point", OTREE_RATE_DEFAULT)
    for key, value in (("participation_fee", fee), ("real_world_currency_per_point", rate)):
        if isinstance(value, Unknown):
            return 0, Decimal(0), f"{key} {value}"
    try:
        fee_amount, rate_amount = _decimal(fee), _decimal(rate)
    except (InvalidOperation, TypeError):
        return 0, Decimal(0), f"participation_fee {fee!r} or rate {rate!r} is not a number"
    if fee_amount == 0:
        return 0, rate_amount, ""
    if money.currency_places is None:
        return 0, rate_amount, ("participation_fee needs the currency's decimal places, which "
                                "settings.py does not give statically")
    minor = fee_amount.scaleb(money.currency_places)
    if minor != minor.to_integral_value() or minor < 0:
        return 0, rate_amount, (f"participation_fee {fee!r} is not a whole number of minor units "
                                f"({money.currency_places} decimal places)")
    return int(minor), rate_amount, ""


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise TypeError(value)
    # repr keeps 0.1 as 0.1 (a float's shortest round-tripping form), not 0.1000000000000000055
    result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise InvalidOperation(value)
    return result


def _unknown_in(value: Any) -> Unknown | None:
    if isinstance(value, Unknown):
        return value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    return next((u for u in map(_unknown_in, items) if u is not None), None)


def _json_safe(value: Any) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return not isinstance(value, float) or value == value and abs(value) != float("inf")
    if isinstance(value, (list, tuple)):
        return all(_json_safe(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())
    return False


# Settings other than SESSION_CONFIGS and money: what each one becomes in Quorum.
_ADVICE = {
    "ADMIN_USERNAME": "the admin uses Django users: `manage.py createsuperuser`",
    "ADMIN_PASSWORD": "the admin uses Django users: `manage.py createsuperuser`",
    "AUTH_LEVEL": "the admin and REST API always need a login; participant links need none",
    "SECRET_KEY": "not copied: set the SECRET_KEY environment variable in production",
    "DEBUG": "the DEBUG environment variable (true/false)",
    "ALLOWED_HOSTS": "the ALLOWED_HOSTS environment variable (comma-separated)",
    "LANGUAGE_CODE": "not converted: Quorum's own pages are in English; your templates keep "
                     "their text",
    "DEMO_PAGE_INTRO_HTML": "not converted: Quorum has no demo page (`manage.py demo` prints links)",
    "DEMO_PAGE_INTRO_TEXT": "not converted: Quorum has no demo page (`manage.py demo` prints links)",
    "SENTRY_DSN": "not converted: Quorum logs to the console (LOG_LEVEL)",
    "BOTS_CHECK_HTML": "not converted: bots check the HTML unless a Submission says "
                       "check_html=False",
}
# Converted elsewhere: the session configs and money above, the declared fields below, ROOMS in
# rooms_module.
_SILENT = {"SESSION_CONFIGS", "SESSION_CONFIG_DEFAULTS", "PARTICIPANT_FIELDS", "SESSION_FIELDS",
           "ROOMS", *MONEY_SETTINGS}


def settings_report(*, settings: ProjectSettings, project: Path, app_names: set[str]) -> list[str]:
    """One line for every setting not converted elsewhere, saying what it becomes."""
    report: list[str] = []
    advised: dict[str, list[str]] = {}
    for name, value in settings.values.items():
        if not name.isupper() or name in _SILENT:
            continue
        if name in _ADVICE:
            advised.setdefault(_ADVICE[name], []).append(name)
        elif name in ("INSTALLED_APPS", "EXTENSION_APPS"):
            extra = [a for a in value if a != "otree" and a not in app_names] \
                if isinstance(value, (list, tuple)) else [value]
            if extra:
                report.append(f"{name}: not available in Quorum: {', '.join(map(str, extra))}")
        elif name not in settings.used:  # a name read by other settings is a helper
            report.append(f"{name}: a setting Quorum does not know; not converted")
    return [f"{', '.join(names)}: {advice}" for advice, names in advised.items()] + report


DECLARED_LISTS = ("PARTICIPANT_FIELDS", "SESSION_FIELDS")


def declared_fields_convert(*, settings: ProjectSettings) -> tuple[dict[str, list[str]], list[str]]:
    """PARTICIPANT_FIELDS and SESSION_FIELDS as lists of names (by list name), and what could
    not be read. A name must be a Python identifier not starting with "_"; Quorum checks the rest
    (a name its models already use) when it starts."""
    lists: dict[str, list[str]] = {}
    problems: list[str] = []
    for list_name in DECLARED_LISTS:
        value = settings.get(list_name, [])
        if isinstance(value, Unknown) or not isinstance(value, (list, tuple)):
            why = value if isinstance(value, Unknown) else "not a list"
            problems.append(f"{list_name}: {why}; not converted, declare the names in "
                            "experiments/imported_sessions.py by hand")
            continue
        names: list[str] = []
        for item in value:
            if not isinstance(item, str) or not item.isidentifier() or item.startswith("_") \
                    or keyword.iskeyword(item):
                problems.append(f"{list_name}: {item!r} is not a field name; left out")
            elif item not in names:
                names.append(item)
        lists[list_name] = names
    return lists, problems

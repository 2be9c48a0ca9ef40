"""SessionType: a named recipe in experiments/sessions.py, and its validation at start-up."""
from __future__ import annotations

import importlib
import json
import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
RESERVED_KEYS = {"name", "app_sequence", "fixed_pay", "display_name", "num_demo_participants",
                 "real_world_currency_per_point", "doc", "participation_fee", "completion_url",
                 "min_participants", "quorum_timeout_seconds"}
# The keys above are SessionType's own arguments, so only oTree's name for the fixed pay can
# reach the config; kept there it would be stored and silently never paid.
RESERVED_HINTS = {"participation_fee": "; Quorum pays fixed_pay, in minor units (1000 = 10.00)"}


class SessionType:
    name: str
    app_sequence: list[str]
    fixed_pay: int = 0
    display_name: str = ""
    num_demo_participants: int | None = None
    real_world_currency_per_point: Decimal | str | float = Decimal("0.01")
    doc: str = ""
    # Where a participant who finishes is sent (an online panel's completion link), or "".
    completion_url: str = ""
    # Between-subjects conditions (sessions_core/conditions/, docs/experiments.md "Conditions").
    conditions: dict[str, list[Any]] | None = None
    condition_unit: str = "participant"
    condition_stratum: Callable[[Any], str] | None = None
    condition_overrides: dict[str, Any] | None = None
    # The quorum (engine/quorum.py): a session starts when this many participants are present
    # (the first arrivals wait in a lobby); each waits at most quorum_timeout_seconds.
    min_participants: int | None = None
    quorum_timeout_seconds: float | None = None
    # Who may enter (participants/eligibility.py; docs/experiments.md, "Who may enter").
    max_sessions: int | None = None
    allowed_platforms: list[str] | None = None
    exclude_prior: bool = False
    exclude_prior_from: list[str]
    blocked_labels: list[str] | None = None
    config: dict[str, Any]

    def __init__(self, name: str, app_sequence: list[str], fixed_pay: int = 0,
                 display_name: str = "", num_demo_participants: int | None = None,
                 real_world_currency_per_point: Decimal | str | float = Decimal("0.01"),
                 doc: str = "", completion_url: str = "",
                 conditions: dict[str, list[Any]] | None = None,
                 condition_unit: str = "participant",
                 condition_stratum: Callable[[Any], str] | None = None,
                 condition_overrides: dict[str, Any] | None = None,
                 min_participants: int | None = None,
                 quorum_timeout_seconds: float | None = None,
                 max_sessions: int | None = None, allowed_platforms: list[str] | None = None,
                 exclude_prior: bool = False, exclude_prior_from: list[str] | None = None,
                 blocked_labels: list[str] | None = None, **config: Any) -> None:
        self.name = name
        self.app_sequence = app_sequence
        self.fixed_pay = fixed_pay
        self.display_name = display_name or name
        self.num_demo_participants = num_demo_participants
        self.real_world_currency_per_point = real_world_currency_per_point
        self.doc = doc
        self.completion_url = completion_url
        self.conditions = conditions
        self.condition_unit = condition_unit
        self.condition_stratum = condition_stratum
        self.condition_overrides = condition_overrides
        self.min_participants = min_participants
        self.quorum_timeout_seconds = quorum_timeout_seconds
        self.max_sessions = max_sessions
        self.allowed_platforms = allowed_platforms
        self.exclude_prior = exclude_prior
        self.exclude_prior_from = exclude_prior_from if exclude_prior_from is not None else []
        self.blocked_labels = blocked_labels
        self.config = config

    def session_config(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """The dict a session keeps as `session.config` (JSON-safe)."""
        config = {
            **self.config,
            "name": self.name,
            "display_name": self.display_name,
            "app_sequence": list(self.app_sequence),
            "fixed_pay": self.fixed_pay,
            "real_world_currency_per_point": str(self.real_world_currency_per_point),
            "doc": self.doc,
            "completion_url": self.completion_url,
        }
        for key, value in (overrides or {}).items():
            if key in ("name", "app_sequence"):
                raise ValueError(f"config key {key!r} cannot be overridden for one session")
            config[key] = value
        return config


class SessionTypeError(ImproperlyConfigured):
    pass


def validate_session_types(types: Any, *, source: str, known_apps: set[str]) -> dict[str, SessionType]:
    """Check every SessionType; the first problem stops start-up with one clear message."""
    if not isinstance(types, (list, tuple)):
        raise SessionTypeError(f"{source}: SESSION_TYPES must be a list of SessionType")
    found: dict[str, SessionType] = {}
    for position, session_type in enumerate(types, start=1):
        if not isinstance(session_type, SessionType):
            raise SessionTypeError(
                f"{source}: entry {position} of SESSION_TYPES is {type(session_type).__name__}, "
                "not SessionType"
            )
        problem = _problem(session_type, known_apps)
        if problem is None and session_type.name in found:
            problem = "the name is used by another SessionType too"
        if problem:
            raise SessionTypeError(f"{source}: SessionType {session_type.name!r}: {problem}")
        found[session_type.name] = session_type
    for session_type in found.values():
        unknown = [name for name in session_type.exclude_prior_from if name not in found]
        if unknown:
            raise SessionTypeError(
                f"{source}: SessionType {session_type.name!r}: exclude_prior_from names "
                f"{unknown[0]!r}, which is not a SessionType (SessionTypes: "
                f"{', '.join(sorted(found))})")
    return found


def _problem(st: SessionType, known_apps: set[str]) -> str | None:
    if not isinstance(st.name, str) or not NAME_PATTERN.match(st.name):
        return "name must be letters, digits and underscores, starting with a letter"
    if not isinstance(st.app_sequence, (list, tuple)) or not st.app_sequence:
        return "app_sequence must be a non-empty list of app names"
    for app in st.app_sequence:
        if app not in known_apps:
            return f"unknown app {app!r} in app_sequence (known apps: {', '.join(sorted(known_apps))})"
    repeated = sorted({a for a in st.app_sequence if list(st.app_sequence).count(a) > 1})
    if repeated:
        return f"app {repeated[0]!r} is listed twice in app_sequence"
    if not isinstance(st.fixed_pay, int) or isinstance(st.fixed_pay, bool) or st.fixed_pay < 0:
        return f"fixed_pay must be a whole number of minor units >= 0 (1000 = 10.00), not {st.fixed_pay!r}"
    demo = st.num_demo_participants
    if demo is not None and (not isinstance(demo, int) or isinstance(demo, bool) or demo < 1):
        return f"num_demo_participants must be a whole number >= 1, not {demo!r}"
    try:
        rate = Decimal(str(st.real_world_currency_per_point))
    except InvalidOperation:
        rate = Decimal(-1)
    # NaN would raise on comparison and Infinity would break the payments at the session's end.
    if not rate.is_finite() or rate < 0:
        return ("real_world_currency_per_point must be a number >= 0, not "
                f"{st.real_world_currency_per_point!r}")
    if not _is_web_address(st.completion_url):
        return (f"completion_url must be empty or an http(s) address, like "
                f"'https://app.prolific.com/submissions/complete?cc=CODE', not {st.completion_url!r}")
    quorum = (min_participants_problem(st.min_participants)
              or quorum_timeout_problem(st.quorum_timeout_seconds, st.min_participants))
    if quorum:
        return quorum
    if demo is not None and st.min_participants is not None and demo < st.min_participants:
        return (f"num_demo_participants ({demo}) is smaller than min_participants "
                f"({st.min_participants}): a demo session could never start")
    entry = entry_rules_problem(st)
    if entry:
        return entry
    clash = sorted(RESERVED_KEYS & set(st.config))
    if clash:
        return f"config key {clash[0]!r} is reserved{RESERVED_HINTS.get(clash[0], '')}"
    conditions = conditions_problem(st)
    if conditions:
        return conditions
    dropout = dropout_after_problem(st.config.get(DROPOUT_AFTER_KEY))
    if dropout:
        return dropout
    if not isinstance(st.config.get(DROPOUT_TIMEOUTS_KEY, True), bool):
        return (f"config key {DROPOUT_TIMEOUTS_KEY!r} must be True or False, not "
                f"{st.config[DROPOUT_TIMEOUTS_KEY]!r}")
    for key, value in st.config.items():
        where = _not_json(value, f"config key {key!r}")
        if where:
            return where
    return None


PLATFORMS = ("desktop", "mobile", "tablet")  # participants/environment.py tells them apart


def entry_rules_problem(st: SessionType) -> str | None:
    """Why the SessionType's entry rules (participants/eligibility.py) cannot be used, or None.
    exclude_prior_from's names are checked against the other SessionTypes by
    validate_session_types."""
    cap = st.max_sessions
    if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 1):
        return f"max_sessions must be a whole number >= 1 (or None: no cap), not {cap!r}"
    platforms = st.allowed_platforms
    if platforms is not None:
        if not isinstance(platforms, (list, tuple)) or not platforms:
            return ("allowed_platforms must be a non-empty list of "
                    f"{', '.join(map(repr, PLATFORMS))} (or None: every platform), "
                    f"not {platforms!r}")
        for platform in platforms:
            if platform not in PLATFORMS:
                return (f"allowed_platforms holds {platform!r}; the platforms are "
                        f"{', '.join(map(repr, PLATFORMS))}")
        if len(set(platforms)) != len(platforms):
            return "allowed_platforms lists a platform twice"
    if not isinstance(st.exclude_prior, bool):
        return f"exclude_prior must be True or False, not {st.exclude_prior!r}"
    others = st.exclude_prior_from
    if not isinstance(others, (list, tuple)) or not all(isinstance(n, str) for n in others):
        return f"exclude_prior_from must be a list of SessionType names, not {others!r}"
    if st.name in others:
        return ("exclude_prior_from names this SessionType itself; write exclude_prior=True "
                "for it")
    blocked = st.blocked_labels
    if blocked is not None:
        if not isinstance(blocked, (list, tuple)):
            return f"blocked_labels must be a list of labels (or None), not {blocked!r}"
        for label in blocked:
            if not isinstance(label, str) or not label.strip() or len(label) > 128:
                return (f"blocked_labels holds {label!r}; a label is text of 1 to 128 "
                        "characters")
    return None


def min_participants_problem(value: Any) -> str | None:
    """Why a min_participants value cannot be used (None: it can; None is no quorum)."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return f"min_participants must be a whole number >= 1 (or None: no quorum), not {value!r}"
    return None


def quorum_group_problem(value: int | None, group_size: int, where: str) -> str | None:
    """Why a quorum cannot start the apps' groups (None: it can). A quorum starts whole groups:
    with groups of 3 (fixed groups, players_per_group), a quorum of 2 would start a group that
    still waits for its third member, and one of 4 a group and a third; so it must be a
    multiple of the group size (the least common multiple over the apps; apps that group
    everyone together, or by arrival time, set no size)."""
    if value is None or value <= 1 or value % group_size == 0:
        return None
    return (f"min_participants={value} does not start whole groups: {where} forms groups of "
            f"{group_size}, so the quorum must be a multiple of {group_size}")


def quorum_timeout_problem(value: Any, min_participants: Any) -> str | None:
    """Why a quorum_timeout_seconds value cannot be used (None: it can; None is no limit)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value <= 0:
        return (f"quorum_timeout_seconds must be a number of seconds above 0 (or None: no "
                f"limit), not {value!r}")
    if min_participants is None:
        return "quorum_timeout_seconds needs min_participants (the quorum it waits for)"
    return None


# Dropouts (engine/dropouts.py): a participant whose pages are silent this long is dropped out.
DROPOUT_AFTER_KEY = "dropout_after_seconds"
# False: a dropout is only marked (and their app's on_dropout runs); their pages do not time out.
DROPOUT_TIMEOUTS_KEY = "dropout_pages_time_out"
# Pages send a heartbeat every 10 s; a tolerance shorter than two of them would mark the living.
DROPOUT_AFTER_MIN = 20


CONDITION_UNITS = ("participant", "group", "session")
# A unit in progress longer than this stops counting for balancing (sessions_core/conditions/).
CONDITION_EXPIRES_KEY = "condition_expires_after_seconds"


def conditions_problem(st: SessionType) -> str | None:
    """Why the SessionType's conditions cannot be used (None: they can, or there are none)."""
    if st.condition_unit not in CONDITION_UNITS:
        return (f"condition_unit must be one of {', '.join(map(repr, CONDITION_UNITS))}, "
                f"not {st.condition_unit!r}")
    expires = st.config.get(CONDITION_EXPIRES_KEY)
    if expires is not None and (isinstance(expires, bool) or not isinstance(expires, (int, float))
                                or not math.isfinite(expires) or expires <= 0):
        return (f"config key {CONDITION_EXPIRES_KEY!r} must be a number of seconds > 0 "
                f"(or None: units in progress never expire by time), not {expires!r}")
    if st.conditions is None:
        if st.condition_stratum is not None or st.condition_overrides:
            return "condition_stratum and condition_overrides need conditions={...} too"
        return None
    if not isinstance(st.conditions, dict) or not st.conditions:
        return ("conditions must be a non-empty dict of variable names to lists of values, like "
                "{'depth': ['near', 'far']}")
    for variable, values in st.conditions.items():
        problem = _variable_problem(variable, values)
        if problem:
            return problem
    if st.condition_stratum is not None:
        if not callable(st.condition_stratum):
            return (f"condition_stratum must be a function of the participant returning a text, "
                    f"not {st.condition_stratum!r}")
        if st.condition_unit != "participant":
            return ("condition_stratum needs condition_unit='participant' (a stratum is a "
                    f"function of one participant), not {st.condition_unit!r}")
    return _overrides_problem(st.conditions, st.condition_overrides)


def _variable_problem(variable: Any, values: Any) -> str | None:
    if not isinstance(variable, str) or not NAME_PATTERN.match(variable):
        return (f"condition variable {variable!r}: names are letters, digits and underscores, "
                "starting with a letter")
    where = f"conditions[{variable!r}]"
    if not isinstance(values, list) or not values:
        return f"{where} must be a non-empty list of values, not {values!r}"
    for value in values:
        problem = _not_json(value, f"{where} value {value!r}")
        if problem:
            return problem
        if isinstance(value, str) and ("\x00" in value or any(
                0xD800 <= ord(c) <= 0xDFFF for c in value)):
            return (f"{where} value {value!r}: text may not contain the character U+0000 or "
                    "half of a UTF-16 surrogate pair (PostgreSQL's JSON cannot hold them)")
    seen: set[str] = set()
    for value in values:
        if _json_key(value) in seen:
            return f"{where} lists the value {value!r} twice"
        seen.add(_json_key(value))
    return None


def _json_key(value: Any) -> str:
    """A value as stored (JSON): 1 and True, or 1 and 1.0, are different values here."""
    return json.dumps(value, sort_keys=True)


def _overrides_problem(conditions: dict[str, list[Any]], overrides: Any) -> str | None:
    if overrides is None:
        return None
    if not isinstance(overrides, dict):
        return f"condition_overrides must be a dict like {{'depth': 'near'}}, not {overrides!r}"
    for variable, value in overrides.items():
        if variable not in conditions:
            return (f"condition_overrides names the variable {variable!r}, which conditions does "
                    f"not have (it has: {', '.join(map(repr, conditions))})")
        if _not_json(value, "") or _json_key(value) not in map(_json_key, conditions[variable]):
            return (f"condition_overrides[{variable!r}] is {value!r}, which is not one of its "
                    f"values {conditions[variable]!r}")
    return None


def dropout_after_problem(value: Any) -> str | None:
    """Why a dropout_after_seconds value cannot be used (None: it can; None is off)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or value < DROPOUT_AFTER_MIN:
        return (f"config key {DROPOUT_AFTER_KEY!r} must be a number of seconds of at least "
                f"{DROPOUT_AFTER_MIN} (or None: off), not {value!r}")
    return None


def _not_json(value: Any, where: str) -> str | None:
    """Why a config default cannot be kept in `session.config`, a JSON column (None when it
    can): only JSON's own values (text, whole and finite numbers, true/false, None, and lists
    and dicts with text keys of them). A Decimal or a currency amount would fail when the first
    session is created; a tuple would come back as a list."""
    if value is None or isinstance(value, (str, bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where} is {value!r}, which JSON cannot hold"
    if isinstance(value, list):
        for index, item in enumerate(value):
            problem = _not_json(item, f"{where}[{index}]")
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for item_key, item in value.items():
            if not isinstance(item_key, str):
                return f"{where} has the key {item_key!r}: keys of a config dict must be text"
            problem = _not_json(item, f"{where}[{item_key!r}]")
            if problem:
                return problem
        return None
    hint = (f" (write {str(value)!r} or {float(value)!r})" if isinstance(value, Decimal) else "")
    return (f"{where} is a {type(value).__name__}, {value!r}: config values are kept as JSON, so "
            f"they must be text, numbers, true/false, None, or lists and dicts of them{hint}")


def _is_web_address(url: Any) -> bool:
    if url == "":
        return True
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed [IPv6] host
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def load_session_types(module_path: str, known_apps: set[str]) -> dict[str, SessionType]:
    module = importlib.import_module(module_path)
    source = getattr(module, "__file__", None) or module_path
    try:
        source = str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        pass
    return validate_session_types(getattr(module, "SESSION_TYPES", None), source=source,
                                  known_apps=known_apps)

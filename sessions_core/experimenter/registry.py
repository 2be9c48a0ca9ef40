"""What is installed: experiment apps (by label) and SessionTypes (by name), loaded at start-up."""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sessions_core.experimenter.app_formats import OneFileAppConfig
from sessions_core.experimenter.session_types import (
    SessionType,
    load_session_types,
    quorum_group_problem,
)
from sessions_core.experimenter.stages import with_stage_barriers


@dataclass
class ExperimentApp:
    """An installed experiment app, in either format (experimenter/app_formats.py): oTree 3's
    (`models` is its models.py, beside pages.py and tests.py, with `class Constants` and
    lower-case names) or oTree 5's one-file format (`models` is the package itself, which also
    holds the pages; `class C` with upper-case names; tests.py beside it)."""

    label: str
    models: ModuleType
    one_file: bool = False

    @property
    def Constants(self) -> Any:  # noqa: N802  (oTree's name)
        """The app's constants class: `Constants` (oTree 3, and one-file apps of oTree 5.0 to
        5.3) or `C` (one-file format since oTree 5.4)."""
        return self.models.C if self.upper_case else self.models.Constants

    @cached_property
    def upper_case(self) -> bool:
        """Whether the constants are oTree 5.4's `class C` with upper-case names."""
        return self.one_file and hasattr(self.models, "C")

    @property
    def Subsession(self) -> Any:  # noqa: N802
        return self.models.Subsession

    @property
    def Group(self) -> Any:  # noqa: N802
        return self.models.Group

    @property
    def Player(self) -> Any:  # noqa: N802
        return self.models.Player

    @cached_property
    def package(self) -> str:
        """The app's package (experiments.<label>, or tests.apps.<label>)."""
        return self.models.__name__ if self.one_file else self.models.__name__.rsplit(".", 1)[0]

    @cached_property
    def extra_models(self) -> list[Any]:
        """The app's ExtraModel tables (sessions_core/models.py), in the order declared."""
        config = apps.get_app_config(self.label)
        return [model for model in config.get_models()
                if getattr(model, "quorum_extra_model", False)]

    @cached_property
    def pages(self) -> ModuleType:
        if self.one_file:
            return self.models
        return importlib.import_module(self.package + ".pages")

    @cached_property
    def page_sequence(self) -> list[Any]:
        # With the wait pages of group stages (start_together, end_together) in their places.
        return with_stage_barriers(self.pages.page_sequence)

    @property
    def groups_by_arrival_time(self) -> bool:
        """Whether a wait page of the app forms groups as participants arrive."""
        return any(getattr(page, "group_by_arrival_time", False) for page in self.page_sequence)

    def constant(self, name: str, default: Any = None) -> Any:
        """A constant by its oTree 3 name (`num_rounds`): C.NUM_ROUNDS in the one-file format."""
        return getattr(self.Constants, name.upper() if self.upper_case else name, default)

    @property
    def num_rounds(self) -> int:
        return int(self.constant("num_rounds", 1) or 1)

    @property
    def players_per_group(self) -> int | None:
        return self.constant("players_per_group")

    @property
    def name_in_url(self) -> str:
        return self.constant("name_in_url") or self.label

    @cached_property
    def role_names(self) -> list[str]:
        """oTree 5's roles: the values of the constants whose names end in `_ROLE`, in the
        order the class defines them (the first is id_in_group 1's role)."""
        names: list[str] = []
        for cls in reversed(type.mro(self.Constants)):
            for key, value in vars(cls).items():
                if key.endswith("_ROLE") and key.isupper() and value not in names:
                    names.append(value)
        return names

    def hook(self, name: str) -> Any:
        """A module-level hook (new_session, new_player) from models.py or pages.py (the
        package, in the one-file format)."""
        return getattr(self.models, name, None) or getattr(self.pages, name, None)

    def function(self, name: str) -> Any:
        """A module-level function of the one-file format (`creating_session`,
        `<field>_max`, `set_payoffs`, ...), or None. oTree 3 apps have none: functions of
        their modules are helpers, never hooks found by name."""
        found = getattr(self.models, name, None) if self.one_file else None
        return found if callable(found) and not isinstance(found, type) else None

    def call_model_hook(self, obj: Any, name: str, *args: Any) -> Any:
        """Run a hook of a Subsession, Group or Player: the model's own method when the app
        defines one (oTree 3), else a module-level function taking the object (one-file
        format), else the base's default method."""
        own = getattr(type(obj), name, None)
        if own is None or own is getattr(_base_of(obj), name, None):
            function = self.function(name)
            if function is not None:
                return function(obj, *args)
        return getattr(obj, name)(*args)

    def bot_class(self) -> Any:
        return self._bots().PlayerBot

    def bot_hook(self, name: str) -> Any:
        """A module-level function of the app's tests.py (call_live_method), or None."""
        return getattr(self._bots(), name, None)

    def _bots(self) -> ModuleType:
        return importlib.import_module(self.package + ".tests")


def _base_of(obj: Any) -> type:
    """The Quorum base (BaseSubsession, BaseGroup, BasePlayer) of an app's model object."""
    for cls in type(obj).__mro__:
        if cls.__module__ == "sessions_core.models":
            return cls
    return type(obj)


_apps: dict[str, ExperimentApp] = {}
_session_types: dict[str, SessionType] = {}


def load() -> None:
    """Find experiment apps and validate SESSION_TYPES (called from AppConfig.ready)."""
    _apps.clear()
    for config in apps.get_app_configs():
        models = config.models_module
        if isinstance(config, OneFileAppConfig) and models is not None:
            _apps[config.label] = ExperimentApp(label=config.label, models=models, one_file=True)
        elif models is not None and hasattr(models, "Constants") and hasattr(models, "Player"):
            _apps[config.label] = ExperimentApp(label=config.label, models=models)
    for app in _apps.values():
        _check_app(app)
    _session_types.clear()
    found = load_session_types(settings.SESSION_TYPES_MODULE, set(_apps))
    for st in found.values():
        problem = quorum_group_problem(st.min_participants, quorum_group_size(st.app_sequence),
                                       _grouping_apps(st.app_sequence))
        if problem:
            raise ImproperlyConfigured(f"{settings.SESSION_TYPES_MODULE}: SessionType "
                                       f"{st.name!r}: {problem}")
    _session_types.update(found)


def quorum_group_size(app_sequence: list[str]) -> int:
    """The group size a quorum must be a multiple of: the least common multiple of the apps'
    fixed group sizes (an app grouping everyone together, or by arrival time, adds none)."""
    size = 1
    for label in app_sequence:
        app = _apps[label]
        if app.players_per_group and not app.groups_by_arrival_time:
            size = math.lcm(size, app.players_per_group)
    return size


def _grouping_apps(app_sequence: list[str]) -> str:
    names = [label for label in app_sequence if _apps[label].players_per_group
             and not _apps[label].groups_by_arrival_time]
    return ("app " if len(names) == 1 else "apps ") + ", ".join(repr(n) for n in names)


def _check_app(app: ExperimentApp) -> None:
    where = f"experiment app {app.label!r}"
    source = "__init__.py" if app.one_file else "models.py"
    constants = "C" if app.upper_case else "Constants"
    if not hasattr(app.models, constants):
        raise ImproperlyConfigured(f"{where}: {source} defines no class "
                                   f"{'C' if app.one_file else 'Constants'}")
    for name in ("Subsession", "Group", "Player"):
        if not hasattr(app.models, name):
            raise ImproperlyConfigured(f"{where}: {source} defines no {name}")
    if not hasattr(app.pages, "page_sequence"):
        raise ImproperlyConfigured(
            f"{where}: {'__init__.py' if app.one_file else 'pages.py'} defines no page_sequence")
    ppg = app.players_per_group
    if ppg is not None and (not isinstance(ppg, int) or ppg < 1):
        raise ImproperlyConfigured(
            f"{where}: {constants}.{'PLAYERS_PER_GROUP' if app.upper_case else 'players_per_group'}"
            " must be None or >= 1")


def experiment_app(label: str) -> ExperimentApp:
    try:
        return _apps[label]
    except KeyError:
        raise LookupError(f"no experiment app {label!r}") from None


def experiment_apps() -> dict[str, ExperimentApp]:
    return dict(_apps)


def session_type(name: str) -> SessionType:
    try:
        return _session_types[name]
    except KeyError:
        known = ", ".join(sorted(_session_types)) or "none"
        raise LookupError(f"no SessionType {name!r} (known: {known})") from None


def session_types() -> list[SessionType]:
    return list(_session_types.values())

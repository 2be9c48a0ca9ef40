"""What is installed: experiment apps (by label) and SessionTypes (by name), loaded at start-up."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sessions_core.experimenter.session_types import SessionType, load_session_types
from sessions_core.experimenter.stages import with_stage_barriers


@dataclass
class ExperimentApp:
    label: str
    models: ModuleType

    @property
    def Constants(self) -> Any:  # noqa: N802  (oTree's name)
        return self.models.Constants

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
    def pages(self) -> ModuleType:
        return importlib.import_module(self.models.__name__.rsplit(".", 1)[0] + ".pages")

    @cached_property
    def page_sequence(self) -> list[Any]:
        # With the wait pages of group stages (start_together, end_together) in their places.
        return with_stage_barriers(self.pages.page_sequence)

    @property
    def groups_by_arrival_time(self) -> bool:
        """Whether a wait page of the app forms groups as participants arrive."""
        return any(getattr(page, "group_by_arrival_time", False) for page in self.page_sequence)

    @property
    def num_rounds(self) -> int:
        return int(getattr(self.Constants, "num_rounds", 1) or 1)

    @property
    def players_per_group(self) -> int | None:
        return getattr(self.Constants, "players_per_group", None)

    @property
    def name_in_url(self) -> str:
        return getattr(self.Constants, "name_in_url", self.label)

    def hook(self, name: str) -> Any:
        """A module-level hook (new_session, new_player) from models.py or pages.py."""
        return getattr(self.models, name, None) or getattr(self.pages, name, None)

    def bot_class(self) -> Any:
        return self._bots().PlayerBot

    def bot_hook(self, name: str) -> Any:
        """A module-level function of the app's tests.py (call_live_method), or None."""
        return getattr(self._bots(), name, None)

    def _bots(self) -> ModuleType:
        return importlib.import_module(self.models.__name__.rsplit(".", 1)[0] + ".tests")


_apps: dict[str, ExperimentApp] = {}
_session_types: dict[str, SessionType] = {}


def load() -> None:
    """Find experiment apps and validate SESSION_TYPES (called from AppConfig.ready)."""
    _apps.clear()
    for config in apps.get_app_configs():
        models = config.models_module
        if models is not None and hasattr(models, "Constants") and hasattr(models, "Player"):
            _apps[config.label] = ExperimentApp(label=config.label, models=models)
    for app in _apps.values():
        _check_app(app)
    _session_types.clear()
    _session_types.update(load_session_types(settings.SESSION_TYPES_MODULE, set(_apps)))


def _check_app(app: ExperimentApp) -> None:
    where = f"experiment app {app.label!r}"
    for name in ("Subsession", "Group", "Player"):
        if not hasattr(app.models, name):
            raise ImproperlyConfigured(f"{where}: models.py defines no {name}")
    if not hasattr(app.pages, "page_sequence"):
        raise ImproperlyConfigured(f"{where}: pages.py defines no page_sequence")
    ppg = app.players_per_group
    if ppg is not None and (not isinstance(ppg, int) or ppg < 1):
        raise ImproperlyConfigured(f"{where}: Constants.players_per_group must be None or >= 1")


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

"""Which folders are experiment apps, in which of the two formats, and how Django installs them.

- **oTree 3's format**: a folder with `models.py` (and `pages.py`, `tests.py`). Its
  INSTALLED_APPS entry is the package itself; Django imports `models.py` as the app's models.
- **oTree 5's one-file format**: a folder with `__init__.py` and no `models.py`; the package
  itself holds C, Subsession, Group, Player, the pages and page_sequence.

Django imports every INSTALLED_APPS module before it lets any model class be defined (its
registry refuses one then), so a one-file package cannot be its own entry: importing it would
define its models too early. Its entry names instead an AppConfig made here
(`sessions_core.experimenter.app_formats.OneFileApp__experiments__trust`, the package's dotted
name with `__` for each dot), whose module is the package's folder, found without importing it,
and whose `import_models` imports the package when Django imports the apps' models modules. The
app's label is the folder's name, as for oTree 3 apps; its models register under it.

This module imports nothing of Quorum: config/settings.py calls it before Django is set up.
"""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured

ENTRY_PREFIX = "OneFileApp__"


def experiment_packages(folder: Path, package: str) -> list[str]:
    """The dotted names of the experiment apps in `folder` (the package `package`), in either
    format: every sub-folder with a `models.py`, or with an `__init__.py` and no `models.py`.
    Folders whose names start with `_` or `.` (`_static`, `_templates`, `__pycache__`) are not
    apps."""
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not path.is_dir() or path.name.startswith(("_", ".")):
            continue
        if (path / "models.py").is_file() or (path / "__init__.py").is_file():
            found.append(f"{package}.{path.name}")
    return found


def is_one_file(package: str, folder: Path) -> bool:
    """Whether the app `package` (in `folder`, the folder of its parent package) is in oTree 5's
    one-file format."""
    app = folder / package.rsplit(".", 1)[-1]
    return not (app / "models.py").is_file() and (app / "__init__.py").is_file()


def installed_app(package: str, folder: Path) -> str:
    """The INSTALLED_APPS entry of the app `package` found in `folder`."""
    if not is_one_file(package, folder):
        return package
    parts = package.split(".")
    if any("__" in part for part in parts):
        raise ImproperlyConfigured(
            f"experiment app {package!r}: an app in the one-file format (no models.py) may not "
            "have '__' in its folder's name (nor its parent folders'); rename the folder")
    return f"{__name__}.{ENTRY_PREFIX}{'__'.join(parts)}"


class OneFileAppConfig(AppConfig):
    """The AppConfig of an app in oTree 5's one-file format (see the module's docstring).

    Django's AppConfig.create imports the class attribute `name` before it makes the config, so
    `name` is this module (importable at once); each config's own name is the app's package."""

    name = __name__
    package = ""

    def __init__(self, app_name: str, app_module: ModuleType | None) -> None:
        super().__init__(self.package, _folder_module(self.package))

    def import_models(self) -> None:
        # Django's phase of importing models: now the package's model classes may be defined,
        # and register under this app's label (the package is this config's name).
        assert self.apps is not None
        self.models = self.apps.all_models[self.label]
        self.module = self.models_module = importlib.import_module(self.name)


def _folder_module(package: str) -> ModuleType:
    """A stand-in for the package (its name and folder, for Django's AppConfig) until
    import_models imports the package itself."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured(f"experiment app {package!r}: no package folder found")
    folder = Path(list(spec.submodule_search_locations)[0])
    module = ModuleType(package)
    module.__path__ = [str(folder)]
    module.__file__ = str(folder / "__init__.py")
    return module


_configs: dict[str, type[OneFileAppConfig]] = {}


def __getattr__(name: str) -> Any:
    """`OneFileApp__experiments__trust`: the OneFileAppConfig of package experiments.trust
    (what installed_app names in INSTALLED_APPS), one class per name."""
    if not name.startswith(ENTRY_PREFIX) or name == ENTRY_PREFIX:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name not in _configs:
        package = name[len(ENTRY_PREFIX):].replace("__", ".")
        _configs[name] = type(name, (OneFileAppConfig,), {
            "package": package, "__module__": __name__, "__qualname__": name})
    return _configs[name]

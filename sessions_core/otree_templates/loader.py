"""Django template loaders that read oTree 5 templates (translate.py) beside Django ones.

- AppFolderLoader: "<app label>/<File>.html" from the app's own folder (experiments/trust/Send.html),
  where oTree 5 keeps its templates; every such file is oTree syntax. It comes after Django's
  loaders, so an app's templates/<label>/ folder (oTree 3, Django syntax) is found first.
- CachedLoader: Django's cached loader around them, which compiles what they read.
- FilesystemLoader, AppDirectoriesLoader: Django's, except that a file whose tags are written the
  oTree 5 way (`{{ block content }}`; see translate.uses_otree_tags) is translated, such as an
  imported project's _templates/global/Page.html. A Django template is read as it is.

A mistake in an oTree template raises TemplateSyntaxError naming the file and the line, whether
the translation finds it or Django's compiler does (the translation keeps the lines).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.template import Origin, Template, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loaders import app_directories, base, cached, filesystem
from django.utils._os import safe_join

from sessions_core.otree_templates.translate import OTreeTemplateError, translate, uses_otree_tags


def located(error: Exception, path: str) -> TemplateSyntaxError:
    """The error with the file and the line in its message (the line Django's token carries)."""
    if isinstance(error, OTreeTemplateError):
        return TemplateSyntaxError(f"{path}, line {error.line}: {error.message}")
    token = getattr(error, "token", None)
    line = getattr(token, "lineno", None)
    if line is None:
        line = getattr(error, "template_debug", {}).get("line")
    where = f"{path}, line {line}" if line is not None else path
    return TemplateSyntaxError(f"{where}: {error}")


def translated(source: str, origin: Origin) -> str:
    try:
        return translate(source, name=str(origin.template_name or ""))
    except OTreeTemplateError as error:
        raise located(error, str(origin.name)) from error


class _Compiling(base.Loader):
    """Django's Loader.get_template, with a syntax error of the compiled file located in it."""

    if TYPE_CHECKING:  # each loader reads its own way (Django's loaders, which come after)
        def get_contents(self, origin: Origin) -> str: ...

    def get_template(self, template_name: str, skip: list[Origin] | None = None) -> Template:
        tried: list[tuple[Origin, str]] = []
        for origin in self.get_template_sources(template_name):
            if skip is not None and origin in skip:
                tried.append((origin, "Skipped to avoid recursion"))
                continue
            try:
                contents = self.get_contents(origin)
            except TemplateDoesNotExist:
                tried.append((origin, "Source does not exist"))
                continue
            try:
                return Template(contents, origin, str(origin.template_name), self.engine)
            except TemplateSyntaxError as error:
                if str(error).startswith(str(origin.name)):
                    raise
                raise located(error, str(origin.name)) from error
        raise TemplateDoesNotExist(template_name, tried=tried)


class CachedLoader(cached.Loader, _Compiling):
    """Django's cached loader (it compiles what the loaders it wraps read), with the file and the
    line in the message of a syntax error: of any template, oTree syntax or Django's."""


class FilesystemLoader(_Compiling, filesystem.Loader):
    def get_contents(self, origin: Origin) -> str:
        source = super().get_contents(origin)
        return translated(source, origin) if uses_otree_tags(source) else source


class AppDirectoriesLoader(_Compiling, app_directories.Loader):
    def get_contents(self, origin: Origin) -> str:
        source = super().get_contents(origin)
        return translated(source, origin) if uses_otree_tags(source) else source


class AppFolderLoader(_Compiling, filesystem.Loader):
    """"trust/Send.html" → <the folder of the installed app labelled trust>/Send.html."""

    def get_dirs(self) -> list[str | Path]:
        """The folders the development server's autoreloader watches (every file in them, each
        second): the project's own apps, where templates are edited, not installed packages,
        also not those of a virtual environment kept inside the project (./.venv)."""
        project = Path(settings.BASE_DIR).resolve()
        environments = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
        folders = [Path(config.path) for config in apps.get_app_configs()]
        return [folder for folder in folders
                if folder.resolve().is_relative_to(project)
                and not any(folder.resolve().is_relative_to(env) for env in environments)]

    def get_template_sources(self, template_name: str) -> Iterator[Origin]:
        label, slash, rest = template_name.partition("/")
        if not slash or not rest or rest.endswith((".py", ".pyc")):
            return
        for config in apps.get_app_configs():
            if label not in (config.label, config.name.rsplit(".", 1)[-1]):
                continue
            try:
                name = safe_join(config.path, rest)
            except SuspiciousFileOperation:
                continue
            yield Origin(name=name, template_name=template_name, loader=self)

    def get_contents(self, origin: Origin) -> str:
        return translated(super().get_contents(origin), origin)

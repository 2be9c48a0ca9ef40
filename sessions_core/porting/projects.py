"""Importing a whole oTree project into a Quorum project (`manage.py import_otree`, whose old
name `import_otree3` still works). Each app may be in oTree 3's format (models.py, pages.py,
templates/<app>/) or in oTree 5's (one __init__.py, templates beside it); a project may mix them.

Where things go, in the Quorum project (`quorum_dir`):
- each app → experiments/<app>/ (import lines rewritten, `_builtin/` left out);
- the project's `_static/` → experiments/_static/ and `_templates/` → experiments/_templates/,
  which config/settings.py adds to STATICFILES_DIRS and (before Quorum's own) to the template
  DIRS when they exist, so `{% static 'global/style.css' %}` and the project's
  `global/Page.html` (extending "otree/Page.html") work;
- SESSION_CONFIGS → SessionTypes in experiments/imported_sessions.py, which
  experiments/sessions.py appends to its SESSION_TYPES; PARTICIPANT_FIELDS and SESSION_FIELDS →
  lists of the same names there, which experiments/sessions.py declares;
- ROOMS → room(...) entries in experiments/imported_rooms.py, which config/deployment.py adds to
  DEFAULT_ROOMS (created at the next migrate or server start), their label files copied to
  experiments/_rooms/.

Everything is planned first (the questions asked, the problems found) and written only after:
a dry run or a refusal changes nothing.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.template.utils import get_app_template_dirs

from sessions_core import api
from sessions_core.errors import InvalidRequest
from sessions_core.experimenter.session_types import SessionType
from sessions_core.porting.rooms_module import (
    ROOMS_FOLDER,
    ROOMS_MODULE_NAME,
    rooms_convert,
    rooms_module_merge,
)
from sessions_core.porting.session_configs import (
    SessionTypeSpec,
    declared_fields_convert,
    money_read,
    session_types_convert,
    settings_report,
)
from sessions_core.porting.session_types_module import (
    MODULE_NAME,
    session_types_module_merge,
    session_types_module_names,
)
from sessions_core.porting.settings_reader import ProjectSettings, settings_read
from sessions_core.porting.sources import (
    SKIPPED_FOLDERS,
    AppFormat,
    app_files_read,
    app_folder_format,
    template_problems,
)

API_NAMES = set(api.__all__)
# Module names in experiments/ that are not apps.
NOT_APP_NAMES = {"sessions", MODULE_NAME, ROOMS_MODULE_NAME}
# A project's template may take the place of Quorum's only for these, and only when it extends
# oTree's base (which Quorum provides as templates/otree/): anything else would break pages.
OVERRIDABLE_TEMPLATES = {"global/Page.html", "global/WaitPage.html"}
# Project-level folders that come along, under the same names in experiments/.
PROJECT_FOLDERS = ("_static", "_templates")
_QUIET_FILES = {"settings.py", "manage.py", "__init__.py", "Procfile", "requirements.txt",
                "requirements_base.txt", "runtime.txt", ".gitignore", "db.sqlite3"}


@dataclass
class OtreeProject:
    root: Path
    settings: ProjectSettings
    apps: dict[str, Path]  # every app folder, by name
    formats: dict[str, AppFormat]  # each app's format, by name


@dataclass
class ImportReport:
    dry_run: bool
    changes: list[str] = field(default_factory=list)  # what was (on a dry run: would be) done
    skipped: list[str] = field(default_factory=list)
    not_converted: list[str] = field(default_factory=list)
    environment: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    report: ImportReport
    writes: list[Callable[[], None]] = field(default_factory=list)
    available_apps: set[str] = field(default_factory=set)
    replaced_apps: set[str] = field(default_factory=set)
    session_types: list[str] = field(default_factory=list)  # the names written
    bundled_users: list[str] = field(default_factory=list)  # other SessionTypes of replaced apps
    rooms: list[str] = field(default_factory=list)  # the names written


Confirm = Callable[[str], bool]


def _refuse(question: str) -> bool:
    return False


def project_read(*, path: Path) -> OtreeProject:
    """The oTree project at path; InvalidRequest saying why when it is not one."""
    if not path.is_dir():
        raise InvalidRequest(f"{path} is not a folder")
    settings_file = path / "settings.py"
    if not settings_file.is_file():
        hint = " (it looks like a Quorum project)" if (path / "experiments").is_dir() else ""
        raise InvalidRequest(f"{path} is not an oTree project: it has no settings.py{hint}")
    try:
        settings = settings_read(source=settings_file.read_text(encoding="utf-8"),
                                 filename=str(settings_file))
    except (SyntaxError, UnicodeDecodeError, ValueError) as error:
        raise InvalidRequest(f"{settings_file} cannot be read: {error}") from None
    folders = [p for p in sorted(path.iterdir())
               if p.is_dir() and not p.name.startswith(("_", "."))]
    formats = {p.name: f for p in folders if (f := app_folder_format(p)) is not None}
    if not formats:
        raise InvalidRequest(f"{path} is not an oTree project: no folder is an app (a models.py "
                             "with class Constants, or an __init__.py with class C and "
                             "page_sequence)")
    return OtreeProject(root=path, settings=settings,
                        apps={name: path / name for name in formats}, formats=formats)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def project_import(*, source: Path, quorum_dir: Path, replace: bool = False,
                   dry_run: bool = False, confirm: Confirm = _refuse,
                   bundled_session_types: Sequence[SessionType] = ()) -> ImportReport:
    """Import the oTree project at source into the Quorum project at quorum_dir.

    An app or project file that would replace a different one already there is replaced when
    `replace`, else when confirm(question) says yes, else skipped (and reported). With
    `dry_run` nothing is asked and nothing is written."""
    project = project_read(path=source)
    experiments = quorum_dir / "experiments"
    if not (experiments / "sessions.py").is_file():
        raise InvalidRequest(f"{quorum_dir} is not a Quorum project: no experiments/sessions.py")
    plan = _Plan(report=ImportReport(dry_run=dry_run))

    def decide(question: str) -> bool:
        if replace:
            return True
        if dry_run:
            plan.report.changes.append(f"would ask: {question} (--replace answers yes)")
            return True
        return confirm(question)

    for name, folder in project.apps.items():
        _plan_app(plan, name, folder, project.formats[name], experiments, decide)
    for folder_name in PROJECT_FOLDERS:
        if (source / folder_name).is_dir():
            _plan_project_files(plan, source / folder_name, experiments / folder_name, quorum_dir,
                                set(project.apps), decide)
    _plan_session_types(plan, project, experiments, bundled_session_types)
    _plan_rooms(plan, project, experiments, decide)
    _report_rest(plan, project, experiments)
    if not dry_run:
        for write in plan.writes:
            write()
    return plan.report


# apps ------------------------------------------------------------------------------------------

def _plan_app(plan: _Plan, name: str, folder: Path, app_format: AppFormat, experiments: Path,
              decide: Callable[[str], bool]) -> None:
    report = plan.report
    refusal = _app_name_refusal(name)
    if refusal:
        report.skipped.append(f"app {name}: {refusal}")
        return
    files = app_files_read(folder=folder, label=name, api_names=API_NAMES, app_format=app_format)
    report.not_converted += files.problems
    report.skipped += files.skipped
    target = experiments / name
    if target.exists() and _folder_files(target) == files.files:
        report.changes.append(f"experiments/{name}/: unchanged")
        plan.available_apps.add(name)
        return
    if target.exists() and not decide(f"Replace the app in experiments/{name}/ with the "
                                      f"project's {name}?"):
        report.skipped.append(f"app {name}: experiments/{name}/ is already there and was not "
                              "replaced (run again with --replace to replace it)")
        return
    plan.available_apps.add(name)
    rewritten = ", ".join(f"{path.split('/', 1)[1]} line {', '.join(map(str, lines))}"
                          for path, lines in files.rewritten.items())
    verb = "replaced by" if target.exists() else "copied from"
    report.changes.append(f"experiments/{name}/: {verb} the project's {name}/ ({app_format} app, "
                          f"{len(files.files)} files; import lines rewritten: "
                          f"{rewritten or 'none'})")
    if target.exists():
        plan.replaced_apps.add(name)
    plan.writes.append(lambda: _write_folder(target, files.files))


def _app_name_refusal(name: str) -> str | None:
    if not name.isidentifier():
        return "the name is not a Python identifier, so it cannot be a Django app"
    taken = {c.label for c in django_apps.get_app_configs() if not c.name.startswith("experiments.")}
    if name in taken or name in NOT_APP_NAMES:
        return f"the name {name!r} is taken by Quorum or Django; rename the app and import again"
    return None


def _folder_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not SKIPPED_FOLDERS & set(p.relative_to(folder).parts)
            and p.suffix not in (".pyc", ".pyo")}


def _write_folder(target: Path, files: dict[str, bytes]) -> None:
    if target.exists():
        shutil.rmtree(target)
    _write_files(target, files)


def _write_files(target: Path, files: dict[str, bytes]) -> None:
    for relative, content in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


# _static and _templates ------------------------------------------------------------------------

def _plan_project_files(plan: _Plan, source: Path, target: Path, quorum_dir: Path,
                        app_names: set[str], decide: Callable[[str], bool]) -> None:
    report = plan.report
    where = f"experiments/{target.name}"
    new: dict[str, bytes] = {}
    differing: list[str] = []
    for relative, content in _folder_files(source).items():
        existing = target / relative
        if existing.is_file():
            if existing.read_bytes() != content:
                differing.append(relative)
                new[relative] = content
            continue
        hidden = _hidden_by_quorum(relative, content, source.name, quorum_dir, app_names)
        if hidden:
            report.skipped.append(f"{source.name}/{relative}: {hidden}")
            continue
        new[relative] = content
    if source.name == "_templates":
        for relative, content in new.items():
            if relative.endswith(".html"):
                report.not_converted += template_problems(source=content, name=f"_templates/{relative}")
    if differing and not decide(f"Replace {len(differing)} file(s) of an earlier import in "
                                f"{where}/ ({', '.join(differing)})?"):
        report.skipped += [f"{source.name}/{r}: {where}/{r} differs and was not replaced"
                           for r in differing]
        new = {r: c for r, c in new.items() if r not in differing}
    if new:
        report.changes.append(f"{where}/: {len(new)} file(s) from the project's {source.name}/ "
                              f"({', '.join(sorted(new)[:6])}{', ...' if len(new) > 6 else ''})")
        plan.writes.append(lambda: _write_files(target, new))


def _hidden_by_quorum(relative: str, content: bytes, folder: str, quorum_dir: Path,
                      app_names: set[str]) -> str | None:
    """Why a project file must not go in (it would hide Quorum's own file), or None."""
    if folder == "_static":
        if (quorum_dir / "static" / relative).is_file():
            return f"Quorum's static/{relative} has the same path and would be served instead"
        return None
    if relative.split("/")[0] in app_names:
        return None  # the project's own app templates: the project meant to override them
    own = _quorum_template(relative, quorum_dir)
    if own is None:
        return None
    if relative in OVERRIDABLE_TEMPLATES and b'extends "otree/' in content.replace(b"'", b'"'):
        return None
    return (f"it would take the place of {own} for every page; only global/Page.html and "
            "global/WaitPage.html that extend \"otree/...\" may")


def _quorum_template(name: str, quorum_dir: Path) -> str | None:
    experiments = (quorum_dir / "experiments").resolve()
    folders = [quorum_dir / "templates",
               *(d for d in get_app_template_dirs("templates")
                 if not Path(d).resolve().is_relative_to(experiments))]
    return next((str(Path(f) / name) for f in folders if (Path(f) / name).is_file()), None)


# SessionTypes ----------------------------------------------------------------------------------

def _plan_session_types(plan: _Plan, project: OtreeProject, experiments: Path,
                        bundled: Sequence[SessionType]) -> None:
    report = plan.report
    money = money_read(settings=project.settings)
    report.environment += money.environment
    report.not_converted += money.problems
    specs, problems = session_types_convert(settings=project.settings, money=money)
    report.not_converted += problems
    kept = [spec for spec in specs if _apps_available(plan, spec, project)]
    declared, problems = declared_fields_convert(settings=project.settings)
    report.not_converted += problems
    module = experiments / f"{MODULE_NAME}.py"
    existing = module.read_text(encoding="utf-8") if module.is_file() else None
    text = session_types_module_merge(existing=existing, specs=kept, declared=declared)
    for spec in kept:
        report.changes.append(f"SessionType {spec.name}: apps {', '.join(spec.app_sequence)}; "
                              + "; ".join(spec.notes))
    for list_name, names in declared.items():
        if names:
            report.changes.append(f"{list_name}: {', '.join(names)} (declared in "
                                  f"experiments/{MODULE_NAME}.py)")
    if text != existing:
        report.changes.append(f"experiments/{MODULE_NAME}.py: "
                              f"{'updated' if existing is not None else 'written'}")
        plan.writes.append(lambda: _write_files(module.parent, {module.name: text.encode()}))
    earlier = session_types_module_names(source=existing) if existing else set()
    bundled = [st for st in bundled if st.name not in earlier]
    bundled_names = {st.name for st in bundled}
    for spec in kept:
        if spec.name in bundled_names:
            report.changes.append(f"SessionType {spec.name}: takes the place of the bundled one "
                                  "of the same name")
    plan.session_types = [spec.name for spec in kept]
    plan.bundled_users = sorted(st.name for st in bundled if st.name not in set(plan.session_types)
                                and plan.replaced_apps & set(st.app_sequence))


def _apps_available(plan: _Plan, spec: SessionTypeSpec, project: OtreeProject) -> bool:
    for app in spec.app_sequence:
        if app not in project.apps:
            plan.report.not_converted.append(f"session config {spec.name!r}: app {app!r} is not "
                                             "in the project; not converted")
            return False
        if app not in plan.available_apps:
            plan.report.skipped.append(f"SessionType {spec.name}: its app {app} was not imported")
            return False
    return True


# ROOMS -----------------------------------------------------------------------------------------

def _plan_rooms(plan: _Plan, project: OtreeProject, experiments: Path,
                decide: Callable[[str], bool]) -> None:
    report = plan.report
    rooms, label_files, problems = rooms_convert(settings=project.settings, project=project.root)
    report.not_converted += problems
    folder = experiments / ROOMS_FOLDER
    differing = sorted(name for name, content in label_files.items()
                       if (folder / name).is_file() and (folder / name).read_bytes() != content)
    if differing and not decide(f"Replace {len(differing)} label file(s) of an earlier import in "
                                f"experiments/{ROOMS_FOLDER}/ ({', '.join(differing)})?"):
        kept = [room for room in rooms if room.labels_file not in differing]
        report.skipped += [f"room {room.name}: experiments/{ROOMS_FOLDER}/{room.labels_file} "
                           "differs and was not replaced, so the room was not written"
                           for room in rooms if room not in kept]
        rooms = kept
        label_files = {n: c for n, c in label_files.items() if n not in differing}
    if not rooms:
        return
    if label_files:
        plan.writes.append(lambda: _write_files(experiments / ROOMS_FOLDER, label_files))
    module = experiments / f"{ROOMS_MODULE_NAME}.py"
    existing = module.read_text(encoding="utf-8") if module.is_file() else None
    text = rooms_module_merge(existing=existing, rooms=rooms)
    for room in rooms:
        labels = f"labels from experiments/{ROOMS_FOLDER}/{room.labels_file}" \
            if room.labels_file else "no labels"
        report.changes.append(f"room {room.name}: {labels}; created by the next `manage.py "
                              "migrate` (or `manage.py load_rooms`) unless a room of that name "
                              "exists")
    if text != existing:
        report.changes.append(f"experiments/{ROOMS_MODULE_NAME}.py: "
                              f"{'updated' if existing is not None else 'written'}")
        plan.writes.append(lambda: _write_files(module.parent, {module.name: text.encode()}))
    plan.rooms = [room.name for room in rooms]


# the rest of the project -----------------------------------------------------------------------

def _report_rest(plan: _Plan, project: OtreeProject, experiments: Path) -> None:
    report = plan.report
    report.not_converted += settings_report(settings=project.settings, project=project.root,
                                            app_names=set(project.apps))
    report.not_converted += [f"settings.py {problem}" for problem in project.settings.problems]
    report.not_converted += _other_files(project)
    report.next_steps += _next_steps(plan, experiments)


def _next_steps(plan: _Plan, experiments: Path) -> list[str]:
    steps = []
    if MODULE_NAME not in _text(experiments / "sessions.py"):
        steps.append("experiments/sessions.py does not include the imported SessionTypes: add at "
                     "its end\n      from experiments import imported_sessions\n"
                     "      SESSION_TYPES += imported_sessions.SESSION_TYPES")
    if plan.report.environment:
        steps.append("set the environment lines above, for every server process and command")
    if plan.replaced_apps:
        steps.append(f"replaced apps ({', '.join(sorted(plan.replaced_apps))}): if their tables "
                     "exist, drop them (or delete db.sqlite3 in development): the next step does "
                     "not alter existing tables")
    steps.append("manage.py migrate --run-syncdb: create the new apps' tables"
                 + (" and the rooms" if plan.rooms else ""))
    steps += [f"manage.py bots {name}" for name in plan.session_types]
    if plan.rooms:
        steps.append(f"rooms ({', '.join(plan.rooms)}): choose the SessionType each one runs (its "
                     "config) in the admin, Rooms, or in experiments/"
                     f"{ROOMS_MODULE_NAME}.py, then open it")
    if plan.bundled_users:
        steps.append(f"SessionTypes of experiments/sessions.py that use a replaced app "
                     f"({', '.join(plan.bundled_users)}): check them with manage.py bots, or "
                     "remove them")
    return steps


def _other_files(project: OtreeProject) -> list[str]:
    lines: list[str] = []
    root = project.root
    requirements = root / "requirements.txt"
    if requirements.is_file():
        extra = [line.strip() for line in _text(requirements).splitlines()
                 if line.strip() and not line.lstrip().startswith(("#", "-"))
                 and not line.strip().lower().startswith("otree")]
        if extra:
            lines.append(f"requirements.txt: install by hand what the apps need: {', '.join(extra)}")
    if (root / "Procfile").is_file():
        lines.append("Procfile: not used; docs/operations.md lists Quorum's processes")
    for path in sorted(root.iterdir()):
        if path.name in project.apps or path.name in PROJECT_FOLDERS or path.name in _QUIET_FILES \
                or path.name.startswith((".", "__")) or path.suffix in (".sqlite3", ".md", ".txt"):
            continue
        if path.is_dir() and path.name != ROOMS_FOLDER:
            lines.append(f"{path.name}/: not an oTree app (no models.py with Constants, no "
                         "__init__.py with class C and page_sequence); not copied")
        elif path.suffix == ".py":
            lines.append(f"{path.name}: a project-level module, not copied; apps that import it "
                         "need it copied by hand")
    return lines

"""An oTree 3 app's files as Quorum takes them: the two documented import lines rewritten, every
other byte as it was, and what cannot run on Quorum found and named with its file and line."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from django.template import TemplateSyntaxError, engines

from sessions_core.otree_templates.translate import OTreeTemplateError, translate, uses_otree_tags

# oTree's generated `_builtin` module is replaced by the rewritten import; caches are not code.
SKIPPED_FOLDERS = {"_builtin", "__pycache__", ".git", ".idea", ".vscode"}
SKIPPED_SUFFIXES = {".pyc", ".pyo"}
QUORUM_IMPORT = "from sessions_core.api import"
_REWRITTEN = re.compile(r"from\s+(?:otree\s*\.\s*api|\.\s*_builtin)\s+import\b")
# session.config['participation_fee'], .get('participation_fee'), {{ session.config.participation_fee }}
_FEE_KEY = re.compile(r"""config\s*(?:\[\s*['"]participation_fee['"]|\.get\(\s*['"]participation_fee['"]"""
                      r"""|\.participation_fee\b)""")


AppFormat = Literal["oTree 3", "oTree 5"]
OTREE3: AppFormat = "oTree 3"
OTREE5: AppFormat = "oTree 5"


@dataclass
class AppFiles:
    files: dict[str, bytes] = field(default_factory=dict)  # relative path → content for Quorum
    rewritten: dict[str, list[int]] = field(default_factory=dict)  # file → rewritten lines
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def app_folder_format(folder: Path) -> AppFormat | None:
    """The format of the oTree app in folder, or None when it is not one: OTREE3, a models.py
    defining class Constants; OTREE5, no models.py and an __init__.py defining class C and
    page_sequence (oTree's format since version 5)."""
    models = folder / "models.py"
    if models.is_file():
        return OTREE3 if "Constants" in _top_level_names(models) else None
    init = folder / "__init__.py"
    if init.is_file() and {"C", "page_sequence"} <= _top_level_names(init):
        return OTREE5
    return None


def app_folder_is_otree3(folder: Path) -> bool:
    return app_folder_format(folder) == OTREE3


def _top_level_names(path: Path) -> set[str]:
    """The classes and names a module defines at its top level (none if it is not Python)."""
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def app_files_read(*, folder: Path, label: str, api_names: set[str],
                   app_format: AppFormat = OTREE3) -> AppFiles:
    """Every file of the app as it goes into experiments/<app>/; label prefixes messages.
    Templates are checked where the format keeps them: an oTree 3 app's templates/ folder, an
    oTree 5 app's own folder (outside static/)."""
    result = AppFiles()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        parts = path.relative_to(folder).parts
        skipped_folder = next((p for p in parts[:-1] if p in SKIPPED_FOLDERS), None)
        if path.is_dir():
            if path.name == "_builtin" and len(parts) == 1:
                result.skipped.append(f"{label}/_builtin/ (oTree's generated module; the imports "
                                      "of it now come from sessions_core.api)")
            continue
        if skipped_folder or path.suffix in SKIPPED_SUFFIXES:
            continue
        content = path.read_bytes()
        if path.suffix == ".py":
            content = _python_file(content, f"{label}/{relative}", result, api_names)
        elif path.suffix == ".html" and _is_template(parts, app_format):
            result.problems += template_problems(source=content, name=f"{label}/{relative}",
                                                 otree_syntax=app_format == OTREE5)
        result.files[relative] = content
    result.files.setdefault("__init__.py", b"")
    return result


def _is_template(parts: tuple[str, ...], app_format: AppFormat) -> bool:
    if app_format == OTREE3:
        return "templates" in parts[:-1]
    return "static" not in parts[:-1]


def _python_file(content: bytes, name: str, result: AppFiles, api_names: set[str]) -> bytes:
    try:
        source = content.decode("utf-8")
    except UnicodeDecodeError:
        result.problems.append(f"{name}: not UTF-8 text; copied unchanged")
        return content
    new_source, lines, problems = imports_rewrite(source=source, name=name, api_names=api_names)
    result.problems += problems
    result.problems += [f"{name} line {n}: reads the session config's participation_fee, which "
                        "Quorum stores as fixed_pay (minor units); use "
                        "participant.payoff_plus_participation_fee() or session.config['fixed_pay']"
                        for n in _fee_lines(source)]
    result.problems += [f"{name} line {n}: {what}" for n, what in _unsupported_lines(source)]
    if lines:
        result.rewritten[name] = lines
    return new_source.encode("utf-8")


def imports_rewrite(*, source: str, name: str, api_names: set[str]) -> tuple[str, list[int], list[str]]:
    """`from otree.api import` and `from ._builtin import` become `from sessions_core.api
    import`; every other byte stays. Returns (new source, rewritten lines, problems)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return source, [], [f"{name} line {error.lineno}: not valid Python ({error.msg}); "
                            "copied unchanged"]
    lines = source.splitlines(keepends=True)
    rewritten: list[int] = []
    problems: list[str] = []
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in sorted(imports, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        statement = ast.get_source_segment(source, node) or ""
        where = f"{name} line {node.lineno}"
        if isinstance(node, ast.ImportFrom) and _is_rewritten(node):
            line = lines[node.lineno - 1]
            start = len(line.encode()[:node.col_offset].decode())
            match = _REWRITTEN.match(line, start)
            if match is None:
                problems.append(f"{where}: `{statement}` is split in a way that is not rewritten; "
                                f"write `{QUORUM_IMPORT} ...` by hand")
                continue
            lines[node.lineno - 1] = line[:start] + QUORUM_IMPORT + line[match.end():]
            rewritten.append(node.lineno)
            missing = [a.name for a in node.names if a.name != "*" and a.name not in api_names]
            if missing:
                problems.append(f"{where}: sessions_core.api has no {', '.join(missing)}")
        elif _is_otree(node):
            problems.append(f"{where}: `{statement}` has no Quorum equivalent (only `from "
                            "otree.api import` and `from ._builtin import` map to sessions_core.api)")
    return "".join(lines), sorted(rewritten), sorted(problems, key=_line_order)


def _is_rewritten(node: ast.ImportFrom) -> bool:
    return (node.level == 0 and node.module == "otree.api") or \
        (node.level == 1 and node.module == "_builtin")


def _is_otree(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.Import):
        return any(a.name.split(".")[0].startswith("otree") for a in node.names)
    if node.level == 0:
        return (node.module or "").split(".")[0].startswith("otree")
    return node.module is None and any(a.name == "_builtin" for a in node.names)


def _line_order(problem: str) -> int:
    found = re.search(r" line (\d+):", problem)
    return int(found.group(1)) if found else 0


# oTree features a page or module may use that Quorum does not have, and what to do instead.
_UNSUPPORTED = [
    (re.compile(r"^\s*def custom_export\s*\("),
     "custom_export is not called by Quorum; its data export has every field, ExtraModel tables "
     "included (docs/data.md)"),
    (re.compile(r"^\s*timer_text\s*="),
     "timer_text is not shown: Quorum's countdown has its own text"),
]


def _unsupported_lines(source: str) -> list[tuple[int, str]]:
    return [(n, what) for n, line in enumerate(source.splitlines(), start=1)
            for pattern, what in _UNSUPPORTED if pattern.search(line)]


def _fee_lines(source: str) -> list[int]:
    return [n for n, line in enumerate(source.splitlines(), start=1) if _FEE_KEY.search(line)]


def template_problems(*, source: bytes, name: str, otree_syntax: bool = False) -> list[str]:
    """What stops a template from compiling on Quorum (an unknown tag, a tag library Quorum has
    not; `{% chat %}` is Quorum's since issue 9), and oTree-only config keys it reads. A template
    in oTree 5's syntax (`otree_syntax`: a file of an oTree 5 app's folder, or one whose tags show
    it, sessions_core/otree_templates/) is checked as Quorum reads it: translated, then compiled."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{name}: not UTF-8 text"]
    problems = [f"{name} line {n}: reads session.config.participation_fee, which Quorum stores as "
                "fixed_pay (minor units); use participant.payoff_plus_participation_fee"
                for n in _fee_lines(text)]
    translated = otree_syntax or uses_otree_tags(text)
    if translated:
        try:
            text = translate(text, name=name)
        except OTreeTemplateError as error:
            return [f"{name} line {error.line}: {error.message}", *problems]
    try:
        engines["django"].from_string(text)
    except TemplateSyntaxError as error:
        # The translation keeps the lines: the line of Django's token is the file's.
        line = getattr(getattr(error, "token", None), "lineno", None) if translated else None
        problems.insert(0, f"{name}{f' line {line}' if line else ''}: {error}")
    return problems

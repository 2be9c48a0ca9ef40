"""experiments/imported_sessions.py: the SessionTypes `import_otree` writes, and the project's
PARTICIPANT_FIELDS and SESSION_FIELDS (which experiments/sessions.py declares).

The module is Python a person may edit. A new import rewrites only the `SessionType(...)` entries
whose names it imports (in place, or at the end for new names), adds the field names the module
does not list yet, and keeps every other entry and every other line of the file as it is, so
importing a project twice updates it, never duplicates.
"""
from __future__ import annotations

import ast
import keyword
from decimal import Decimal
from typing import Any

from sessions_core.errors import InvalidRequest
from sessions_core.porting.session_configs import SessionTypeSpec

MODULE_NAME = "imported_sessions"
EMPTY_MODULE = '''"""SessionTypes imported from oTree projects by `manage.py import_otree`.

experiments/sessions.py adds them to its SESSION_TYPES; one here replaces a bundled SessionType of
the same name. It also declares PARTICIPANT_FIELDS and SESSION_FIELDS (participant.<name>,
session.<name>). Importing a project again rewrites the entries of the names it imports, adds
new field names and keeps the rest. Edit freely: fixed_pay is in minor units (1000 = 10.00).
"""
from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES: list[SessionType] = [
]

PARTICIPANT_FIELDS: list[str] = []
SESSION_FIELDS: list[str] = []
'''
DECLARED_LISTS = ("PARTICIPANT_FIELDS", "SESSION_FIELDS")
_IMPORTS = {"Decimal": "from decimal import Decimal\n\n",
            "SessionType": "from sessions_core.experimenter.session_types import SessionType\n"}


def session_type_source(spec: SessionTypeSpec, indent: str = "    ") -> str:
    """`SessionType(...)`, one keyword per line, as it appears in the module's list."""
    lines = ["SessionType("]
    extra: dict[str, Any] = {}
    for key, value in spec.arguments.items():
        if key.isidentifier() and not keyword.iskeyword(key):
            lines.append(f"{indent}    {key}={_literal(value)},")
        else:
            extra[key] = value  # a config key that is no Python name
    if extra:
        lines.append(f"{indent}    **{_literal(extra)},")
    lines.append(f"{indent})")
    return "\n".join(lines)


def _literal(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"Decimal({str(value)!r})"
    return repr(value)


def session_types_module_merge(*, existing: str | None, specs: list[SessionTypeSpec],
                               declared: dict[str, list[str]] | None = None) -> str:
    """The module's new text: `existing` (None: no file yet) with the specs written in, and the
    declared field names (by list name) added to their lists."""
    source = EMPTY_MODULE if existing is None else existing
    merged = list_module_merge(
        source=source, list_name="SESSION_TYPES",
        entries={spec.name: session_type_source(spec) for spec in specs},
        module=f"experiments/{MODULE_NAME}.py")
    for list_name, names in (declared or {}).items():
        merged = _names_merge(merged, list_name, names)
    return _with_imports(merged, ast.parse(merged))


def list_module_merge(*, source: str, list_name: str, entries: dict[str, str], module: str) -> str:
    """source with the entries (by their name= keyword) written into its top-level list
    `list_name`: an entry of the same name is replaced in place, new ones go at the end, every
    other entry and line stays."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise InvalidRequest(f"{module} is not valid Python (line {error.lineno}: {error.msg}); "
                             "fix it before importing") from None
    target = _top_level_list(tree, list_name)
    if target is None:
        raise InvalidRequest(f"{module} has no `{list_name} = [...]` list; fix it (or delete the "
                             "file) before importing")
    new = {name: "    " + text for name, text in entries.items()}
    written = set(new)
    kept: list[str] = []
    for element in target.elts:
        name = _entry_name(element)
        if name in new:
            kept.append(new.pop(name))
        elif name not in written:  # another entry (a second one of a written name goes)
            kept.append("    " + (ast.get_source_segment(source, element) or ""))
    kept += new.values()
    body = "[\n" + "".join(f"{entry},\n" for entry in kept) + "]"
    return _splice(source, target, body)


def _names_merge(source: str, list_name: str, names: list[str]) -> str:
    """source whose list `list_name` of strings also holds names (appended, in order); the
    list is added at the end of the module if it has none."""
    tree = ast.parse(source)
    target = _top_level_list(tree, list_name)
    if target is None:
        if not names:
            return source
        return source.rstrip("\n") + f"\n\n{list_name}: list[str] = {names!r}\n"
    have = [e.value for e in target.elts if isinstance(e, ast.Constant)]
    added = [name for name in names if name not in have]
    if not added:
        return source
    items = [ast.get_source_segment(source, e) or "" for e in target.elts] + [repr(n) for n in added]
    return _splice(source, target, "[" + ", ".join(items) + "]")


def session_types_module_names(*, source: str) -> set[str]:
    """The names of the SessionTypes the module already has (none if it cannot be read)."""
    try:
        target = _top_level_list(ast.parse(source), "SESSION_TYPES")
    except SyntaxError:
        return set()
    return {name for e in (target.elts if target else []) if (name := _entry_name(e))}


def _top_level_list(tree: ast.Module, list_name: str) -> ast.List | None:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        if any(isinstance(t, ast.Name) and t.id == list_name for t in targets) \
                and isinstance(value, ast.List):
            return value
    return None


def _entry_name(element: ast.expr) -> str | None:
    if isinstance(element, ast.Call):
        for kw in element.keywords:
            if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                return kw.value.value
    return None


def _splice(source: str, node: ast.expr, text: str) -> str:
    """source with node's span replaced by text (ast positions: lines from 1, columns in bytes)."""
    lines = source.splitlines(keepends=True)
    assert node.end_lineno is not None and node.end_col_offset is not None
    start = _offset(lines, node.lineno, node.col_offset)
    end = _offset(lines, node.end_lineno, node.end_col_offset)
    return source[:start] + text + source[end:]


def _offset(lines: list[str], lineno: int, col_offset: int) -> int:
    before = sum(len(line) for line in lines[:lineno - 1])
    return before + len(lines[lineno - 1].encode()[:col_offset].decode())


def _with_imports(source: str, tree: ast.Module) -> str:
    """Add the imports the written entries need if a person removed them."""
    imported = {alias.asname or alias.name for node in tree.body
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    missing = "".join(line for name, line in _IMPORTS.items()
                      if name not in imported and f"{name}(" in source)
    if not missing:
        return source
    docstring_end = 0
    if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant):
        end = tree.body[0].end_lineno or 0
        docstring_end = sum(len(line) for line in source.splitlines(keepends=True)[:end])
    return source[:docstring_end] + missing + source[docstring_end:]

"""experiments/imported_sessions.py: the SessionTypes `import_otree3` writes.

The module is Python a person may edit. A new import rewrites only the `SessionType(...)` entries
whose names it imports (in place, or at the end for new names) and keeps every other entry and
every other line of the file as it is, so importing a project twice updates it, never duplicates.
"""
from __future__ import annotations

import ast
import keyword
from decimal import Decimal
from typing import Any

from sessions_core.errors import InvalidRequest
from sessions_core.porting.session_configs import SessionTypeSpec

MODULE_NAME = "imported_sessions"
EMPTY_MODULE = '''"""SessionTypes imported from oTree 3 projects by `manage.py import_otree3`.

experiments/sessions.py adds them to its SESSION_TYPES; one here replaces a bundled SessionType of
the same name. Importing a project again rewrites the entries of the names it imports and keeps
the others. Edit freely: fixed_pay is in minor units (1000 = 10.00).
"""
from sessions_core.experimenter.session_types import SessionType

SESSION_TYPES: list[SessionType] = [
]
'''
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


def session_types_module_merge(*, existing: str | None, specs: list[SessionTypeSpec]) -> str:
    """The module's new text: `existing` (None: no file yet) with the specs written in."""
    source = EMPTY_MODULE if existing is None else existing
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise InvalidRequest(f"experiments/{MODULE_NAME}.py is not valid Python (line "
                             f"{error.lineno}: {error.msg}); fix it before importing") from None
    target = _session_types_list(tree)
    if target is None:
        raise InvalidRequest(f"experiments/{MODULE_NAME}.py has no `SESSION_TYPES = [...]` list; "
                             "fix it (or delete the file) before importing")
    new = {spec.name: "    " + session_type_source(spec) for spec in specs}
    written = set(new)
    entries: list[str] = []
    for element in target.elts:
        name = _entry_name(element)
        if name in new:
            entries.append(new.pop(name))
        elif name not in written:  # another entry (a second one of a written name goes)
            entries.append("    " + (ast.get_source_segment(source, element) or ""))
    entries += new.values()
    body = "[\n" + "".join(f"{entry},\n" for entry in entries) + "]"
    merged = _splice(source, target, body)
    return _with_imports(merged, tree)


def session_types_module_names(*, source: str) -> set[str]:
    """The names of the SessionTypes the module already has (none if it cannot be read)."""
    try:
        target = _session_types_list(ast.parse(source))
    except SyntaxError:
        return set()
    return {name for e in (target.elts if target else []) if (name := _entry_name(e))}


def _session_types_list(tree: ast.Module) -> ast.List | None:
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        if any(isinstance(t, ast.Name) and t.id == "SESSION_TYPES" for t in targets) \
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

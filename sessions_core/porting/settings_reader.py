"""Reading an oTree 3 settings.py without running it.

Running a project's settings.py would import oTree, read the environment and do whatever else the
file does. Its top-level statements are evaluated over `ast` instead, for the constructs oTree
projects use: literals, `dict(...)`/`list(...)` calls, `**` unpacking, names bound earlier,
arithmetic and `+` on lists, `.update()`/`.append()`/`.extend()` on a known value. Anything else
(the environment, conditionals, function calls) gives an `Unknown` that says why and on which
line, so that the importer reports it instead of guessing.
"""
from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value settings.py computes in a way that cannot be read without running it."""

    reason: str
    line: int

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ProjectSettings:
    values: dict[str, Any] = field(default_factory=dict)  # a value, or an Unknown
    lines: dict[str, int] = field(default_factory=dict)  # where each name was last bound
    problems: list[str] = field(default_factory=list)  # statements that were not evaluated
    used: set[str] = field(default_factory=set)  # names read by later statements (helpers)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


class _Environ:
    """`os.environ` / `from os import environ`: reading it is reported, never done."""


class _Getenv:
    """`os.getenv` / `from os import getenv`."""


class _OsModule:
    """`import os`."""


_BUILTINS = {"dict", "list", "tuple", "str", "int", "float", "bool"}
_OPERATORS: dict[type[ast.AST], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow, ast.BitOr: operator.or_,
}
_IN_PLACE: dict[type[ast.AST], Callable[[Any, Any], Any]] = {
    ast.Add: operator.iadd, ast.Sub: operator.isub, ast.Mult: operator.imul,
    ast.Div: operator.itruediv, ast.FloorDiv: operator.ifloordiv, ast.Mod: operator.imod,
    ast.Pow: operator.ipow, ast.BitOr: operator.ior,
}
_COMPARE: dict[type[ast.AST], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_MUTATORS = {"update", "append", "extend", "insert", "pop", "remove", "clear", "setdefault"}
_EXPRESSION_NAMES = {
    "ListComp": "a list comprehension", "DictComp": "a dict comprehension",
    "SetComp": "a set comprehension", "GeneratorExp": "a generator expression",
    "Lambda": "a lambda", "JoinedStr": "an f-string", "NamedExpr": "an assignment expression",
}
_BIGGEST = 10_000  # bounds `"x" * n` and `2 ** n`: settings never need more


def settings_read(*, source: str, filename: str = "settings.py") -> ProjectSettings:
    """Evaluate settings.py's top level statically; SyntaxError if it is not Python."""
    tree = ast.parse(source, filename=filename)
    reader = _Reader()
    for statement in tree.body:
        reader.statement(statement)
    return reader.settings


class _Reader:
    def __init__(self) -> None:
        self.settings = ProjectSettings()

    # statements -----------------------------------------------------------------------------

    def statement(self, node: ast.stmt) -> None:
        handler = getattr(self, f"_{type(node).__name__.lower()}", None)
        if handler is not None:
            handler(node)
            return
        kind = _statement_kind(node)
        assigned = sorted(_names_assigned(node))
        also = f" (it assigns {', '.join(assigned)})" if assigned else ""
        self.settings.problems.append(f"line {node.lineno}: {kind} not evaluated{also}")
        for name in assigned:
            self.bind(name, Unknown(f"assigned inside the {kind} at line {node.lineno}", node.lineno),
                      node.lineno)

    def bind(self, name: str, value: Any, line: int) -> None:
        self.settings.values[name] = value
        self.settings.lines[name] = line

    def _pass(self, node: ast.Pass) -> None:
        pass

    def _assign(self, node: ast.Assign) -> None:
        value = self.value(node.value)
        for target in node.targets:
            self.assign(target, value, node.lineno)

    def _annassign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.assign(node.target, self.value(node.value), node.lineno)

    def _augassign(self, node: ast.AugAssign) -> None:
        if not isinstance(node.target, ast.Name) or type(node.op) not in _IN_PLACE:
            self.settings.problems.append(f"line {node.lineno}: `{ast.unparse(node)}` not evaluated")
            return
        before = self.name(node.target.id, node.lineno)
        value = self.value(node.value)
        self.bind(node.target.id, _apply(_IN_PLACE[type(node.op)], before, value, node.lineno),
                  node.lineno)

    def _delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.settings.values.pop(target.id, None)

    def _import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname is None:
                top = alias.name.split(".")[0]
                self.bind(top, _OsModule() if top == "os" else
                          Unknown(f"the module {top}", node.lineno), node.lineno)
            else:
                self.bind(alias.asname, _OsModule() if alias.name == "os" else
                          Unknown(f"the module {alias.name}", node.lineno), node.lineno)

    def _importfrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self.settings.problems.append(
                    f"line {node.lineno}: `from {module} import *` not evaluated (it may change "
                    "any setting)")
                continue
            value: Any = Unknown(f"{alias.name} imported from {module}", node.lineno)
            if module == "os" and alias.name == "environ":
                value = _Environ()
            elif module == "os" and alias.name == "getenv":
                value = _Getenv()
            self.bind(alias.asname or alias.name, value, node.lineno)

    def _expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant):  # a docstring or a stray literal
            return
        call = node.value
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name) and call.func.attr in _MUTATORS):
            self.mutate(call.func.value.id, call, node.lineno)
            return
        self.settings.problems.append(f"line {node.lineno}: `{ast.unparse(node)}` not evaluated")

    def mutate(self, name: str, call: ast.Call, line: int) -> None:
        """`NAME.update(...)`, `NAME.append(...)`, ...: done on the known value, as Python would.
        An unknown argument stays an unknown item (one config key, one list entry)."""
        assert isinstance(call.func, ast.Attribute)
        target = self.name(name, line)
        args = [self.value(arg) for arg in call.args]
        kwargs: dict[str, Any] = {}
        for keyword in call.keywords:
            value = self.value(keyword.value)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif isinstance(value, dict):
                kwargs.update(value)
            else:
                target = value if isinstance(value, Unknown) else Unknown(
                    f"`**{ast.unparse(keyword.value)}` is not a dict", line)
        problem = target if isinstance(target, Unknown) else None
        if problem is None:
            try:
                getattr(target, call.func.attr)(*args, **kwargs)
                return
            except (AttributeError, TypeError, ValueError, KeyError, IndexError) as error:
                problem = Unknown(f"`{ast.unparse(call)}` fails: {error}", line)
        self.settings.problems.append(f"line {line}: `{ast.unparse(call)}` not evaluated ({problem})")
        self.bind(name, Unknown(f"changed by `{ast.unparse(call)}` ({problem})", line), line)

    def assign(self, target: ast.expr, value: Any, line: int) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, value, line)
        elif isinstance(target, (ast.Tuple, ast.List)) and all(
                isinstance(t, ast.Name) for t in target.elts):
            names = [t.id for t in target.elts if isinstance(t, ast.Name)]
            if isinstance(value, (list, tuple)) and len(value) == len(names):
                for name, item in zip(names, value, strict=True):
                    self.bind(name, item, line)
            else:
                for name in names:
                    self.bind(name, value if isinstance(value, Unknown) else
                              Unknown(f"unpacking at line {line} not evaluated", line), line)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            self.assign_item(target, value, line)
        else:
            self.settings.problems.append(
                f"line {line}: assignment to `{ast.unparse(target)}` not evaluated")

    def assign_item(self, target: ast.Subscript, value: Any, line: int) -> None:
        assert isinstance(target.value, ast.Name)
        container = self.name(target.value.id, line)
        key = self.value(target.slice)
        if _first_unknown([container, key]) is None:
            try:
                container[key] = value
                return
            except (TypeError, IndexError, KeyError):
                pass
        self.settings.problems.append(f"line {line}: assignment to `{ast.unparse(target)}` not evaluated")
        self.bind(target.value.id, Unknown(f"changed by `{ast.unparse(target)} = ...`", line), line)

    # expressions ----------------------------------------------------------------------------

    def name(self, name: str, line: int) -> Any:
        if name in self.settings.values:
            return self.settings.values[name]
        return Unknown(f"{name} is not defined before this line", line)

    def value(self, node: ast.expr) -> Any:
        handler = getattr(self, f"_value_{type(node).__name__.lower()}", None)
        if handler is None:
            what = _EXPRESSION_NAMES.get(type(node).__name__, f"`{ast.unparse(node)}`")
            return Unknown(f"{what} is not evaluated", node.lineno)
        return handler(node)

    def _value_constant(self, node: ast.Constant) -> Any:
        return node.value

    def _value_name(self, node: ast.Name) -> Any:
        self.settings.used.add(node.id)
        return self.name(node.id, node.lineno)

    def _value_list(self, node: ast.List) -> Any:
        return self.items(node.elts, node.lineno)

    def _value_tuple(self, node: ast.Tuple) -> Any:
        items = self.items(node.elts, node.lineno)
        return items if isinstance(items, Unknown) else tuple(items)

    def _value_set(self, node: ast.Set) -> Any:
        items = self.items(node.elts, node.lineno)
        if isinstance(items, Unknown):
            return items
        unknown = _first_unknown(items)
        if unknown is not None:
            return unknown
        try:
            return set(items)
        except TypeError as error:
            return Unknown(f"`{ast.unparse(node)}` fails: {error}", node.lineno)

    def items(self, elements: list[ast.expr], line: int) -> list[Any] | Unknown:
        result: list[Any] = []
        for element in elements:
            if isinstance(element, ast.Starred):
                inner = self.value(element.value)
                if isinstance(inner, Unknown):
                    return inner
                if not isinstance(inner, (list, tuple)):
                    return Unknown(f"`{ast.unparse(element)}` does not unpack a list", line)
                result.extend(inner)
            else:
                result.append(self.value(element))
        return result

    def _value_dict(self, node: ast.Dict) -> Any:
        result: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            if key_node is None:  # {**other}
                other = self.value(value_node)
                if isinstance(other, Unknown):
                    return other
                if not isinstance(other, dict):
                    return Unknown(f"`**{ast.unparse(value_node)}` is not a dict", node.lineno)
                result.update(other)
                continue
            key = self.value(key_node)
            if isinstance(key, Unknown):
                return key
            result[key] = self.value(value_node)
        return result

    def _value_call(self, node: ast.Call) -> Any:
        func = node.func
        if isinstance(func, ast.Name):
            bound = self.settings.values.get(func.id)
            if isinstance(bound, _Getenv):
                return self.environment(node)
            if func.id in _BUILTINS and func.id not in self.settings.values:
                return self.builtin(func.id, node)
        elif isinstance(func, ast.Attribute):
            target = self.value(func.value)
            if (isinstance(target, _OsModule) and func.attr == "getenv"
                    or isinstance(target, _Environ) and func.attr == "get"):
                return self.environment(node)
            if isinstance(target, (dict, list)) and func.attr in ("copy", "get") and not node.keywords:
                args = [self.value(arg) for arg in node.args]
                return _first_unknown(args) or _call(getattr(target, func.attr), args, node)
        return Unknown(f"the call `{ast.unparse(node)}` is not evaluated", node.lineno)

    def environment(self, node: ast.Call) -> Unknown:
        args = [self.value(arg) for arg in node.args]
        variable = args[0] if args and isinstance(args[0], str) else ast.unparse(node)
        default = f" (default {args[1]!r})" if len(args) > 1 and not isinstance(args[1], Unknown) else ""
        return Unknown(f"read from the environment variable {variable}{default}", node.lineno)

    def builtin(self, name: str, node: ast.Call) -> Any:
        args = [self.value(arg) for arg in node.args]
        kwargs: dict[str, Any] = {}
        for keyword in node.keywords:
            value = self.value(keyword.value)
            if keyword.arg is not None:
                kwargs[keyword.arg] = value
            elif isinstance(value, dict):  # dict(**OTHER)
                kwargs.update(value)
            else:
                return value if isinstance(value, Unknown) else Unknown(
                    f"`**{ast.unparse(keyword.value)}` is not a dict", node.lineno)
        # dict(a=environ.get(...)) keeps its other keys: only that key is unknown.
        unknown = _first_unknown(args if name == "dict" else [*args, *kwargs.values()])
        if unknown is not None:
            return unknown
        constructor = {"dict": dict, "list": list, "tuple": tuple, "str": str, "int": int,
                       "float": float, "bool": bool}[name]
        return _call(constructor, args, node, kwargs)

    def _value_subscript(self, node: ast.Subscript) -> Any:
        container = self.value(node.value)
        if isinstance(container, _Environ):
            key = self.value(node.slice)
            return Unknown(f"read from the environment variable {key}", node.lineno)
        key = self.value(node.slice)
        unknown = _first_unknown([container, key])
        if unknown is not None:
            return unknown
        try:
            return container[key]
        except (TypeError, KeyError, IndexError) as error:
            return Unknown(f"`{ast.unparse(node)}` fails: {error!r}", node.lineno)

    def _value_attribute(self, node: ast.Attribute) -> Any:
        target = self.value(node.value)
        if isinstance(target, _OsModule) and node.attr == "environ":
            return _Environ()
        if isinstance(target, Unknown):
            return target
        return Unknown(f"`{ast.unparse(node)}` is not evaluated", node.lineno)

    def _value_binop(self, node: ast.BinOp) -> Any:
        operation = _OPERATORS.get(type(node.op))
        if operation is None:
            return Unknown(f"`{ast.unparse(node)}` is not evaluated", node.lineno)
        return _apply(operation, self.value(node.left), self.value(node.right), node.lineno)

    def _value_unaryop(self, node: ast.UnaryOp) -> Any:
        operand = self.value(node.operand)
        if isinstance(operand, Unknown):
            return operand
        try:
            if isinstance(node.op, ast.USub):
                return -operand
            if isinstance(node.op, ast.UAdd):
                return +operand
            if isinstance(node.op, ast.Not):
                return not operand
        except TypeError as error:
            return Unknown(f"`{ast.unparse(node)}` fails: {error}", node.lineno)
        return Unknown(f"`{ast.unparse(node)}` is not evaluated", node.lineno)

    def _value_boolop(self, node: ast.BoolOp) -> Any:
        values = [self.value(v) for v in node.values]
        unknown = _first_unknown(values)
        if unknown is not None:
            return unknown
        result = values[0]
        for value in values[1:]:
            if isinstance(node.op, ast.And):
                result = result and value
            else:
                result = result or value
        return result

    def _value_compare(self, node: ast.Compare) -> Any:
        values = [self.value(node.left), *(self.value(c) for c in node.comparators)]
        unknown = _first_unknown(values)
        if unknown is not None:
            return unknown
        try:
            return all(_COMPARE[type(op)](a, b)
                       for op, a, b in zip(node.ops, values, values[1:], strict=False))
        except TypeError as error:
            return Unknown(f"`{ast.unparse(node)}` fails: {error}", node.lineno)

    def _value_ifexp(self, node: ast.IfExp) -> Any:
        test = self.value(node.test)
        if isinstance(test, Unknown):
            return test
        return self.value(node.body if test else node.orelse)


def _apply(operation: Callable[[Any, Any], Any], left: Any, right: Any, line: int) -> Any:
    unknown = _first_unknown([left, right])
    if unknown is not None:
        return unknown
    if _too_big(operation, left, right):
        return Unknown("an operation with a very large result is not evaluated", line)
    try:
        return operation(left, right)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError) as error:
        return Unknown(f"{left!r} and {right!r}: {error}", line)


def _too_big(operation: Callable[[Any, Any], Any], left: Any, right: Any) -> bool:
    if operation in (operator.pow, operator.ipow):
        return isinstance(right, int) and abs(right) > 100
    if operation in (operator.mul, operator.imul):
        return any(isinstance(a, (str, list, tuple, bytes)) and isinstance(b, int) and b > _BIGGEST
                   for a, b in ((left, right), (right, left)))
    return False


def _call(function: Callable[..., Any], args: list[Any], node: ast.Call,
          kwargs: dict[str, Any] | None = None) -> Any:
    try:
        return function(*args, **(kwargs or {}))
    except (TypeError, ValueError, KeyError) as error:
        return Unknown(f"`{ast.unparse(node)}` fails: {error}", node.lineno)


def _first_unknown(values: list[Any]) -> Unknown | None:
    return next((value for value in values if isinstance(value, Unknown)), None)


def _statement_kind(node: ast.stmt) -> str:
    kinds = {ast.If: "`if` statement", ast.For: "`for` loop", ast.While: "`while` loop",
             ast.With: "`with` block", ast.Try: "`try` block", ast.FunctionDef: "function",
             ast.AsyncFunctionDef: "function", ast.ClassDef: "class"}
    return kinds.get(type(node), f"`{type(node).__name__}` statement")


def _names_assigned(node: ast.stmt) -> set[str]:
    names = {child.id for child in ast.walk(node)
             if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store)}
    names |= {child.name for child in ast.walk(node)
              if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    return names

"""Declared fields: `PARTICIPANT_FIELDS` and `SESSION_FIELDS`, oTree 5's named values that an app
reads and writes as `participant.<name>` and `session.<name>`.

Both lists may be given in the SessionType module (experiments/sessions.py) and in the project's
settings; the two are merged. As in oTree, a declared field is kept in the object's `vars` under
its own name (`participant.xyz` is `participant.vars['xyz']`), so the unit of work stores it and
the vars row lock covers it (docs/architecture.md, lock order); the models read and write it
through DeclaredFieldsMixin (here), and the export gives each one its own column.

The names are checked once at start-up (SessionsCoreConfig.ready, which knows the models): each
must be a Python identifier, not start with "_", not repeat, and not be an attribute the
Participant or Session model already has, or a column name of the export.
"""
from __future__ import annotations

import importlib
import json
import keyword
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sessions_core.db import idmap


class DeclaredFieldsError(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class Declared:
    participant: tuple[str, ...] = ()
    session: tuple[str, ...] = ()

    def of(self, kind: str) -> tuple[str, ...]:
        return self.participant if kind == "participant" else self.session


_declared = Declared()
LIST_NAMES = {"participant": "PARTICIPANT_FIELDS", "session": "SESSION_FIELDS"}


def declared() -> Declared:
    return _declared


def participant_fields() -> tuple[str, ...]:
    return _declared.participant


def session_fields() -> tuple[str, ...]:
    return _declared.session


def declare(*, participant: Iterable[str] = (), session: Iterable[str] = ()) -> Declared:
    """Set the declared fields (start-up, after load_declared has checked them; tests).
    Returns the previous ones, so a test can put them back."""
    global _declared
    previous = _declared
    _declared = Declared(participant=tuple(participant), session=tuple(session))
    return previous


def load_declared(*, module_path: str, taken: dict[str, set[str]]) -> Declared:
    """Read, merge and check PARTICIPANT_FIELDS and SESSION_FIELDS from the SessionType module
    and the settings; `taken` holds, per kind, the names the model and the export already use.
    The first problem stops start-up with one message that says where the name came from."""
    module = importlib.import_module(module_path)
    merged: dict[str, list[str]] = {}
    for kind, list_name in LIST_NAMES.items():
        names: list[str] = []
        for source, owner in ((module_path, module), ("settings", settings)):
            given = getattr(owner, list_name, None)
            if given is None:
                continue
            where = f"{source}.{list_name}"
            if isinstance(given, str) or not isinstance(given, (list, tuple)):
                raise DeclaredFieldsError(f"{where} must be a list of names, like "
                                          f"['{'age' if kind == 'participant' else 'market'}'], "
                                          f"not {given!r}")
            for name in given:
                problem = name_problem(name, kind=kind, taken=taken.get(kind, set()))
                if problem:
                    raise DeclaredFieldsError(f"{where}: {problem}")
                if name not in names:  # the same name in both places is one field
                    names.append(name)
        merged[kind] = names
    declare(participant=merged["participant"], session=merged["session"])
    return _declared


def name_problem(name: Any, *, kind: str, taken: set[str]) -> str | None:
    """Why `name` cannot be a declared field of `kind` (None: it can)."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        return f"{name!r} is not a name: use letters, digits and underscores, not starting " \
               "with a digit"
    if name.startswith("_"):
        return f"{name!r} starts with '_', which is kept for Quorum's own attributes"
    if name in taken:
        return (f"{name!r} is already an attribute of {kind} (or a column of its export); "
                f"choose another name, e.g. {kind}.my_{name}")
    return None


def json_problem(value: Any, where: str) -> str | None:
    """Why value cannot be kept in a declared field (a JSON column), or None."""
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        hint = " (write float(x) or str(x) for an amount)" if hasattr(value, "as_tuple") else ""
        return (f"cannot store {value!r} ({type(value).__name__}) in {where}: declared fields "
                f"are kept as JSON, so a value must be text, a number, True/False, None, or "
                f"lists and dicts of them{hint}")
    if json.loads(text) != value or _has_tuple(value):
        return (f"cannot store {value!r} in {where} as it is: kept as JSON it would come back "
                "changed (a tuple as a list, dict keys as text); store a list or a dict with "
                "text keys")
    return None


def _has_tuple(value: Any) -> bool:
    if isinstance(value, tuple):
        return True
    if isinstance(value, list):
        return any(_has_tuple(item) for item in value)
    if isinstance(value, dict):
        return any(_has_tuple(item) for item in value.values())
    return False


class DeclaredFieldsMixin:
    """`obj.<name>` for the declared fields of `declared_kind`, kept in `obj.vars[name]`.

    Reading one that was never set raises AttributeError naming it, as oTree does. Setting a
    name that is neither declared nor an attribute of the model, from app code (on an object of
    the current unit of work), raises AttributeError too: in oTree 5 such a value would be
    lost, and here it would be silently never stored."""

    declared_kind = "participant"
    vars: Any  # the model's VarsField

    def declared_values(self) -> dict[str, Any]:
        """Every declared field with its value; None for one never set (admin, REST API)."""
        values = self.vars or {}
        return {name: values.get(name) for name in _declared.of(self.declared_kind)}

    def __getattr__(self, name: str) -> Any:
        # Only called when the usual lookup fails: the declared names are never attributes.
        if name in _declared.of(self.declared_kind):
            values = self.vars  # in a unit of work, the first read locks the row
            if values is not None and name in values:
                return values[name]
            raise AttributeError(
                f"{self.declared_kind}.{name} has not been set yet: it is declared in "
                f"{LIST_NAMES[self.declared_kind]}, but nothing has been assigned to it. Set it "
                f"first ({self.declared_kind}.{name} = ...), or read it with "
                f"{self.declared_kind}.vars.get({name!r}) to get None when it is not set.")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        # Django sets every field this way as it builds each row's object: the model's own
        # names (a set per class, made once) and private ones go straight through.
        names = _CLASS_NAMES.get(type(self)) or _class_names(type(self))
        if name in names or name[0] == "_":
            _object_setattr(self, name, value)
            return
        kind = self.declared_kind
        if name in _declared.of(kind):
            problem = json_problem(value, f"{kind}.{name}")
            if problem:
                raise ValueError(problem)
            values = self.vars
            if values is None:
                self.vars = {name: value}
            else:
                values[name] = value
            return
        if name not in self.__dict__ and _in_unit(self):
            declared_names = ", ".join(_declared.of(kind)) or "none"
            raise AttributeError(
                f"{kind}.{name} is not a field: to store a value on the {kind}, add {name!r} to "
                f"{LIST_NAMES[kind]} (declared now: {declared_names}), or use "
                f"{kind}.vars[{name!r}]")
        super().__setattr__(name, value)


_CLASS_NAMES: dict[type, frozenset[str]] = {}
_object_setattr = object.__setattr__


def _class_names(cls: type) -> frozenset[str]:
    """Every attribute name of the class (fields, properties, methods): never a declared one,
    as start-up checks."""
    names = _CLASS_NAMES.get(cls)
    if names is None:
        names = _CLASS_NAMES[cls] = frozenset(dir(cls))
    return names


def _in_unit(obj: Any) -> bool:
    """Whether obj is the current unit of work's object for its row: what app code is given.
    (Django sets a queryset's annotations on a row as it is loaded, before the unit has it.)"""
    unit = idmap.current()
    return unit is not None and obj.pk is not None and unit.get(type(obj), obj.pk) is obj

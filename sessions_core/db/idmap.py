"""The unit of work behind the experimenter API.

Experiment code written for oTree never calls `.save()`: it assigns attributes in hooks
(`p.payoff = ...`, `p.participant.vars['x'] = ...`) and expects them stored. Inside a unit of work
every Session, Participant, Subsession, Group and Player loaded through the API is kept once per
primary key (an identity map), so two paths to the same row see the same object, and at the end
of the unit every changed field is written back with one bulk UPDATE per model and field set.

A read-only unit (read_only_unit) is the same map without a transaction: for a request that
turns out to change nothing (a page view), it costs no BEGIN, COMMIT or row lock. Any write it
would make, through the map or a statement of its own, raises NeedsLock before anything is
written, and the caller runs the request again in a unit of work under its locks.
"""
from __future__ import annotations

import json
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.db import OperationalError, connection, models, transaction
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.query_utils import DeferredAttribute
from django.db.transaction import TransactionManagementError

from sessions_core.db import bulk

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

_current: ContextVar[UnitOfWork | None] = ContextVar("quorum_unit_of_work", default=None)


class NeedsLock(Exception):
    """A read-only unit was about to write: run the request again under its locks."""


def _snapshot_value(field: models.Field, value: Any) -> Any:
    """What a field's value is compared by: JSON values by their pickle (a JSON value can be
    changed in place, so its object cannot be kept; pickling is a tenth of json.dumps' cost,
    and its rare false "changed", equal dicts built in another key order, costs only a write)."""
    if isinstance(field, models.JSONField):
        try:
            return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001  (not picklable: compared as JSON, as stored)
            return json.dumps(value, sort_keys=True, default=str)
    return value


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


class UnitOfWork:
    def __init__(self, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self.objects: dict[tuple[type[models.Model], Any], models.Model] = {}
        self.snapshots: dict[tuple[type[models.Model], Any], dict[str, Any]] = {}
        # Other ways to find a mapped row, e.g. (Player, participant_id, round_number).
        self.lookups: dict[tuple[Any, ...], Any] = {}

    def get(self, model: type[M], pk: Any) -> M | None:
        return self.objects.get((model, pk))  # type: ignore[return-value]

    def adopt(self, obj: M) -> M:
        """Return the mapped instance for obj's row, registering obj if it is the first."""
        key = (type(obj), obj.pk)
        existing = self.objects.get(key)
        if existing is not None:
            return existing  # type: ignore[return-value]
        self.objects[key] = obj
        self.snapshots[key] = self._snapshot(obj)
        return obj

    def adopt_all(self, objs: Iterable[M]) -> list[M]:
        return [self.adopt(obj) for obj in objs]

    def _snapshot(self, obj: models.Model) -> dict[str, Any]:
        return {
            f.attname: _snapshot_value(f, obj.__dict__.get(f.attname))
            for f in _fields(type(obj))
            if f.attname in obj.__dict__
        }

    def changed_fields(self, obj: models.Model) -> list[str]:
        before = self.snapshots[(type(obj), obj.pk)]
        return [
            f.attname
            for f in _fields(type(obj))
            if f.attname in before
            and _snapshot_value(f, obj.__dict__.get(f.attname)) != before[f.attname]
        ]

    def save(self, objs: Iterable[models.Model]) -> int:
        """Write the changed fields of objs now (one UPDATE per model and field set)."""
        if self.read_only:
            objs = list(objs)
            if any(self.changed_fields(obj) for obj in objs):
                raise NeedsLock("a read-only unit has changes to write")
            return 0
        batches: dict[tuple[type[models.Model], tuple[str, ...]], list[models.Model]] = (
            defaultdict(list)
        )
        for obj in objs:
            changed = self.changed_fields(obj)
            if changed:
                batches[(type(obj), tuple(changed))].append(obj)
        for (model, names), batch in batches.items():
            fields = [model._meta.get_field(name).name for name in names]
            if len(batch) == 1:
                batch[0].save(update_fields=fields)
            else:
                bulk.bulk_update(batch, fields)  # one UPDATE ... FROM, not CASE (db/bulk.py)
            for obj in batch:
                self.snapshots[(model, obj.pk)] = self._snapshot(obj)
        return len(batches)

    def flush(self) -> int:
        return self.save(list(self.objects.values()))


def current() -> UnitOfWork | None:
    return _current.get()


@contextmanager
def unit_of_work() -> Iterator[UnitOfWork]:
    """One atomic transaction whose loaded experiment objects are saved when it ends."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    unit = UnitOfWork()
    token = _current.set(unit)
    try:
        with transaction.atomic():
            yield unit
            unit.flush()
    finally:
        _current.reset(token)


def _refuse_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool,
                   context: Any) -> Any:
    """A read-only unit runs plain SELECTs only (a row lock or a write means: take the locks)."""
    head = sql.lstrip()[:6].upper()
    if head != "SELECT" or " FOR UPDATE" in sql.upper():
        raise NeedsLock(f"a read-only unit was about to run {head}")
    return execute(sql, params, many, context)


@contextmanager
def read_only_unit() -> Iterator[UnitOfWork]:
    """An identity map without a transaction, for a request that should change nothing.

    Raises NeedsLock, having written nothing, when the request would write: a statement other
    than a plain SELECT, or a changed field when the unit ends. Its reads are separate
    statements, not one snapshot: fine for showing a page, which a request that moves the
    participant on may follow at once; a decision to write is taken in a unit of work."""
    if _current.get() is not None:
        raise TransactionManagementError("a read-only unit cannot run inside a unit of work")
    unit = UnitOfWork(read_only=True)
    token = _current.set(unit)
    # Inside a caller's transaction (a test's), Django marks it for rollback when a write
    # raises; NeedsLock is raised before the write is sent, so that mark is lifted again.
    outer_rollback = transaction.get_rollback() if connection.in_atomic_block else None
    try:
        with connection.execute_wrapper(_refuse_writes):
            yield unit
            unit.flush()
    except NeedsLock:
        if outer_rollback is not None:
            transaction.set_rollback(outer_rollback)
        raise
    except TransactionManagementError as error:
        # select_for_update outside a transaction (app code asking for a lock).
        raise NeedsLock(str(error)) from error
    finally:
        _current.reset(token)


def lookup(key: tuple[Any, ...]) -> Any:
    unit = _current.get()
    return None if unit is None else unit.lookups.get(key)


def remember(key: tuple[Any, ...], obj: M) -> M:
    unit = _current.get()
    if unit is not None:
        unit.lookups[key] = obj
    return obj


def adopt(obj: M) -> M:
    unit = _current.get()
    return obj if unit is None else unit.adopt(obj)


def adopt_all(objs: Iterable[M]) -> list[M]:
    unit = _current.get()
    return list(objs) if unit is None else unit.adopt_all(objs)


def save_now(objs: Iterable[models.Model], fields: list[str]) -> None:
    """Write objs at once (inside a unit: only what changed; outside: the named fields)."""
    objs = list(objs)
    unit = _current.get()
    if unit is None:
        if objs:
            type(objs[0])._default_manager.bulk_update(objs, fields, batch_size=500)
        return
    unit.save(unit.adopt_all(objs))


class MappedForwardDescriptor(ForwardManyToOneDescriptor):
    """`player.group` returns the unit's instance of that group, loading it at most once."""

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        unit = _current.get()
        if unit is None:
            return super().__get__(instance, cls)
        pk = getattr(instance, self.field.attname)
        if pk is None:
            return None
        obj = unit.get(self.field.remote_field.model, pk)
        if obj is None:
            obj = unit.adopt(cast(models.Model, super().__get__(instance, cls)))
        self.field.set_cached_value(instance, obj)
        return obj


class MappedForeignKey(models.ForeignKey):
    forward_related_accessor_class = MappedForwardDescriptor


def refresh(obj: M, fresh: M) -> M:
    """Take fresh database values into the unit's obj, keeping fields it changed itself."""
    unit = _current.get()
    if unit is None or unit.get(type(obj), obj.pk) is not obj:
        return fresh
    mine = set(unit.changed_fields(obj))
    for f in _fields(type(obj)):
        if f.attname not in mine and f.attname in fresh.__dict__:
            obj.__dict__[f.attname] = fresh.__dict__[f.attname]
            unit.snapshots[(type(obj), obj.pk)][f.attname] = _snapshot_value(
                f, fresh.__dict__[f.attname])
    return obj


def reload_unchanged() -> None:
    """Re-read the current unit's rows, keeping the fields it changed itself (refresh).

    For a request that learns, after reading some rows, that another transaction has committed
    changes to them: PostgreSQL's READ COMMITTED shows each statement what was committed before
    it, so rows read earlier in the same transaction may be older (engine/waiting.py:try_pass).
    Rows this unit has locked are current already and are not read again."""
    unit = _current.get()
    if unit is None:
        return
    stale: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for (model, pk), obj in unit.objects.items():
        if ("vars-locked", model, pk) not in unit.lookups:
            stale[model].append(obj)
    for model, objs in stale.items():
        fresh = model._default_manager.in_bulk([obj.pk for obj in objs])
        for obj in objs:
            if obj.pk in fresh:
                refresh(obj, fresh[obj.pk])


class VarsAttribute(DeferredAttribute):
    """`session.vars` / `participant.vars`, read inside a unit of work, locks the row first.

    oTree apps do read-modify-write on vars (`session.vars['n'] += 1`) from page code and hooks
    of many participants at once. The first read of a row's vars in a unit takes that row's lock
    and reloads the value, so concurrent updates take turns and none is lost. (SQLite needs no
    lock: its write transactions are serialized from their start.)
    """

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        unit = _current.get()
        # A read-only unit reads what was committed; a change to it is refused at its end.
        if unit is not None and not unit.read_only and instance.pk is not None and \
                unit.get(type(instance), instance.pk) is instance:
            key = ("vars-locked", type(instance), instance.pk)
            if key not in unit.lookups:
                unit.lookups[key] = True
                _lock_and_reload_vars(unit, instance, self.field)
        return super().__get__(instance, cls)

    def __set__(self, instance: Any, value: Any) -> None:
        # Defining __set__ makes this a data descriptor, so reads come through __get__ even
        # though the value lives in the instance's __dict__.
        instance.__dict__[self.field.attname] = value


def _lock_and_reload_vars(unit: UnitOfWork, instance: models.Model, field: models.Field) -> None:
    if not connection.features.has_select_for_update:
        return
    fresh = (type(instance)._default_manager.select_for_update(of=("self",))
             .values_list(field.attname, flat=True).get(pk=instance.pk))
    snapshot = unit.snapshots[(type(instance), instance.pk)]
    current = instance.__dict__.get(field.attname)
    if _snapshot_value(field, current) == snapshot.get(field.attname):  # not changed here yet
        instance.__dict__[field.attname] = fresh
        snapshot[field.attname] = _snapshot_value(field, fresh)


def set_stored(obj: models.Model, attname: str, value: Any) -> None:
    """obj's field was written to its row already (a statement of its own): set it on obj
    without the unit writing it again at its end."""
    obj.__dict__[attname] = value
    unit = _current.get()
    if unit is not None and unit.get(type(obj), obj.pk) is obj:
        field = cast(models.Field, type(obj)._meta.get_field(attname))
        unit.snapshots[(type(obj), obj.pk)][attname] = _snapshot_value(field, value)


def mark_locked(obj: models.Model) -> None:
    """obj's row was locked and loaded by this unit: its vars are current already."""
    unit = _current.get()
    if unit is not None:
        unit.lookups[("vars-locked", type(obj), obj.pk)] = True


class VarsField(models.JSONField):
    descriptor_class = VarsAttribute


RETRYABLE_PGCODES = {"40P01", "40001"}  # deadlock detected, serialization failure


def retrying(function: Callable[[], T], attempts: int = 4) -> T:
    """Run a whole request's unit of work again if PostgreSQL broke a lock cycle.

    Row locks are taken in the order participant, group or subsession, then vars rows, but hook
    code may reach any row; when two requests still wait on each other PostgreSQL aborts one, and
    since nothing of it was committed (side effects wait for the commit) it can simply run again.
    """
    for attempt in range(1, attempts + 1):
        try:
            return function()
        except OperationalError as error:
            code = getattr(error.__cause__, "sqlstate", None)
            if code not in RETRYABLE_PGCODES or attempt == attempts:
                raise
    raise AssertionError("unreachable")

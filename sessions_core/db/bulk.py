"""Bulk UPDATE of many rows, each with its own values, as one `UPDATE ... FROM (VALUES ...)`.

Django's `QuerySet.bulk_update` writes `SET f = CASE WHEN id = 1 THEN ... WHEN id = 2 THEN ...
END` for every field: an expression per row and field, built and compiled in Python, which made
initializing a 3,000-participant session with regrouping take seconds (bench/RESULTS.md). Here
the rows travel as one VALUES list joined to the table by primary key:

    UPDATE "t" SET "a" = "v"."c1", "b" = "v"."c2"
    FROM (VALUES (CAST(%s AS integer), CAST(%s AS integer), CAST(%s AS numeric(24, 6))), ...)
         AS "v" ("c0", "c1", "c2")
    WHERE "t"."id" = "v"."c0"

PostgreSQL gets every value cast to its column's type (a bare parameter in VALUES would have
no type to join or assign with); CAST(... AS ...), not `::`, which binds tighter than the minus
of a negative number that psycopg's client-side binding writes into the statement. SQLite has
UPDATE ... FROM since 3.33 and names the VALUES columns column1, column2, ...; the target
column's affinity converts each value as Django's own UPDATE would. Other databases, older
SQLite, values that are SQL expressions (F(), Value) and fields not stored in the model's own
table go through Django's `bulk_update`.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

DEFAULT_BATCH_SIZE = 2000  # rows per statement, at most
SQLITE_FALLBACK_MAX_PARAMS = 999  # SQLite's limit before 3.32, when it cannot be asked
POSTGRES_MAX_PARAMS = 65_535  # the wire protocol counts parameters in 16 bits


def supports_update_from(connection: BaseDatabaseWrapper) -> bool:
    """Whether connection's database runs UPDATE ... FROM (VALUES ...): PostgreSQL, and
    SQLite from 3.33."""
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version_info >= (3, 33, 0)
    return False


def max_params(connection: BaseDatabaseWrapper) -> int:
    """The most parameters one statement may carry on connection's database."""
    if connection.vendor == "postgresql":
        return POSTGRES_MAX_PARAMS
    connection.ensure_connection()
    raw = connection.connection
    getlimit = getattr(raw, "getlimit", None)  # Python 3.11+
    if getlimit is not None:
        return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return SQLITE_FALLBACK_MAX_PARAMS


def bulk_update(objs: Iterable[models.Model], fields: Sequence[str], *,
                batch_size: int = DEFAULT_BATCH_SIZE, using: str | None = None) -> int:
    """Write fields (names or attnames) of objs, all of one model, to their rows; returns the
    number of rows updated. The same contract as Django's `QuerySet.bulk_update`: no save
    signals, no `pre_save` (auto_now is not touched), primary keys must be set."""
    if batch_size <= 0:
        raise ValueError("batch_size must be a positive integer")
    if not fields:
        raise ValueError("bulk_update needs at least one field")
    rows = list(objs)
    if not rows:
        return 0
    model = type(rows[0])
    if any(type(obj) is not model for obj in rows):
        raise ValueError("bulk_update: all objects must be of one model")
    if any(obj.pk is None for obj in rows):
        raise ValueError("bulk_update: every object must have a primary key")
    targets = [_updatable_field(model, name) for name in fields]
    db = using or router.db_for_write(model, instance=rows[0])
    connection = connections[db]
    if not _values_update_applies(connection, model, rows, targets):
        return model._base_manager.using(db).bulk_update(rows, [f.name for f in targets],
                                                          batch_size=batch_size)
    for obj in rows:
        # As Django's bulk_update: a related object saved after assignment gives its new pk.
        cast(Any, obj)._prepare_related_fields_for_save(operation_name="bulk_update",
                                                        fields=targets)
    by_pk = {obj.pk: obj for obj in rows}  # one row per key (the last object wins)
    per_statement = max(1, min(batch_size, max_params(connection) // (len(targets) + 1)))
    objects = list(by_pk.values())
    updated = 0
    with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            batch = objects[start:start + per_statement]
            sql, params = update_sql(connection, model, targets, batch)
            cursor.execute(sql, params)
            updated += max(cursor.rowcount, 0)
    return updated


def _updatable_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete or field.many_to_many \
            or field.primary_key:
        raise ValueError(f"bulk_update: {name!r} is not a concrete field other than the "
                         "primary key")
    return field


def _values_update_applies(connection: BaseDatabaseWrapper, model: type[models.Model],
                           rows: list[models.Model], targets: list[models.Field]) -> bool:
    meta = model._meta
    if not supports_update_from(connection) or not meta.pk.concrete:
        return False
    if any(f.model._meta.concrete_model is not meta.concrete_model for f in targets) or \
            meta.parents:
        return False  # a field in a parent model's table (multi-table inheritance)
    return not any(hasattr(getattr(obj, f.attname), "resolve_expression")
                   for obj in rows for f in targets)


def update_sql(connection: BaseDatabaseWrapper, model: type[models.Model],
               targets: Sequence[models.Field], batch: Sequence[models.Model],
               ) -> tuple[str, list[Any]]:
    """The UPDATE ... FROM (VALUES ...) statement for one batch, and its parameters."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.pk, *targets]
    if connection.vendor == "postgresql":
        names = [f"c{index}" for index in range(len(columns))]
        row = "(" + ", ".join(f"CAST(%s AS {cast(Any, f).cast_db_type(connection)})" for f in columns) + ")"
        alias = f'{quote("v")} ({", ".join(quote(name) for name in names)})'
    else:
        names = [f"column{index + 1}" for index in range(len(columns))]
        row = "(" + ", ".join("%s" for _ in columns) + ")"
        alias = quote("v")
    params: list[Any] = []
    for obj in batch:
        params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns)
    table = quote(meta.db_table)
    assignments = ", ".join(f'{quote(f.column)} = {quote("v")}.{quote(name)}'
                            for f, name in zip(targets, names[1:], strict=True))
    sql = (f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(batch))}) "
           f'AS {alias} WHERE {table}.{quote(meta.pk.column)} = {quote("v")}.{quote(names[0])}')
    return sql, params

"""Bulk writes of many rows, each with its own values, without an SQL expression per row.

Django's `QuerySet.bulk_update` writes `SET f = CASE WHEN id = 1 THEN ... WHEN id = 2 THEN ...
END` for every field: an expression per row and field, built and compiled in Python, which made
initializing a 3,000-participant session with regrouping take seconds (bench/RESULTS.md). Here
the rows are one table joined to the target by primary key, `UPDATE ... FROM`:

- SQLite (3.33 and later): `UPDATE "t" SET "a" = "v"."column2" FROM (VALUES (%s, %s), ...) AS
  "v" WHERE "t"."id" = "v"."column1"`; the target column's affinity converts each value as
  Django's own UPDATE would.
- PostgreSQL: the same join, the rows given as one array per column, `FROM unnest(CAST(%s AS
  integer[]), CAST(%s AS numeric(24, 6)[])) AS "v" ("c0", "c1")`, each cast to its column's
  type. psycopg reads every `%s` of a statement in Python, which for 9,000 rows of 12 values
  cost more than the rest of the insert; an array is one parameter. CAST(... AS ...), not
  `::`, which binds tighter than the minus of a negative number bound client-side.

Other databases, older SQLite, values that are SQL expressions (F(), Value) and fields not
stored in the model's own table go through Django's `bulk_update`. `bulk_insert` does the same
for new rows (a multi-row VALUES, or unnest on PostgreSQL) without a model instance per row.
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
    """Whether connection's database runs UPDATE ... FROM: PostgreSQL, and SQLite from 3.33."""
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
    getlimit = getattr(connection.connection, "getlimit", None)  # sqlite3, Python 3.11+
    if getlimit is not None:
        return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return SQLITE_FALLBACK_MAX_PARAMS


def _uses_arrays(connection: BaseDatabaseWrapper, fields: Iterable[models.Field]) -> bool:
    """PostgreSQL takes the rows as one array per column (not for array columns themselves)."""
    return connection.vendor == "postgresql" and not any(
        f.get_internal_type() == "ArrayField" for f in fields)


def _rows_per_statement(connection: BaseDatabaseWrapper, batch_size: int, width: int,
                        arrays: bool) -> int:
    if arrays:
        return batch_size
    return max(1, min(batch_size, max_params(connection) // max(width, 1)))


def _array_type(connection: BaseDatabaseWrapper, field: models.Field) -> str:
    return f"{cast(Any, field).cast_db_type(connection)}[]"


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
    if not _update_from_applies(connection, model, rows, targets):
        return model._base_manager.using(db).bulk_update(rows, [f.name for f in targets],
                                                          batch_size=batch_size)
    for obj in rows:
        # As Django's bulk_update: a related object saved after assignment gives its new pk.
        cast(Any, obj)._prepare_related_fields_for_save(operation_name="bulk_update",
                                                        fields=targets)
    objects = list({obj.pk: obj for obj in rows}.values())  # one per key (the last wins)
    arrays = _uses_arrays(connection, targets)
    per_statement = _rows_per_statement(connection, batch_size, len(targets) + 1, arrays)
    updated = 0
    with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            sql, params = update_sql(connection, model, targets,
                                     objects[start:start + per_statement], arrays=arrays)
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


def _update_from_applies(connection: BaseDatabaseWrapper, model: type[models.Model],
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
               targets: Sequence[models.Field], batch: Sequence[models.Model], *,
               arrays: bool) -> tuple[str, list[Any]]:
    """The UPDATE ... FROM statement for one batch, and its parameters."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.pk, *targets]
    values = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
              for obj in batch]
    if arrays:
        names = [f"c{index}" for index in range(len(columns))]
        source = ("unnest(" + ", ".join(f"CAST(%s AS {_array_type(connection, f)})"
                                        for f in columns) + ")")
        source += f' AS {quote("v")} ({", ".join(quote(name) for name in names)})'
        params: list[Any] = [list(column) for column in zip(*values, strict=True)]
    else:
        names = [f"column{index + 1}" for index in range(len(columns))]
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        source = f'(VALUES {", ".join([row] * len(batch))}) AS {quote("v")}'
        params = [value for row_values in values for value in row_values]
    table = quote(meta.db_table)
    assignments = ", ".join(f'{quote(f.column)} = {quote("v")}.{quote(name)}'
                            for f, name in zip(targets, names[1:], strict=True))
    sql = (f"UPDATE {table} SET {assignments} FROM {source} "
           f'WHERE {table}.{quote(meta.pk.column)} = {quote("v")}.{quote(names[0])}')
    return sql, params


def bulk_insert(model: type[models.Model], columns: Sequence[str],
                rows: Iterable[Sequence[Any]], *, using: str | None = None,
                batch_size: int = DEFAULT_BATCH_SIZE) -> int:
    """Insert rows, each a tuple of values for columns (field names or attnames), without a
    model instance per row; returns the number of rows inserted.

    Every other field takes the value a new instance would be saved with (its default, or
    pre_save's: auto_now_add), worked out once for all rows, so a field whose value must differ
    per row (a unique one) has to be among columns. No signals, no primary keys read back: for
    rows nobody holds yet, such as a new session's players (`Model.objects.bulk_create` builds
    and prepares an instance per row, most of a large session's initialization)."""
    if batch_size <= 0:
        raise ValueError("batch_size must be a positive integer")
    meta = model._meta
    given = [_insertable_field(model, name) for name in columns]
    db = using or router.db_for_write(model)
    connection = connections[db]
    template = model()
    fixed = [f for f in meta.concrete_fields
             if f not in given and not f.primary_key and not f.generated]
    unique = [f.name for f in fixed if f.unique]
    if unique:
        raise ValueError(f"bulk_insert: unique fields need a value per row: {unique}")
    fixed_values = [f.get_db_prep_save(f.pre_save(template, add=True), connection)
                    for f in fixed]
    fields = [*given, *fixed]
    arrays = _uses_arrays(connection, fields)
    per_statement = _rows_per_statement(connection, batch_size, len(fields), arrays)
    head = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} "
            f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) ")
    inserted = 0
    batch: list[list[Any]] = []
    with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
        for row in rows:
            batch.append([*(f.get_db_prep_save(value, connection)
                            for f, value in zip(given, row, strict=True)), *fixed_values])
            if len(batch) == per_statement:
                cursor.execute(*_insert_sql(connection, head, fields, batch, arrays=arrays))
                inserted, batch = inserted + len(batch), []
        if batch:
            cursor.execute(*_insert_sql(connection, head, fields, batch, arrays=arrays))
            inserted += len(batch)
    return inserted


def _insertable_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete or field.many_to_many \
            or field.generated:
        raise ValueError(f"bulk_insert: {name!r} is not a concrete stored field")
    return field


def _insert_sql(connection: BaseDatabaseWrapper, head: str, fields: Sequence[models.Field],
                batch: list[list[Any]], *, arrays: bool) -> tuple[str, list[Any]]:
    if arrays:
        source = ", ".join(f"CAST(%s AS {_array_type(connection, f)})" for f in fields)
        return (head + f"SELECT * FROM unnest({source})",
                [list(column) for column in zip(*batch, strict=True)])
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return head + "VALUES " + ", ".join([row] * len(batch)), [v for r in batch for v in r]

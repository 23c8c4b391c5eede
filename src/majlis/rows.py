"""One-row reads and inserts through the driver's cursor, for the comment-posting hot path.

Django's ORM builds each statement anew: about 140–250 µs for a primary-key lookup or an
``objects.create`` on this machine, against ~11 µs for the same statement through the cursor.
A post makes three or four of them, which was most of its cost. These helpers build the SQL
once per model and query shape, from the model's own field list, and return real model
instances (``Model.from_db``), so the rest of the code does not know the difference. They skip
the ORM's ``save()``: a model with insert-time logic must run it before ``row_insert``
(``Comment.prepare_insert``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

ModelT = TypeVar("ModelT", bound=models.Model)


@cache
def _select_sql(model: type[models.Model], where_columns: tuple[str, ...]) -> str:
    ops = connection.ops
    columns = ", ".join(ops.quote_name(field.column) for field in model._meta.concrete_fields)
    where = " AND ".join(f"{ops.quote_name(column)} = %s" for column in where_columns)
    # Identifiers from the model's metadata, quoted; every value is a parameter.
    return f"SELECT {columns} FROM {ops.quote_name(model._meta.db_table)} WHERE {where}"  # noqa: S608


def row_get(model: type[ModelT], **equal: Any) -> ModelT | None:
    """The row whose columns equal ``equal`` (column names: ``story_id``, not ``story``), or
    None. Meant for unique lookups: with several matches one of them is returned."""
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the proxy looks it up again
    names = tuple(equal)
    sql = _select_sql(model, names) + " LIMIT 1"
    with db.cursor() as cursor:
        cursor.execute(sql, [equal[name] for name in names])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = model._meta.concrete_fields
    values = [_from_db(field, value, db) for field, value in zip(fields, row, strict=True)]
    return model.from_db(db.alias, [field.attname for field in fields], values)


def _from_db(field: models.Field[Any, Any], value: Any, db: BaseDatabaseWrapper) -> Any:
    # What the ORM's converters do on read (SQLite's datetimes and booleans, JSON text...).
    expression, converters = _converters(field)
    for converter in converters:
        value = converter(value, expression, db)
    return value


@cache
def _converters(field: models.Field[Any, Any]) -> tuple[Any, tuple[Any, ...]]:
    expression = field.get_col(field.model._meta.db_table)
    converters = (
        *connection.ops.get_db_converters(expression),
        *expression.get_db_converters(connection),
    )
    return expression, converters


@cache
def _insert_sql(model: type[models.Model]) -> tuple[str, str, tuple[models.Field[Any, Any], ...]]:
    """(INSERT … VALUES without the value rows, one row's placeholders, the fields)."""
    ops = connection.ops
    fields = tuple(field for field in model._meta.concrete_fields if not field.primary_key)
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    table = ops.quote_name(model._meta.db_table)
    # Identifiers from the model's metadata, quoted; every value is a parameter.
    head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
    return head, "(" + ", ".join(["%s"] * len(fields)) + ")", fields


def row_insert(instance: models.Model) -> None:
    """INSERT every column of a new instance (defaults already applied by its constructor) and
    set its primary key. Raises the ORM's IntegrityError on a constraint, like ``save()``."""
    rows_insert([instance])


def rows_insert_values(instances: Sequence[models.Model]) -> list[list[Any]]:
    """Each instance's column values as :func:`rows_insert` sends them (converted by their
    fields: JSON encoded and so on), to work out before a transaction that needs to be short."""
    if not instances:
        return []
    _, _, fields = _insert_sql(type(instances[0]))
    db = connections[DEFAULT_DB_ALIAS]
    return [
        [field.get_db_prep_save(getattr(instance, field.attname), db) for field in fields]
        for instance in instances
    ]


def rows_insert(
    instances: Sequence[models.Model], *, values: Sequence[Sequence[Any]] | None = None
) -> None:
    """:func:`row_insert` for several instances of one model: one statement per chunk the
    database accepts, primary keys set from its ``RETURNING`` (in row order, as Django's own
    ``bulk_create`` relies on). ``values``: the instances' :func:`rows_insert_values`, if
    already worked out (the instances must not have changed since)."""
    if not instances:
        return
    model = type(instances[0])
    head, placeholders, fields = _insert_sql(model)
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of the proxy looks it up again
    pk_column = db.ops.quote_name(model._meta.pk.column)  # type: ignore[union-attr]
    returning = db.features.can_return_rows_from_bulk_insert
    chunk = max(1, db.ops.bulk_batch_size(list(fields), list(instances))) if returning else 1
    rows = rows_insert_values(instances) if values is None else values
    if len(rows) != len(instances):
        raise ValueError("one row of values per instance")
    with db.cursor() as cursor:
        for start in range(0, len(instances), chunk):
            part = instances[start : start + chunk]
            values_part = [value for row in rows[start : start + chunk] for value in row]
            sql = head + ", ".join([placeholders] * len(part))
            if returning:
                cursor.execute(f"{sql} RETURNING {pk_column}", values_part)
                keys = [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute(sql, values_part)
                keys = [cursor.lastrowid]
            for instance, key in zip(part, keys, strict=True):
                instance.pk = key
                instance._state.adding = False
                instance._state.db = db.alias


def rows_update(instances: Sequence[models.Model], field_names: Sequence[str]) -> None:
    """``UPDATE … SET <fields> WHERE pk = ?`` for each instance of one model, in one
    ``executemany``: the fields' current values, as ``save(update_fields=…)`` would write them
    (without ``save()``'s own logic, like :func:`row_insert`)."""
    if not instances:
        return
    db = connections[DEFAULT_DB_ALIAS]
    meta = type(instances[0])._meta
    fields = [meta.get_field(name) for name in field_names]
    ops = db.ops
    assignments = ", ".join(f"{ops.quote_name(field.column)} = %s" for field in fields)  # type: ignore[union-attr]
    pk_column = ops.quote_name(meta.pk.column)  # type: ignore[union-attr]
    # Identifiers from the model's metadata, quoted; every value is a parameter.
    sql = f"UPDATE {ops.quote_name(meta.db_table)} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(instance, field.attname), db) for field in fields]  # type: ignore[union-attr]
        + [instance.pk]
        for instance in instances
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, rows)

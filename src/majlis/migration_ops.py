"""Operations shared by the apps' migrations."""

from __future__ import annotations

from django.db import migrations, models


def foreign_key_index_drop(
    *, model_name: str, name: str, field: models.ForeignKey, table: str, index: str
) -> migrations.SeparateDatabaseAndState:
    """Make ``field`` (now ``db_index=False``) lose the index Django gave it, named ``index``.

    Dropped with SQL rather than by altering the field: SQLite would rebuild the whole table for
    that (and drop its triggers). Django names the index the same way on every database.
    """
    column = f"{name}_id"
    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AlterField(model_name=model_name, name=name, field=field)],
        database_operations=[
            migrations.RunSQL(
                f"DROP INDEX IF EXISTS {index}",
                reverse_sql=f'CREATE INDEX {index} ON "{table}" ("{column}")',
            ),
        ],
    )

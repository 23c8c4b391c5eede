"""A database trigger refuses any UPDATE of a decision: the moderation log is append-only.

DELETE is refused in the model layer only: test-database flushes and legal erasure requests
must still be able to remove rows. SQLite drops triggers on table rebuilds: a later migration
altering moderation_decision on SQLite must recreate this one (a test fails if it is missing).
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER moderation_decision_append_only
BEFORE UPDATE ON moderation_decision
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS moderation_decision_append_only;"

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION moderation_decision_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'decisions are append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_decision_append_only
BEFORE UPDATE ON moderation_decision
FOR EACH ROW EXECUTE FUNCTION moderation_decision_refuse_update();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS moderation_decision_append_only ON moderation_decision;
DROP FUNCTION IF EXISTS moderation_decision_refuse_update();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql is None:
            raise RuntimeError(
                f"no decision trigger for database {schema_editor.connection.vendor!r}"
            )
        schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]

"""On PostgreSQL a trigger also refuses DELETE of decisions.

Only there: PostgreSQL empties tables with TRUNCATE (test flushes; a deliberate, logged act of an
administrator), which row triggers do not see. SQLite empties tables row by row with DELETE, so a
trigger there would break test flushes; the model layer refuses deletes on both.
"""

from django.db import migrations

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION moderation_decision_refuse_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'decisions are append-only'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER moderation_decision_no_delete
BEFORE DELETE ON moderation_decision
FOR EACH ROW EXECUTE FUNCTION moderation_decision_refuse_delete();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS moderation_decision_no_delete ON moderation_decision;
DROP FUNCTION IF EXISTS moderation_decision_refuse_delete();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_decision_append_only_trigger")]

    operations = [
        migrations.RunPython(_on_postgresql(POSTGRES_CREATE), _on_postgresql(POSTGRES_DROP)),
    ]

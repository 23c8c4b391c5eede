"""A database trigger refuses any UPDATE of a comment's text, whoever sends it.

SQLite drops triggers when Django rebuilds a table: a later migration that alters
comments_comment on SQLite must recreate this trigger (tests/comments/test_immutability.py fails
if it is missing).
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER comments_comment_text_immutable
BEFORE UPDATE OF text, text_digest ON comments_comment
WHEN NEW.text IS NOT OLD.text OR NEW.text_digest IS NOT OLD.text_digest
BEGIN
    SELECT RAISE(ABORT, 'comment text is immutable');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS comments_comment_text_immutable;"

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION comments_comment_refuse_text_update() RETURNS trigger AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text OR NEW.text_digest IS DISTINCT FROM OLD.text_digest THEN
        RAISE EXCEPTION 'comment text is immutable'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER comments_comment_text_immutable
BEFORE UPDATE ON comments_comment
FOR EACH ROW EXECUTE FUNCTION comments_comment_refuse_text_update();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS comments_comment_text_immutable ON comments_comment;
DROP FUNCTION IF EXISTS comments_comment_refuse_text_update();
"""


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql is None:
            raise RuntimeError(
                f"no comment-text trigger for database {schema_editor.connection.vendor!r}"
            )
        schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]

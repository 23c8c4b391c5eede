"""Index the workspace's queues at scale: a ``reported`` column mirrored from the latest decision
(the reported queue and its count no longer scan ``reason_codes``) and an index for the queue
sorted by risk.

SQLite rebuilds the table to add a NOT NULL column, which drops the comment-text trigger of
0002: it is created again here.
"""

from django.db import migrations, models

from majlis.comments.migrations import _triggers


def _fill_reported(apps, schema_editor):
    schema_editor.execute(
        "UPDATE comments_comment SET reported = %s WHERE reason_codes LIKE %s",
        [True, "%,reported,%"],
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_comment_text_immutable_trigger")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="reported",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(_triggers.sqlite_recreate, migrations.RunPython.noop),
        migrations.RunPython(_fill_reported, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["status", "-risk", "created_at", "id"], name="comment_risk_queue_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["status", "reported", "language", "created_at"],
                name="comment_reported_queue_idx",
            ),
        ),
    ]

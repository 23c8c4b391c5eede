"""The story foreign key's own index duplicates the first column of ``comment_thread_idx``
(story, status, created_at), which serves the same lookups; every insert paid for both."""

import django.db.models.deletion
from django.db import migrations, models

from majlis.migration_ops import foreign_key_index_drop


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_author_status_index"),
        ("stories", "0003_story_newest_index"),
    ]

    operations = [
        foreign_key_index_drop(
            model_name="comment",
            name="story",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="comments",
                to="stories.story",
            ),
            table="comments_comment",
            index="comments_comment_story_id_7a28b6c5",
        ),
    ]

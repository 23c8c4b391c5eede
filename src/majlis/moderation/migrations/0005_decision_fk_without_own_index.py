"""The comment foreign key's own index duplicates the first column of ``decision_comment_idx``
(comment, created_at), which serves the same lookups; every decision paid for both."""

import django.db.models.deletion
from django.db import migrations, models

from majlis.migration_ops import foreign_key_index_drop


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0004_moderator_profile"),
        ("comments", "0005_story_fk_without_own_index"),
    ]

    operations = [
        foreign_key_index_drop(
            model_name="decision",
            name="comment",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="comments.comment",
            ),
            table="moderation_decision",
            index="moderation_decision_comment_id_64a73931",
        ),
    ]

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from majlis.comments.errors import ImmutableText
from majlis.comments.models import Comment


@pytest.fixture
def comment(make_comment):
    return make_comment("The text as the reader wrote it.")


def test_model_save_refuses_changed_text(comment):
    comment.text = "Edited by someone."
    with pytest.raises(ImmutableText):
        comment.save()
    assert Comment.objects.get(pk=comment.pk).text == "The text as the reader wrote it."


def test_model_save_refuses_changed_text_after_reload(comment):
    reloaded = Comment.objects.get(pk=comment.pk)
    reloaded.text = "Edited."
    with pytest.raises(ImmutableText):
        reloaded.save()


def test_queryset_update_refuses_text(comment):
    with pytest.raises(ImmutableText):
        Comment.objects.filter(pk=comment.pk).update(text="Edited.")


def test_other_fields_may_change(comment):
    comment.language = "en"
    comment.save(update_fields=["language"])
    assert Comment.objects.get(pk=comment.pk).language == "en"


def test_raw_sql_update_of_text_fails_in_database(comment):
    with (
        pytest.raises(IntegrityError, match="immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE comments_comment SET text = %s WHERE id = %s", ["Edited.", comment.pk]
        )
    assert Comment.objects.get(pk=comment.pk).text == "The text as the reader wrote it."


def test_raw_sql_update_of_other_columns_works(comment):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET language = %s WHERE id = %s", ["ckb", comment.pk]
        )
    assert Comment.objects.get(pk=comment.pk).language == "ckb"


def test_raw_sql_update_to_same_text_is_harmless(comment):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE comments_comment SET text = text, risk = 0.5 WHERE id = %s", [comment.pk]
        )
    assert Comment.objects.get(pk=comment.pk).risk == 0.5

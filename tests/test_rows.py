"""``majlis.rows``: the cursor-level reads and inserts must give what the ORM gives."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.models import Decision
from majlis.rows import row_get, row_insert, rows_insert, rows_insert_values, rows_update
from majlis.stories.models import Story

pytestmark = pytest.mark.django_db(transaction=True)


def _columns(instance: Any) -> dict[str, Any]:
    # Types too: True == 1 and a datetime's text would otherwise slip through.
    return {
        f.attname: (type(getattr(instance, f.attname)), getattr(instance, f.attname))
        for f in type(instance)._meta.concrete_fields
    }


def test_a_row_read_equals_the_orms_read_for_every_column_type(story: Any) -> None:
    Story.objects.filter(pk=story.pk).update(comments_open=False, thread_version=7)
    comment = Comment.objects.create(
        story=story, author_name="Hêja", author_email="heja@example.org", text="Baş e 👍"
    )
    Comment.objects.filter(pk=comment.pk).update(
        risk=0.25, reported=True, language="kmr", language_confidence=0.9
    )
    decision = Decision.objects.create(
        comment=comment,
        actor_kind="system",
        decision="hold",
        reasons=["reported"],
        scores={"threat": 0.5},
        spans=[{"start": 0, "end": 3}],
    )

    for model, pk in ((Story, story.pk), (Comment, comment.pk), (Decision, decision.pk)):
        read = row_get(model, id=pk)
        assert read is not None
        assert _columns(read) == _columns(model.objects.get(pk=pk)), model.__name__
        assert read._state.adding is False


def test_a_missing_row_is_none(db: Any) -> None:
    assert row_get(Story, id=123456) is None
    assert row_get(Comment, author_email="nobody@example.org", idempotency_key="k") is None


def test_an_inserted_row_reads_back_as_what_the_orm_would_have_stored(story: Any) -> None:
    fields = {
        "story": story,
        "author_name": "Reader",
        "author_email": "reader@example.org",
        "text": "Erbil needs a plan.",
        "ip_hash": "abc",
        "idempotency_key": "key-1",
    }
    by_orm = Comment.objects.create(**fields)
    by_row = Comment(**{**fields, "idempotency_key": "key-2"})
    by_row.prepare_insert()
    row_insert(by_row)

    assert by_row.pk is not None and by_row.pk != by_orm.pk
    stored = model_to_dict(Comment.objects.get(pk=by_row.pk), exclude=["id", "created_at"])
    expected = model_to_dict(Comment.objects.get(pk=by_orm.pk), exclude=["id", "created_at"])
    assert stored == {**expected, "idempotency_key": "key-2"}
    assert Comment.objects.get(pk=by_row.pk).status == CommentStatus.PENDING


def test_an_insert_breaking_a_constraint_raises_the_orms_integrity_error(story: Any) -> None:
    first = Comment(story=story, author_name="A", author_email="a@example.org", text="One.")
    first.idempotency_key = "same"
    first.prepare_insert()
    row_insert(first)
    again = Comment(story=story, author_name="A", author_email="a@example.org", text="One.")
    again.idempotency_key = "same"
    again.prepare_insert()
    with pytest.raises(IntegrityError), transaction.atomic():
        row_insert(again)
    assert Comment.objects.filter(idempotency_key="same").count() == 1


def test_many_rows_inserted_at_once_each_get_their_own_key(story: Any) -> None:
    comment = Comment.objects.create(
        story=story, author_name="A", author_email="a@example.org", text="Hi."
    )
    # More rows than one statement may carry on SQLite (999 parameters): several chunks.
    decisions = [
        Decision(comment=comment, actor_kind="moderator", decision="hold", note=f"note {n}")
        for n in range(200)
    ]
    rows_insert(decisions)

    assert len({decision.pk for decision in decisions}) == 200
    for decision in decisions:
        assert Decision.objects.get(pk=decision.pk).note == decision.note


def test_values_worked_out_beforehand_insert_the_same_rows(story: Any) -> None:
    comment = Comment.objects.create(
        story=story, author_name="A", author_email="a@example.org", text="Hi."
    )
    decisions = [
        Decision(
            comment=comment,
            actor_kind="system",
            decision="hold",
            scores={"abuse": 0.5 + n / 1000},
            signals={"checks": {"n": n}},
        )
        for n in range(150)  # several chunks on SQLite
    ]
    values = rows_insert_values(decisions)
    assert len(values) == 150 and isinstance(values[0], list)
    rows_insert(decisions, values=values)

    for n, decision in enumerate(decisions):
        stored = Decision.objects.get(pk=decision.pk)
        assert stored.scores == {"abuse": 0.5 + n / 1000} and stored.signals == {"checks": {"n": n}}
    with pytest.raises(ValueError, match="one row of values per instance"):
        rows_insert(decisions[:2], values=values[:1])


def test_rows_updated_at_once_get_each_their_own_values(story: Any) -> None:
    comments = [
        Comment.objects.create(
            story=story, author_name="A", author_email=f"a{n}@example.org", text=f"Text {n}."
        )
        for n in range(3)
    ]
    for n, comment in enumerate(comments):
        comment.status = CommentStatus.APPROVED if n else CommentStatus.REJECTED
        comment.risk = n / 10
        comment.reported = n == 2
        comment.author_name = "not saved"  # not among the fields: stays as stored
    rows_update(comments, ["status", "risk", "reported"])

    stored = {c.pk: c for c in Comment.objects.filter(pk__in=[c.pk for c in comments])}
    for n, comment in enumerate(comments):
        row = stored[comment.pk]
        assert (row.status, row.risk, row.reported, row.author_name) == (
            comment.status,
            n / 10,
            n == 2,
            "A",
        )

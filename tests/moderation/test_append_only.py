from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from majlis.moderation.errors import AppendOnly
from majlis.moderation.models import Decision


@pytest.fixture
def decision(make_comment):
    return make_comment().decisions.get()


def test_model_refuses_changing_a_decision(decision):
    decision.note = "rewritten"
    with pytest.raises(AppendOnly):
        decision.save()


def test_model_refuses_deleting_a_decision(decision):
    with pytest.raises(AppendOnly):
        decision.delete()
    with pytest.raises(AppendOnly):
        Decision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(AppendOnly):
        Decision.objects.filter(pk=decision.pk).update(note="x")


def test_raw_sql_update_of_a_decision_fails_in_database(decision):
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE moderation_decision SET decision = %s WHERE id = %s",
            ["approve", decision.pk],
        )
    assert Decision.objects.get(pk=decision.pk).decision == "hold"


def test_raw_sql_delete_of_a_decision_fails_on_postgresql(decision):
    if connection.vendor != "postgresql":
        pytest.skip("the DELETE trigger exists on PostgreSQL only (see migration 0003)")
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM moderation_decision WHERE id = %s", [decision.pk])
    assert Decision.objects.filter(pk=decision.pk).exists()

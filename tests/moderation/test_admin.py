from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from majlis.moderation.models import Policy


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@news.example", "pw")
    client.force_login(user)
    return client


def test_policy_is_edited_in_the_admin_with_validation(admin_client, site):
    form = {
        "site": site.pk,
        "language": "",
        "mode": "auto",
        "reject_thresholds": '{"threat": 0.8}',
        "approve_thresholds": '{"nonsense": 0.1}',
    }
    refused = admin_client.post("/admin/moderation/policy/add/", form)
    assert refused.status_code == 200 and not Policy.objects.exists()
    form["approve_thresholds"] = '{"threat": 0.05}'
    accepted = admin_client.post("/admin/moderation/policy/add/", form)
    assert accepted.status_code == 302
    policy = Policy.objects.get()
    assert (policy.mode, policy.reject_thresholds, policy.version) == ("auto", {"threat": 0.8}, 1)


def test_comments_and_decisions_are_read_only_in_the_admin(admin_client, make_comment):
    comment = make_comment()
    page = admin_client.get(f"/admin/comments/comment/{comment.pk}/change/")
    assert page.status_code == 200
    assert admin_client.get("/admin/comments/comment/add/").status_code == 403
    assert admin_client.get(f"/admin/comments/comment/{comment.pk}/delete/").status_code == 403
    decision = comment.decisions.get()
    assert admin_client.get(f"/admin/moderation/decision/{decision.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/moderation/decision/").status_code == 200

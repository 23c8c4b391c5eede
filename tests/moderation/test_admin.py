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


def test_admin_records_the_languages_a_moderator_reads(admin_client, moderator):
    from majlis.moderation.models import ModeratorProfile

    page = admin_client.get("/admin/moderation/moderatorprofile/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="checkbox" name="languages" value="ckb"' in html
    refused = admin_client.post(
        "/admin/moderation/moderatorprofile/add/", {"user": moderator.pk, "languages": ["xx"]}
    )
    assert refused.status_code == 200 and not ModeratorProfile.objects.exists()
    accepted = admin_client.post(
        "/admin/moderation/moderatorprofile/add/",
        {"user": moderator.pk, "languages": ["ar", "ckb"]},
    )
    assert accepted.status_code == 302
    # Stored in the catalogue's order, whatever order the boxes were ticked in.
    assert ModeratorProfile.objects.get(user=moderator).languages == ["ckb", "ar"]
    listing = admin_client.get("/admin/moderation/moderatorprofile/").content.decode()
    assert "ckb, ar" in listing


def test_user_page_in_the_admin_carries_the_moderators_languages(admin_client, moderator):
    from majlis.moderation.models import ModeratorProfile

    url = f"/admin/auth/user/{moderator.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "moderator_profile-0-languages" in page.content.decode()
    form = {
        "username": moderator.username,
        "email": moderator.email,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "moderator_profile-TOTAL_FORMS": "1",
        "moderator_profile-INITIAL_FORMS": "0",
        "moderator_profile-MIN_NUM_FORMS": "0",
        "moderator_profile-MAX_NUM_FORMS": "1",
        "moderator_profile-0-languages": ["kmr", "tr"],
        "moderator_profile-0-user": str(moderator.pk),
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ModeratorProfile.objects.get(user=moderator).languages == ["kmr", "tr"]


def test_policy_language_is_chosen_from_the_six(admin_client, site):
    from majlis.moderation.models import Policy

    html = admin_client.get("/admin/moderation/policy/add/").content.decode()
    assert '<option value="ckb">' in html and '<option value="kmr">' in html
    form = {
        "site": site.pk,
        "language": "xx",
        "mode": "auto",
        "reject_thresholds": "{}",
        "approve_thresholds": "{}",
    }
    assert admin_client.post("/admin/moderation/policy/add/", form).status_code == 200
    form["language"] = "ckb"
    assert admin_client.post("/admin/moderation/policy/add/", form).status_code == 302
    assert Policy.objects.get().language == "ckb"

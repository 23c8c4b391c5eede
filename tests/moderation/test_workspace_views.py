"""Moderation workspace pages through Django's test client, against the real services and models."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from majlis.comments.models import Comment, CommentStatus
from majlis.comments.services import comment_create
from majlis.moderation.models import Decision
from majlis.moderation.services import comment_approve, comment_report
from majlis.moderation.views import text_segments
from majlis.stories.models import Site, Story

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"


@pytest.fixture
def story() -> Story:
    site = Site.objects.create(slug="demo", name="Erbil Ledger")
    return Story.objects.create(
        site=site,
        url="https://news.example/iraq-troops/",
        title="US to cut troops in Iraq to 2,500 by January 15",
        body="The Acting US Defense Secretary announced the drawdown at the Pentagon.",
    )


@pytest.fixture
def other_story(story: Story) -> Story:
    return Story.objects.create(
        site=story.site, url="https://news.example/museum/", title="Erbil opens a textile museum"
    )


def post(
    story: Story, text: str, *, email: str = "reader@example.com", name: str = "Aras"
) -> Comment:
    comment = comment_create(
        story=story, author_name=name, author_email=email, text=text, ip_address="203.0.113.7"
    )
    comment.refresh_from_db()
    return comment


@pytest.fixture
def pending(story: Story) -> Comment:
    comment = post(story, "The drawdown was expected; Baghdad must now secure the Green Zone.")
    assert comment.status == CommentStatus.PENDING, "default policy holds clean comments for review"
    return comment


@pytest.fixture
def moderator() -> User:
    user = User.objects.create_user("moderator", password="pw-for-tests-only")
    user.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="moderation")
    )
    return user


@pytest.fixture
def mod_client(moderator: User) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


def latest_decision(comment: Comment) -> Decision:
    return Decision.objects.filter(comment=comment).latest()


# --- access ---


def test_anonymous_is_sent_to_login(client: Client, pending: Comment) -> None:
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/moderation/")


def test_user_without_permission_gets_403(client: Client, pending: Comment) -> None:
    user = User.objects.create_user("reader", password="x")
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    response = client.post(reverse("moderation:comment_approve", args=[pending.pk]))
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING


def test_staff_without_permission_may_moderate(client: Client, pending: Comment) -> None:
    client.force_login(User.objects.create_user("editor", password="x", is_staff=True))
    assert client.get(QUEUE).status_code == 200


def test_login_page_renders_and_logs_in(client: Client, moderator: User) -> None:
    page = client.get("/accounts/login/?next=/moderation/")
    assert page.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in page.content
    response = client.post(
        "/accounts/login/",
        {"username": "moderator", "password": "pw-for-tests-only", "next": "/moderation/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/moderation/"


def test_decision_forms_refuse_get(mod_client: Client, pending: Comment) -> None:
    assert (
        mod_client.get(reverse("moderation:comment_approve", args=[pending.pk])).status_code == 405
    )
    assert mod_client.get(reverse("moderation:bulk_decide")).status_code == 405


def test_decision_without_csrf_token_is_refused(moderator: User, pending: Comment) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(reverse("moderation:comment_approve", args=[pending.pk]))
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING


# --- queue page ---


def test_queue_shows_card_with_escaped_text(mod_client: Client, story: Story) -> None:
    comment = post(story, "<script>alert('x')</script> Baghdad <b>bold</b>")
    response = mod_client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert story.title in html
    assert f'id="comment-{comment.pk}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_pending_queue_is_oldest_first_and_sortable_by_risk(
    mod_client: Client, story: Story
) -> None:
    first = post(story, "First comment about the troop withdrawal from Iraq.")
    second = post(story, "Second comment: the rockets on the Green Zone worry me.")
    Comment.objects.filter(pk=second.pk).update(risk=0.7)
    oldest = [card.comment.pk for card in mod_client.get(QUEUE).context["cards"]]
    assert oldest == [first.pk, second.pk]
    by_risk = [card.comment.pk for card in mod_client.get(QUEUE + "?sort=risk").context["cards"]]
    assert by_risk == [second.pk, first.pk]


def test_author_history_count_on_card(mod_client: Client, story: Story) -> None:
    post(story, "One view on the drawdown.", email="same@example.com")
    post(story, "Another view on the drawdown.", email="same@example.com")
    cards = mod_client.get(QUEUE).context["cards"]
    assert {card.history["total"] for card in cards} == {2}
    assert "2 comments by this author" in mod_client.get(QUEUE).content.decode()


def test_filters_by_story_language_and_reason(
    mod_client: Client, story: Story, other_story: Story
) -> None:
    on_iraq = post(story, "The drawdown to 2,500 troops is a sensible step.")
    on_museum = post(other_story, "The museum's textiles are beautiful.")
    ids = lambda response: {card.comment.pk for card in response.context["cards"]}  # noqa: E731
    assert ids(mod_client.get(QUEUE + f"?story={other_story.pk}")) == {on_museum.pk}
    Comment.objects.filter(pk=on_iraq.pk).update(language="ar")
    assert ids(mod_client.get(QUEUE + "?language=ar")) == {on_iraq.pk}
    Comment.objects.filter(pk=on_museum.pk).update(reason_codes=",off_topic,")
    assert ids(mod_client.get(QUEUE + "?reason=off_topic")) == {on_museum.pk}


def test_malformed_filters_are_ignored_not_errors(mod_client: Client, pending: Comment) -> None:
    response = mod_client.get(
        QUEUE + "?queue=nope&sort=%00&story=%00&reason=<x>&language=zz&page=-4"
    )
    assert response.status_code == 200
    assert [card.comment.pk for card in response.context["cards"]] == [pending.pk]


def test_queues_split_reported_approved_rejected(
    mod_client: Client, moderator: User, story: Story
) -> None:
    waiting = post(story, "Waiting for a moderator to read about the troops.")
    approved = post(story, "Approved comment on the Iraq drawdown.")
    reported = post(story, "A reported comment on the Iraq drawdown.")
    comment_approve(comment=approved, moderator=moderator)
    comment_approve(comment=reported, moderator=moderator)
    comment_report(comment=reported, note="reader says it is offensive")
    queue_ids = {
        name: {c.comment.pk for c in mod_client.get(QUEUE + f"?queue={name}").context["cards"]}
        for name in ("pending", "reported", "approved", "rejected")
    }
    assert queue_ids == {
        "pending": {waiting.pk},
        "reported": {reported.pk},
        "approved": {approved.pk},
        "rejected": set(),
    }
    tabs = {tab["name"]: tab["count"] for tab in mod_client.get(QUEUE).context["tabs"]}
    assert tabs == {"pending": 1, "reported": 1, "approved": 1, "rejected": 0}


# --- decisions ---


def test_approve_records_moderator_decision(
    mod_client: Client, moderator: User, pending: Comment
) -> None:
    response = mod_client.post(
        reverse("moderation:comment_approve", args=[pending.pk]),
        {"note": "fine", "next": "/moderation/?sort=risk"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/moderation/?sort=risk"
    pending.refresh_from_db()
    assert pending.status == CommentStatus.APPROVED
    decision = latest_decision(pending)
    assert (decision.decision, decision.moderator, decision.note) == ("approve", moderator, "fine")


def test_approve_twice_is_reported_not_crashed(mod_client: Client, pending: Comment) -> None:
    url = reverse("moderation:comment_approve", args=[pending.pk])
    mod_client.post(url)
    response = mod_client.post(url, follow=True)
    assert response.status_code == 200
    assert "was not approved" in response.content.decode()
    assert Decision.objects.filter(comment=pending, decision="approve").count() == 1


def test_reject_with_reasons_and_abuse_target(mod_client: Client, pending: Comment) -> None:
    response = mod_client.post(
        reverse("moderation:comment_reject", args=[pending.pk]),
        {"reasons": ["personal_attack"], "abuse_target": "religion", "note": "insult"},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == CommentStatus.REJECTED
    decision = latest_decision(pending)
    assert decision.reasons == ["personal_attack", "abuse"]
    assert decision.abuse_target == "religion"
    assert decision.note == "insult"


def test_reject_needs_a_known_reason(mod_client: Client, pending: Comment) -> None:
    url = reverse("moderation:comment_reject", args=[pending.pk])
    for data in ({}, {"reasons": ["not_a_category"]}, {"reasons": ["reported"]}):
        response = mod_client.post(url, data, follow=True)
        assert response.status_code == 200
        assert "was not rejected" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING


def test_unknown_comment_is_404(mod_client: Client) -> None:
    assert mod_client.post(reverse("moderation:comment_approve", args=[999999])).status_code == 404
    assert mod_client.get(reverse("moderation:comment_history", args=[999999])).status_code == 404


def test_offsite_next_is_not_followed(mod_client: Client, pending: Comment) -> None:
    response = mod_client.post(
        reverse("moderation:comment_approve", args=[pending.pk]),
        {"next": "https://evil.example/phish"},
    )
    assert response["Location"] == "/moderation/"


def test_bulk_approve(mod_client: Client, story: Story) -> None:
    comments = [post(story, f"Comment number {n} on the troop cut.") for n in range(3)]
    response = mod_client.post(
        reverse("moderation:bulk_decide"),
        {"comments": [c.pk for c in comments[:2]], "action": "approve"},
    )
    assert response.status_code == 302
    statuses = [Comment.objects.get(pk=c.pk).status for c in comments]
    assert statuses == ["approved", "approved", "pending"]


def test_bulk_reject_requires_reasons_then_rejects(mod_client: Client, story: Story) -> None:
    comments = [post(story, f"Buy cheap watches number {n}") for n in range(2)]
    ids = [c.pk for c in comments]
    mod_client.post(reverse("moderation:bulk_decide"), {"comments": ids, "action": "reject"})
    assert set(Comment.objects.filter(pk__in=ids).values_list("status", flat=True)) != {"rejected"}
    mod_client.post(
        reverse("moderation:bulk_decide"),
        {"comments": ids, "action": "reject", "reasons": ["promotion"]},
    )
    assert set(Comment.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"rejected"}
    assert all(latest_decision(c).reasons == ["promotion"] for c in comments)


def test_bulk_skips_already_decided_and_keeps_the_rest(
    mod_client: Client, moderator: User, story: Story
) -> None:
    done = post(story, "Already approved remark on the drawdown.")
    fresh = post(story, "Fresh remark on the drawdown.")
    comment_approve(comment=done, moderator=moderator)
    response = mod_client.post(
        reverse("moderation:bulk_decide"),
        {"comments": [done.pk, fresh.pk], "action": "approve"},
        follow=True,
    )
    assert f"#{done.pk}" in response.content.decode()
    assert Comment.objects.get(pk=fresh.pk).status == "approved"
    assert Decision.objects.filter(comment=done, decision="approve").count() == 1


def test_bulk_with_unknown_ids_changes_nothing(mod_client: Client, pending: Comment) -> None:
    response = mod_client.post(
        reverse("moderation:bulk_decide"),
        {"comments": [pending.pk, 987654], "action": "approve"},
        follow=True,
    )
    assert response.status_code == 200
    assert Comment.objects.get(pk=pending.pk).status == "pending"


# --- history and author pages ---


def test_history_lists_every_decision_in_order(
    mod_client: Client, moderator: User, pending: Comment
) -> None:
    comment_approve(comment=pending, moderator=moderator, note="looks fine")
    mod_client.post(
        reverse("moderation:comment_reject", args=[pending.pk]), {"reasons": ["off_topic"]}
    )
    response = mod_client.get(reverse("moderation:comment_history", args=[pending.pk]))
    assert response.status_code == 200
    kinds = [d.decision for d in response.context["decisions"]]
    assert kinds[-2:] == ["approve", "reject"]
    assert kinds[0] == "hold"  # the system's decision when the comment arrived
    assert "looks fine" in response.content.decode()


def test_author_page_lists_only_that_authors_comments(mod_client: Client, story: Story) -> None:
    mine = [
        post(story, f"My comment {n} on the drawdown.", email="me@example.com") for n in range(2)
    ]
    theirs = post(story, "Someone else's comment.", email="other@example.com")
    response = mod_client.get(reverse("moderation:author_comments", args=[mine[0].pk]))
    assert response.status_code == 200
    assert {c.pk for c in response.context["page"]} == {c.pk for c in mine}
    assert theirs.text not in response.content.decode()


# --- highlighting ---


def test_text_segments_mark_spans_and_keep_text_whole() -> None:
    text = "call 0750 123 4567 you idiot"
    spans = [
        {"start": 5, "end": 18, "category": "promotion", "weight": 0.9},
        {"start": 23, "end": 28, "category": "personal_attack", "weight": 0.8},
        {"start": 15, "end": 25, "category": "profanity", "weight": 0.1},  # overlap, lighter
        {"start": "bad", "end": None, "category": "x"},  # malformed: ignored
    ]
    segments = text_segments(text, spans)
    assert "".join(s.text for s in segments) == text
    marked = [(s.text, s.category) for s in segments if s.category]
    assert marked == [
        ("0750 123 4567", "promotion"),
        (" you ", "profanity"),
        ("idiot", "personal_attack"),
    ]


def test_highlighted_span_is_escaped_in_page(mod_client: Client, story: Story) -> None:
    comment = post(story, "see <img src=x onerror=alert(1)> now")
    decision = latest_decision(comment)
    # A real pipeline span over the markup-looking part of the text.
    Decision.objects.create(
        comment=comment,
        actor_kind="system",
        decision="hold",
        reasons=["needs_review"],
        scores={"promotion": 0.5},
        spans=[{"start": 4, "end": 32, "category": "promotion", "weight": 0.5}],
        signals=decision.signals,
    )
    html = mod_client.get(QUEUE).content.decode()
    assert '<mark data-category="promotion"' in html
    assert "&lt;img src=x onerror=alert(1)&gt;</mark>" in html
    assert "<img src=x" not in html


def test_story_filter_is_a_search_field_not_a_menu_of_every_story(
    mod_client: Client, story: Story, other_story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_iraq = post(story, "The drawdown to 2,500 troops is a sensible step.")
    on_museum = post(other_story, "The museum's textiles are beautiful.")
    ids = lambda response: {card.comment.pk for card in response.context["cards"]}  # noqa: E731
    monkeypatch.setattr("majlis.moderation.forms.STORY_MENU_SIZE", 1)
    response = mod_client.get(QUEUE)
    html = response.content.decode()
    # No <select> of stories: a search box with a few recent titles as suggestions.
    assert 'name="story"' in html and '<select name="story"' not in html
    assert [s.pk for s in response.context["story_suggestions"]] == [other_story.pk]
    assert f'<option value="{other_story.title}">' in html
    # Words of a title (any case), a number, or "#number" filter the queue.
    assert ids(mod_client.get(QUEUE + "?story=TEXTILE")) == {on_museum.pk}
    assert ids(mod_client.get(QUEUE + f"?story={story.pk}")) == {on_iraq.pk}
    assert ids(mod_client.get(QUEUE + f"?story=%23{story.pk}")) == {on_iraq.pk}
    assert ids(mod_client.get(QUEUE + "?story=no+such+headline")) == set()
    response = mod_client.get(QUEUE + "?story=textile")
    assert 'value="textile"' in response.content.decode()


def test_login_with_wrong_password_shows_an_error(client: Client, moderator: User) -> None:
    response = client.post(
        "/accounts/login/", {"username": "moderator", "password": "wrong", "next": "/moderation/"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "correct username and password" in html
    assert '<input type="hidden" name="next" value="/moderation/">' in html


def test_article_link_points_to_demo_page_for_demo_stories(
    mod_client: Client, pending: Comment, story: Story
) -> None:
    html = mod_client.get(QUEUE).content.decode()
    assert 'href="/demo/iraq-troops/"' in html
    Site.objects.filter(pk=story.site_id).update(slug="herald")
    html = mod_client.get(QUEUE).content.decode()
    assert f'href="{story.url}"' in html


def test_queue_pages_and_capped_counts(
    mod_client: Client, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("majlis.moderation.views.PAGE_SIZE", 2)
    monkeypatch.setattr("majlis.moderation.views.COUNT_CAP", 3)
    made = [
        post(story, f"Remark {n} on the drawdown.", email=f"p{n}@example.com") for n in range(5)
    ]
    seen = []
    for number in (1, 2, 3):
        response = mod_client.get(QUEUE + f"?page={number}")
        seen += [card.comment.pk for card in response.context["cards"]]
        assert response.context["page"].has_next == (number < 3)
    assert seen == [c.pk for c in made]
    html = mod_client.get(QUEUE + "?page=2").content.decode()
    assert "page=1" in html and "page=3" in html
    pending_tab = mod_client.get(QUEUE).context["tabs"][0]
    assert (pending_tab["count"], pending_tab["count_label"]) == (4, "3+")

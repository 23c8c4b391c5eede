"""End to end in a real browser: a reader posts through the embed on the demo page, a moderator
decides in the workspace, and only the approved comment appears under the article."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.models import Decision
from majlis.stories.models import Site, Story

from .pages import new_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-test-password"
APPROVED_TEXT = (
    '<img src=x onerror="window.__majlisXss=1"> The cut to 2,500 troops leaves '
    "Erbil more exposed to rocket attacks."
)
REJECTED_TEXT = "Nobody asked for this drawdown and the Pentagon knows it, frankly."


@pytest.fixture
def demo_story() -> Story:
    site, _ = Site.objects.get_or_create(slug="demo", defaults={"name": "Erbil Ledger"})
    Site.objects.filter(pk=site.pk).update(allowed_origins=["http://news.example"])
    return Story.objects.create(
        site=site,
        url="http://news.example/world/us-troops-iraq-browser-test/",
        title="US to cut troops in Iraq to 2,500 by January 15",
        body="The Acting US Defense Secretary announced the drawdown.\n\nFour rockets followed.",
        dateline="ERBIL, Kurdistan Region —",
    )


@pytest.fixture
def moderator() -> User:
    user = User.objects.create_user("browser-moderator", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="moderation")
    )
    return user


def log_in(page: Any, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/accounts/login/?next=/moderation/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/moderation/$"))


def published(story: Story, moderator: User, text: str, **extra: Any) -> Comment:
    from majlis.comments.services import comment_create
    from majlis.moderation.services import comment_approve

    comment = comment_create(
        story=story,
        author_name="Reader",
        author_email="reader@example.com",
        text=text,
        ip_address="198.51.100.4",
        **extra,
    )
    comment_approve(comment=comment, moderator=moderator)
    return comment


def post_comment(page: Any, *, name: str, email: str, text: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Comment", exact=True).fill(text)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/comments")) as response:
        page.get_by_role("button", name="Post comment").click()
    assert response.value.status == 202, response.value.text()
    notice = page.get_by_role("status").filter(has_text="awaiting moderation")
    notice.wait_for()


def test_reader_posts_moderator_decides_page_shows_only_approved(
    live_server: Any, browser: Any, artifacts: Path, demo_story: Story, moderator: User
) -> None:
    article_url = f"{live_server.url}/demo/{demo_story.pk}/"

    # Reader: the demo page renders the article and the embed; posting shows the notice.
    reader = new_page(browser)
    reader.goto(article_url)
    reader.get_by_role("heading", name=demo_story.title).wait_for()
    reader.get_by_text("No comments yet").wait_for()
    post_comment(reader, name="Karwan", email="karwan@example.com", text=APPROVED_TEXT)
    # The form keeps name and e-mail, clears the text, and moves focus to the notice.
    assert reader.get_by_label("Comment", exact=True).input_value() == ""
    reader.screenshot(path=artifacts / "01-reader-posted.png", full_page=True)
    post_comment(reader, name="Rebin", email="rebin@example.com", text=REJECTED_TEXT)
    assert reader.locator(".majlis-comment").count() == 0, "nothing is public before moderation"

    approved = Comment.objects.get(author_email="karwan@example.com")
    rejected = Comment.objects.get(author_email="rebin@example.com")
    assert approved.status == rejected.status == CommentStatus.PENDING
    assert approved.text == APPROVED_TEXT

    # Moderator: logs in, approves one with the button, rejects the other from the keyboard.
    mod = new_page(browser)
    mod.goto(f"{live_server.url}/moderation/")
    assert "/accounts/login/" in mod.url
    mod.get_by_label("Username").fill(moderator.username)
    mod.get_by_label("Password").fill(PASSWORD)
    mod.get_by_role("button", name="Log in").click()
    mod.wait_for_url(re.compile(r"/moderation/$"))
    approve_card = mod.locator(f"#comment-{approved.pk}")
    reject_card = mod.locator(f"#comment-{rejected.pk}")
    approve_card.wait_for()
    # The comment text is shown as typed, not interpreted as markup.
    assert APPROVED_TEXT in approve_card.locator(".ws-text").inner_text()
    mod.screenshot(path=artifacts / "02-moderator-queue.png", full_page=True)
    approve_card.get_by_role("button", name=re.compile("^Approve")).click()
    mod.get_by_text(f"Comment #{approved.pk} approved.").wait_for()

    reject_card.wait_for()
    reject_card.click()  # select the card, then: r opens the panel, 1 ticks off-topic, r rejects
    mod.keyboard.press("r")
    mod.keyboard.press("1")
    assert reject_card.get_by_label(re.compile("Not relevant to the article")).is_checked()
    mod.screenshot(path=artifacts / "03-moderator-rejecting.png", full_page=True)
    mod.keyboard.press("r")
    mod.get_by_text(f"Comment #{rejected.pk} rejected.").wait_for()
    mod.get_by_text("The queue is empty").wait_for()

    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert approved.status == CommentStatus.APPROVED
    assert rejected.status == CommentStatus.REJECTED
    last = Decision.objects.filter(comment=rejected).latest()
    assert (last.moderator, last.reasons) == (moderator, ["off_topic"])

    # Reader again: the approved comment is on the page (as text), the rejected one never is.
    reader.goto(article_url)
    comment = reader.locator(f".majlis-comment[data-comment-id='{approved.pk}']")
    comment.wait_for()
    assert APPROVED_TEXT in comment.locator(".majlis-comment-text").inner_text()
    assert comment.locator("img").count() == 0
    assert reader.evaluate("window.__majlisXss") is None
    assert REJECTED_TEXT not in reader.content()
    assert reader.locator(".majlis-comment").count() == 1
    reader.screenshot(path=artifacts / "04-reader-sees-approved.png", full_page=True)
    assert reader.js_errors == [] and mod.js_errors == []
    reader.context.close()
    mod.context.close()


def test_form_shows_errors_next_to_fields_and_reply_moves_focus(
    live_server: Any, browser: Any, artifacts: Path, demo_story: Story, moderator: User
) -> None:
    from majlis.comments.services import comment_create
    from majlis.moderation.services import comment_approve

    published = comment_create(
        story=demo_story,
        author_name="Dilan",
        author_email="dilan@example.com",
        text="Four rockets an hour later says a lot about Baghdad's security.",
        ip_address="198.51.100.4",
    )
    comment_approve(comment=published, moderator=moderator)
    page = new_page(browser)
    page.goto(f"{live_server.url}/demo/{demo_story.pk}/")
    page.locator(f".majlis-comment[data-comment-id='{published.pk}']").wait_for()

    # Client-side check: empty submit marks every field and focuses the first.
    page.get_by_role("button", name="Post comment").click()
    name = page.get_by_label("Name")
    assert name.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "author_name"

    # Server-side check: the API's JSON errors appear next to the field they name.
    page.get_by_label("Name").fill("Karwan")
    page.get_by_label("Email").fill("karwan@example.com")
    page.get_by_label("Comment", exact=True).fill("x" * 5000)
    page.get_by_role("button", name="Post comment").click()
    text_error = page.locator(".majlis-field-text .majlis-field-error")
    text_error.wait_for()
    assert text_error.inner_text().strip() != ""
    assert page.get_by_label("Comment", exact=True).get_attribute("aria-invalid") == "true"
    page.screenshot(path=artifacts / "05-embed-errors.png", full_page=True)

    # Reply: the form moves under the comment and takes focus; the reply carries parent_id.
    page.get_by_role("button", name="Reply").first.click()
    assert page.evaluate("document.activeElement.name") == "text"
    page.get_by_label("Comment", exact=True).fill("I agree, the timing was no accident.")
    with page.expect_request(lambda r: r.url.endswith("/api/v1/comments")) as request:
        page.get_by_role("button", name="Post comment").click()
    body = request.value.post_data_json
    assert body["parent_id"] == published.pk
    assert body["website"] == ""
    assert re.fullmatch(r"[0-9a-f-]{32,36}", request.value.headers["idempotency-key"])
    page.get_by_role("status").filter(has_text="awaiting moderation").wait_for()
    reply = Comment.objects.get(text="I agree, the timing was no accident.")
    assert reply.parent_id == published.pk
    assert page.js_errors == []
    page.context.close()


def test_embed_on_another_origin_and_right_to_left(
    live_server: Any,
    browser: Any,
    artifacts: Path,
    demo_story: Story,
    newsroom_server: Callable[[str], str],
) -> None:
    # A newsroom page on another origin, carrying only the script tag; its API base comes from src.
    api = live_server.url
    article = f"""<!doctype html><html lang="ckb" dir="rtl"><head><meta charset="utf-8">
      <meta property="og:description" content="سوپای ئەمریکا ٥٠٠ سەرباز لە عێراق دەکشێنێتەوە.">
      <title>هەواڵ</title></head><body><h1>هەواڵی تاقیکردنەوە</h1>
      <script src="{api}/static/majlis/embed.js" data-site="demo"
        data-url="https://news.example/ckb/first-load/" data-title="هەواڵی تاقیکردنەوە"
        data-lang="ckb" async></script></body></html>"""
    origin = newsroom_server(article)
    assert origin.split(":")[1] != api.split(":")[1], "the page and the API differ in origin"
    Site.objects.filter(slug="demo").update(allowed_origins=[origin])
    page = new_page(browser)
    page.goto(f"{origin}/article/")
    # data-lang="ckb" wins over the reader's English browser: the embed speaks Sorani.
    page.get_by_text("هێشتا هیچ لێدوانێک نییە").wait_for()
    embed = page.locator("section.majlis")
    assert embed.get_attribute("dir") == "rtl"
    assert embed.get_attribute("lang") == "ckb"
    # First load created the story from the tag's URL and title, and the page's description
    # as its text (what relevance is judged against).
    story = Story.objects.get(url="https://news.example/ckb/first-load/")
    assert story.title == "هەواڵی تاقیکردنەوە"
    assert story.body == "سوپای ئەمریکا ٥٠٠ سەرباز لە عێراق دەکشێنێتەوە."
    assert story.language == "ckb"
    # Right-to-left layout: the submit button sits at the inline end, which is the left.
    box = page.get_by_role("button", name="ناردنی لێدوان").bounding_box()
    embed_box = embed.bounding_box()
    assert box["x"] < embed_box["x"] + embed_box["width"] / 2
    page.screenshot(path=artifacts / "06-embed-cross-origin-rtl.png", full_page=True)
    assert page.js_errors == []
    page.context.close()


def test_load_more_and_order(
    live_server: Any,
    browser: Any,
    artifacts: Path,
    demo_story: Story,
    moderator: User,
    settings: Any,
) -> None:
    settings.MAJLIS_THREAD_PAGE_SIZE = 2
    comments = [
        published(demo_story, moderator, f"Point {n} about the drawdown from Iraq.")
        for n in range(5)
    ]
    published(demo_story, moderator, "A reply to the first point.", parent=comments[0])
    page = new_page(browser)
    page.goto(f"{live_server.url}/demo/{demo_story.pk}/")
    top = page.locator(".majlis-comments > .majlis-comment")
    top.first.wait_for()
    ids = lambda: [int(i) for i in top.evaluate_all("els => els.map(e => e.dataset.commentId)")]  # noqa: E731
    assert ids() == [comments[4].pk, comments[3].pk], "newest first, one page"
    more = page.get_by_role("button", name="Load more comments")
    more.click()
    expect(page.locator(".majlis-comments > li")).to_have_count(4)
    # Keyboard users stay in place: focus lands on the first newly loaded comment.
    assert page.evaluate("document.activeElement.id").endswith(f"c{comments[2].pk}")
    more.click()
    expect(page.locator(".majlis-comments > li")).to_have_count(5)
    assert more.is_hidden()
    assert ids() == [c.pk for c in reversed(comments)]
    # The reply is threaded under its parent, not listed at the top level.
    reply = page.locator(f".majlis-comment[data-comment-id='{comments[0].pk}'] .majlis-replies li")
    assert "A reply to the first point." in reply.inner_text()
    page.get_by_label("Sort comments").select_option("oldest")
    expect(top.first).to_have_attribute("data-comment-id", str(comments[0].pk))
    assert ids() == [comments[0].pk, comments[1].pk]
    page.screenshot(path=artifacts / "07-embed-threaded-oldest.png", full_page=True)
    assert page.js_errors == []
    page.context.close()


def test_workspace_keyboard_and_bulk_approve(
    live_server: Any, browser: Any, artifacts: Path, demo_story: Story, moderator: User
) -> None:
    from majlis.comments.services import comment_create

    pending = [
        comment_create(
            story=demo_story,
            author_name=f"Reader {n}",
            author_email=f"r{n}@example.com",
            text=f"Pending remark {n} on the troop numbers.",
            ip_address="198.51.100.9",
        )
        for n in range(3)
    ]
    page = new_page(browser)
    log_in(page, live_server.url, moderator)
    cards = page.locator("[data-ws-card]")
    cards.first.wait_for()
    assert cards.count() == 3
    # j/k move the selection; x ticks the selected card for a bulk decision.
    assert "is-current" in (cards.nth(0).get_attribute("class") or "")
    page.keyboard.press("j")
    assert "is-current" in (cards.nth(1).get_attribute("class") or "")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("k")
    assert "is-current" in (cards.nth(1).get_attribute("class") or "")
    assert page.locator("[data-ws-bulk-count]").inner_text() == "2"
    page.keyboard.press("?")
    page.get_by_role("dialog", name="Keyboard shortcuts").wait_for()
    page.screenshot(path=artifacts / "08-workspace-help.png")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Approve selected").click()
    page.get_by_text("2 comments approved.").wait_for()
    statuses = [Comment.objects.get(pk=c.pk).status for c in pending]
    assert statuses == ["pending", "approved", "approved"]
    assert page.locator("[data-ws-card]").count() == 1
    # a approves the selected (remaining) card.
    page.keyboard.press("a")
    page.get_by_text(f"Comment #{pending[0].pk} approved.").wait_for()
    assert Comment.objects.get(pk=pending[0].pk).status == "approved"
    # The approved ones are listed in the Approved queue.
    page.get_by_role("link", name=re.compile("^Approved")).click()
    page.locator(f"#comment-{pending[1].pk}").wait_for()
    page.screenshot(path=artifacts / "09-workspace-approved-queue.png", full_page=True)
    assert page.js_errors == []
    page.context.close()


def test_retry_after_network_failure_reuses_idempotency_key(
    live_server: Any, browser: Any, demo_story: Story
) -> None:
    page = new_page(browser)
    keys: list[str] = []

    def flaky(route: Any) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.abort("connectionreset")  # the first attempt never reaches the server
        else:
            route.continue_()

    page.route("**/api/v1/comments", flaky)
    page.goto(f"{live_server.url}/demo/{demo_story.pk}/")
    page.get_by_label("Name").fill("Sherzad")
    page.get_by_label("Email").fill("sherzad@example.com")
    page.get_by_label("Comment", exact=True).fill("Posted over a bad connection from Duhok.")
    page.get_by_role("button", name="Post comment").click()
    page.get_by_text("could not be sent").wait_for()
    page.get_by_role("button", name="Post comment").click()
    page.get_by_role("status").filter(has_text="awaiting moderation").wait_for()
    assert len(keys) == 2 and keys[0] == keys[1]
    assert Comment.objects.filter(author_email="sherzad@example.com").count() == 1
    # A new comment after success gets a new key.
    page.get_by_label("Comment", exact=True).fill("A second, different comment.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".majlis-submit")).to_be_enabled()
    page.get_by_role("status").filter(has_text="awaiting moderation").wait_for()
    assert len(keys) == 3 and keys[2] != keys[0]
    assert page.js_errors == []
    page.context.close()


def test_reader_reports_a_published_comment(
    live_server: Any, browser: Any, demo_story: Story, moderator: User
) -> None:
    target = published(demo_story, moderator, "A published remark a reader objects to.")
    page = new_page(browser)
    page.goto(f"{live_server.url}/demo/{demo_story.pk}/")
    card = page.locator(f".majlis-comment[data-comment-id='{target.pk}']")
    card.wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Report").click()
    page.get_by_role("status").filter(has_text="moderators will look").wait_for()
    target.refresh_from_db()
    assert target.status == CommentStatus.PENDING
    assert target.reasons == ["reported"]
    # It left the page and waits in the workspace's Reported queue.
    page.reload()
    page.get_by_text("No comments yet").wait_for()
    log_in(page, live_server.url, moderator)
    page.goto(f"{live_server.url}/moderation/?queue=reported")
    page.locator(f"#comment-{target.pk}").wait_for()
    assert page.js_errors == []
    page.context.close()

"""Hostile text in the real browser (Debian's chromium): posted through the API, approved in the
workspace, then shown by the embed on an article page and by the workspace, both served with
``majlis.security``'s CSP. Nothing executes, the page does not overflow sideways, no CSP
violation, and each text reads exactly as typed."""

from __future__ import annotations

import re

import pytest

from .hostile_corpus import MARKUP, TRICKS
from .invariants import comment_post, run_tag
from .live import moderator_session, workspace_post

PAYLOADS = [*MARKUP, *TRICKS, "<img src=x onerror=\"document.title='pwned'\">"]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _watch(page) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"dialogs": [], "csp": [], "errors": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: (
            seen["csp"].append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    return seen


def _no_sideways_overflow(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"page scrolls sideways by {overflow}px"


def test_hostile_text_renders_as_text_in_embed_and_workspace(browser, live_majlis, tmp_path):
    live = live_majlis(
        site="demo",
        MAJLIS_TEST_SECURITY="1",
        MAJLIS_THREAD_PAGE_SIZE="50",
        MAJLIS_DEFAULT_POLICY_MODE="review_all",
    )
    run = run_tag(6)
    ids = {}
    for number, text in enumerate(PAYLOADS):
        status, body = comment_post(
            live, key=f"{run}-{number}", text=text, email=f"hostile{number}@example.org"
        )
        assert status == 202, body
        ids[body["id"]] = text
    moderator = moderator_session(live)
    for comment_id in ids:
        response = workspace_post(
            moderator, live, f"/moderation/comments/{comment_id}/approve/", {"note": ""}
        )
        assert response.status_code == 302

    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    seen = _watch(page)
    article = page.goto(f"{live.base_url}/demo/{live.story_id}/")
    assert "script-src 'self';" in article.headers["content-security-policy"]
    page.wait_for_selector(".majlis-comment", timeout=30_000)
    page.wait_for_function(
        f"document.querySelectorAll('.majlis-comment').length >= {len(PAYLOADS)}", timeout=30_000
    )
    shown = page.eval_on_selector_all(
        ".majlis-comment",
        "items => items.map(item => [item.dataset.commentId, "
        "item.querySelector('.majlis-comment-text').textContent])",
    )
    assert len(shown) == len(PAYLOADS)
    for comment_id, text in shown:
        # The embed turns line breaks into <br> and blank lines into paragraphs.
        assert text == re.sub(r"\n+", "", ids[int(comment_id)]), comment_id
    assert page.title() != "pwned"
    assert (
        page.evaluate(
            "document.querySelectorAll('.majlis-comment-text script, "
            ".majlis-comment-text img, .majlis-comment-text svg, "
            ".majlis-comment-text iframe, .majlis-comment-text a').length"
        )
        == 0
    )
    _no_sideways_overflow(page)
    page.screenshot(path=str(tmp_path / "embed.png"), full_page=False)

    page.goto(f"{live.base_url}/accounts/login/")
    page.fill("input[name=username]", live.moderator)
    page.fill("input[name=password]", live.password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(re.compile(r".*/moderation/.*"))
    workspace = page.goto(f"{live.base_url}/moderation/?queue=approved")
    assert "frame-ancestors 'none'" in workspace.headers["content-security-policy"]
    texts = page.eval_on_selector_all(".ws-text", "items => items.map(i => i.textContent)")
    assert len(texts) >= 10
    # An HTML parser turns CR LF into LF (HTML spec, "normalize newlines"); nothing else changes.
    typed = {text.replace("\r\n", "\n").replace("\r", "\n") for text in ids.values()}
    for text in texts:
        assert text in typed, text[:80]
    assert (
        page.evaluate(
            "document.querySelectorAll('.ws-text script, .ws-text img, "
            ".ws-text svg, .ws-text iframe, .ws-text a').length"
        )
        == 0
    )
    _no_sideways_overflow(page)
    assert page.title() != "pwned"
    context.close()

    assert seen["dialogs"] == [], seen["dialogs"]
    assert seen["csp"] == [], seen["csp"]
    assert seen["errors"] == [], seen["errors"]

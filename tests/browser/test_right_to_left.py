"""Right-to-left in a real browser: the demo pages and the workspace in Sorani and Arabic.

Checks the page and embed direction, the translated strings, each comment's computed direction
(an English comment stays left-to-right inside a right-to-left page, an Arabic-script one is
right-to-left with its numbers, URL and Latin name in order) and saves screenshots under
``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import expect

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.models import ModeratorProfile
from majlis.stories.demo import DEMO_STORIES, demo_data_load
from majlis.stories.models import Site, Story

from .pages import new_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-rtl-password"
SORANI_TEXT = (
    "ڕۆژی شەممە سەردانی پێشانگاکەم کرد، 200 دەزگا بەشدارن. "
    "Karwan Ahmed دەڵێت نرخەکان لە 15000 دینارەوە دەست پێدەکەن: https://news.example/ckb/fair"
)
ARABIC_TEXT = (
    "عبرتُ الجسر صباح الأحد مع 3 من أصدقائي، والتفاصيل في https://news.example/ar/bridge "
    "كما كتب Omar Saleh."
)
ENGLISH_TEXT = "Great to see 200 publishers in Sulaimani, well done to the organisers."


def demo_story(language: str) -> Story:
    demo_data_load()
    slug = next(s.slug for s in DEMO_STORIES if s.language == language)
    return Story.objects.get(url=f"https://news.example/{slug}/")


@pytest.fixture
def moderator() -> User:
    user = User.objects.create_user("rtl-moderator", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="moderation")
    )
    return user


def comment(story: Story, text: str, language: str, name: str, **extra: Any) -> Comment:
    from majlis.comments.services import comment_create

    made = comment_create(
        story=story,
        author_name=name,
        author_email=f"{name.split()[0].lower()}@example.com",
        text=text,
        ip_address="198.51.100.20",
        **extra,
    )
    # The language the identifier would give it (the identifier itself is tested elsewhere).
    Comment.objects.filter(pk=made.pk).update(language=language, language_confidence=0.95)
    made.refresh_from_db()
    return made


def published(story: Story, moderator: User, text: str, language: str, name: str) -> Comment:
    from majlis.moderation.services import comment_approve

    made = comment(story, text, language, name)
    comment_approve(comment=made, moderator=moderator)
    return made


def direction_of(page: Any, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).direction")


def first_and_last_x(page: Any, selector: str) -> tuple[float, float, float, float]:
    """x of the first and of the last character of an element's text, and the element's box:
    in right-to-left text the first character sits to the right of the last one."""
    return page.eval_on_selector(
        selector,
        """el => {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          const nodes = [];
          while (walker.nextNode()) {
            if (walker.currentNode.data.trim()) nodes.push(walker.currentNode);
          }
          const first = nodes[0], last = nodes[nodes.length - 1];
          const range = document.createRange();
          range.setStart(first, 0); range.setEnd(first, 1);
          const a = range.getBoundingClientRect();
          range.setStart(last, last.data.length - 1); range.setEnd(last, last.data.length);
          const b = range.getBoundingClientRect();
          const box = el.getBoundingClientRect();
          return [a.left, b.left, box.left, box.right];
        }""",
    )


def text_order(page: Any, selector: str, first: str, second: str) -> tuple[float, float]:
    """Screen x of two substrings of an element's text (to check bidi runs keep their order)."""
    return page.eval_on_selector(
        selector,
        """(el, words) => {
          const xs = [];
          for (const word of words) {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const at = walker.currentNode.data.indexOf(word);
              if (at >= 0) {
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + 1);
                xs.push(range.getBoundingClientRect().left);
                break;
              }
            }
          }
          return xs;
        }""",
        [first, second],
    )


def test_sorani_demo_page_is_right_to_left_and_each_comment_keeps_its_direction(
    live_server: Any, browser: Any, artifacts: Path, moderator: User
) -> None:
    story = demo_story("ckb")
    sorani = published(story, moderator, SORANI_TEXT, "ckb", "Karwan Ahmed")
    english = published(story, moderator, ENGLISH_TEXT, "en", "Sarah Jones")
    # An English-speaking reader: the article's language decides the page and the embed.
    page = new_page(browser, "en-GB")
    page.goto(f"{live_server.url}/demo/sulaimani-book-fair/")
    assert page.eval_on_selector("html", "el => [el.lang, el.dir]") == ["ckb", "rtl"]
    page.get_by_role("heading", name=story.title).wait_for()
    page.get_by_text("هەواڵی زیاتر").wait_for()  # the sidebar, in Sorani
    embed = page.locator("section.majlis")
    page.locator(f".majlis-comment[data-comment-id='{sorani.pk}']").wait_for()
    assert (embed.get_attribute("dir"), embed.get_attribute("lang")) == ("rtl", "ckb")
    assert embed.locator(".majlis-heading").inner_text() == "لێدوانەکان"
    assert "لێدوان" in embed.locator(".majlis-count").inner_text()
    assert direction_of(page, "section.majlis") == "rtl"

    # The Sorani comment reads right to left; the English one left to right, on the same page.
    sorani_text = f".majlis-comment[data-comment-id='{sorani.pk}'] .majlis-comment-text p"
    english_text = f".majlis-comment[data-comment-id='{english.pk}'] .majlis-comment-text p"
    assert direction_of(page, sorani_text) == "rtl"
    assert direction_of(page, english_text) == "ltr"
    first, last, left, right = first_and_last_x(page, english_text)
    assert first < last and first - left < 20, "English starts at the left edge"
    first, last, left, right = first_and_last_x(page, sorani_text)
    assert first > last and right - first < 30, "Sorani starts at the right edge"
    # Inside the Sorani sentence the Latin name reads in its own order ("Karwan" left of
    # "Ahmed"), and the numbers and the URL stay whole.
    karwan, ahmed = text_order(page, sorani_text, "Karwan", "Ahmed")
    assert karwan < ahmed
    shown = page.locator(sorani_text).inner_text()
    assert "https://news.example/ckb/fair" in shown and "15000" in shown and "200" in shown
    # Browsers have no Sorani dates: the embed writes them with the catalogue's month names.
    shown_date = page.locator(f".majlis-comment[data-comment-id='{sorani.pk}'] time").inner_text()
    assert re.fullmatch(r"\d{1,2} \S+ \d{4}، \d\d:\d\d", shown_date), shown_date
    # Author names are isolated (<bdi>) so a Latin name does not reorder the line around it.
    author = page.locator(f".majlis-comment[data-comment-id='{english.pk}'] bdi.majlis-author")
    assert author.inner_text() == "Sarah Jones"

    # The form speaks Sorani; its submit button sits at the inline end, which is the left.
    page.get_by_label("ناو", exact=True).fill("Dilan")
    page.get_by_label("ئیمەیڵ").fill("dilan@example.com")
    page.get_by_label("لێدوان", exact=True).fill("زۆر سوپاس بۆ ئەم هەواڵە.")
    button = page.get_by_role("button", name="ناردنی لێدوان")
    box, embed_box = button.bounding_box(), embed.bounding_box()
    assert box["x"] < embed_box["x"] + embed_box["width"] / 2
    page.screenshot(path=artifacts / "rtl-01-sorani-demo.png", full_page=True)
    button.click()
    page.get_by_role("status").filter(has_text="سوپاس. لێدوانەکەت چاوەڕێی").wait_for()
    posted = Comment.objects.get(author_email="dilan@example.com")
    assert posted.status == CommentStatus.PENDING and posted.text == "زۆر سوپاس بۆ ئەم هەواڵە."
    assert page.js_errors == []
    page.context.close()


def test_arabic_demo_page_plural_and_validation_in_arabic(
    live_server: Any, browser: Any, artifacts: Path, moderator: User
) -> None:
    story = demo_story("ar")
    arabic = published(story, moderator, ARABIC_TEXT, "ar", "Omar Saleh")
    published(story, moderator, "جسر جميل، أخيرًا.", "ar", "Layla")
    english = published(story, moderator, "Good news for traffic in Mosul.", "en", "Tom")
    page = new_page(browser, "en-GB")
    page.goto(f"{live_server.url}/demo/mosul-old-bridge/")
    assert page.eval_on_selector("html", "el => [el.lang, el.dir]") == ["ar", "rtl"]
    page.locator(f".majlis-comment[data-comment-id='{arabic.pk}']").wait_for()
    embed = page.locator("section.majlis")
    assert (embed.get_attribute("dir"), embed.get_attribute("lang")) == ("rtl", "ar")
    assert embed.locator(".majlis-heading").inner_text() == "التعليقات"
    # Arabic plural: 3 takes the "few" form (تعليقات), in the reader-facing digits.
    assert re.fullmatch(r"[3٣] تعليقات", embed.locator(".majlis-count").inner_text())
    arabic_text = f".majlis-comment[data-comment-id='{arabic.pk}'] .majlis-comment-text p"
    english_text = f".majlis-comment[data-comment-id='{english.pk}'] .majlis-comment-text p"
    assert direction_of(page, arabic_text) == "rtl"
    assert direction_of(page, english_text) == "ltr"
    omar, saleh = text_order(page, arabic_text, "Omar", "Saleh")
    assert omar < saleh
    assert "https://news.example/ar/bridge" in page.locator(arabic_text).inner_text()
    # Client-side validation in Arabic.
    page.get_by_role("button", name="انشر التعليق").click()
    assert page.get_by_label("الاسم").get_attribute("aria-invalid") == "true"
    page.get_by_text("يُرجى تصحيح الحقول المحددة.").wait_for()
    assert page.locator(".majlis-field-author_name .majlis-field-error").inner_text() == (
        "هذا الحقل مطلوب."
    )
    page.get_by_label("التعليق", exact=True).fill("ب" * 3001)
    page.get_by_role("button", name="انشر التعليق").click()
    assert "تعليقك طويل جدًا" in page.locator(".majlis-field-text .majlis-field-error").inner_text()
    page.screenshot(path=artifacts / "rtl-02-arabic-demo.png", full_page=True)
    assert page.js_errors == []
    page.context.close()


def test_embed_without_data_lang_follows_the_browser(
    live_server: Any, browser: Any, artifacts: Path, newsroom_server: Callable[[str], str]
) -> None:
    site, _ = Site.objects.get_or_create(slug="demo", defaults={"name": "Demo"})
    article = f"""<!doctype html><html><head><meta charset="utf-8"><title>Page</title></head>
      <body><h1>Headline</h1><script src="{live_server.url}/static/majlis/embed.js"
      data-site="demo" data-url="https://news.example/no-lang/" data-title="Headline" async>
      </script></body></html>"""
    origin = newsroom_server(article)
    Site.objects.filter(pk=site.pk).update(allowed_origins=[origin])
    page = new_page(browser, "fa-IR")
    page.goto(f"{origin}/article/")
    page.get_by_text("هنوز دیدگاهی ثبت نشده است").wait_for()
    embed = page.locator("section.majlis")
    assert (embed.get_attribute("dir"), embed.get_attribute("lang")) == ("rtl", "fa")
    assert page.get_by_role("button", name="ارسال دیدگاه").is_visible()
    # A right-to-left embed on a left-to-right page does not make the page scroll sideways.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2, f"page scrolls sideways by {overflow}px"
    page.screenshot(path=artifacts / "rtl-05-embed-persian-from-browser.png", full_page=True)
    # Every catalogue has every message the English one has.
    missing = page.evaluate(
        """() => {
          const all = window.MajlisEmbed.messages, en = Object.keys(all.en), out = {};
          for (const lang of Object.keys(all)) {
            out[lang] = en.filter(key => !(key in all[lang]) && key !== "count.one");
          }
          return out;
        }"""
    )
    assert set(missing) == {"en", "ckb", "kmr", "ar", "fa", "tr"}
    assert all(keys == [] for keys in missing.values()), missing
    aliases = page.evaluate(
        "() => ['ku', 'ku-Arab', 'ckb-IQ', 'ar-EG', 'fa-IR', 'tr-TR', 'de', ''].map("
        "t => window.MajlisEmbed.catalogueFor(t))"
    )
    assert aliases == ["kmr", "ckb", "ckb", "ar", "fa", "tr", None, None]
    assert page.js_errors == []
    page.context.close()


def log_in(
    page: Any,
    base_url: str,
    user: User,
    *,
    username: str,
    password: str,
    submit: str,
    screenshot: Path | None = None,
) -> None:
    page.goto(f"{base_url}/accounts/login/?next=/moderation/")
    if screenshot:
        page.screenshot(path=screenshot)
    page.get_by_label(username).fill(user.username)
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=submit).click()
    page.wait_for_url(re.compile(r"/moderation/"))


def test_workspace_in_arabic_then_sorani_with_language_queues(
    live_server: Any, browser: Any, artifacts: Path, moderator: User
) -> None:
    story = demo_story("ar")
    arabic = comment(story, ARABIC_TEXT, "ar", "Omar Saleh")
    english = comment(story, "The bridge took far too long to rebuild.", "en", "Tom Baker")
    sorani = comment(demo_story("ckb"), SORANI_TEXT, "ckb", "Karwan Ahmed")
    ModeratorProfile.objects.create(user=moderator, languages=["ar", "en"])
    page = new_page(browser, "ar")
    log_in(
        page,
        live_server.url,
        moderator,
        username="اسم المستخدم",
        password="كلمة المرور",
        submit="تسجيل الدخول",
        screenshot=artifacts / "rtl-00-login-arabic.png",
    )
    assert page.eval_on_selector("html", "el => [el.lang, el.dir]") == ["ar", "rtl"]
    page.get_by_role("heading", name="التعليقات: قيد الانتظار").wait_for()
    # The moderator reads Arabic and English: the Sorani comment is not in their default queue.
    page.locator(f"#comment-{arabic.pk}").wait_for()
    assert page.locator(f"#comment-{english.pk}").count() == 1
    assert page.locator(f"#comment-{sorani.pk}").count() == 0
    tabs = page.get_by_role("navigation", name="اللغات")
    assert re.search(r"لغاتي\s*2", tabs.get_by_role("link", name=re.compile("^لغاتي")).inner_text())
    assert tabs.get_by_role("link", name=re.compile("^لغاتي")).get_attribute("aria-current")
    # Directions: the page and the Arabic comment right to left, the English one left to right.
    assert direction_of(page, "main") == "rtl"
    assert direction_of(page, f"#comment-{arabic.pk} .ws-text") == "rtl"
    assert direction_of(page, f"#comment-{english.pk} .ws-text") == "ltr"
    first, last, left, _right = first_and_last_x(page, f"#comment-{english.pk} .ws-text")
    assert first < last and first - left < 30
    # The author's e-mail address reads left to right inside the Arabic line.
    email = f"#comment-{arabic.pk} .ws-meta bdi[dir='ltr']"
    assert page.locator(email).inner_text() == "<omar@example.com>"
    less, at = text_order(page, email, "<", "@")
    assert less < at
    badge = page.locator(f"#comment-{arabic.pk} .ws-badge-language").inner_text()
    assert badge.startswith("العربية") and "ar" in badge
    # The brand sits at the right (the inline start) of the top bar.
    brand = page.locator(".ws-brand").bounding_box()
    assert brand["x"] > 1280 / 2
    page.screenshot(path=artifacts / "rtl-03-workspace-arabic.png", full_page=True)

    # "All languages" shows the Sorani comment too.
    tabs.get_by_role("link", name=re.compile("^كل اللغات")).click()
    page.locator(f"#comment-{sorani.pk}").wait_for()
    assert direction_of(page, f"#comment-{sorani.pk} .ws-text") == "rtl"
    karwan, ahmed = text_order(page, f"#comment-{sorani.pk} .ws-text", "Karwan", "Ahmed")
    assert karwan < ahmed

    # Approve in Arabic, then switch the workspace to Sorani with the language switcher.
    page.locator(f"#comment-{arabic.pk}").get_by_role("button", name=re.compile("^قبول")).click()
    page.get_by_text(f"قُبل التعليق رقم {arabic.pk}.").wait_for()
    assert Comment.objects.get(pk=arabic.pk).status == CommentStatus.APPROVED
    page.get_by_label("لغة مساحة العمل").select_option("ckb")
    page.get_by_role("button", name="تغيير اللغة").click()
    expect(page.locator("html")).to_have_attribute("lang", "ckb")
    assert page.eval_on_selector("html", "el => el.dir") == "rtl"
    page.get_by_role("heading", name="لێدوانەکان: چاوەڕوان").wait_for()
    page.get_by_role("link", name=re.compile("^هەموو زمانەکان")).wait_for()
    card = page.locator(f"#comment-{sorani.pk}")
    if not card.count():
        page.get_by_role("link", name=re.compile("^هەموو زمانەکان")).click()
    card.wait_for()
    assert card.locator(".ws-badge-language").inner_text().startswith("سۆرانی")
    assert card.get_by_role("button", name=re.compile("^پەسەندکردن")).is_visible()
    card.click()
    page.keyboard.press("r")
    assert card.get_by_label(re.compile("پەیوەندیی بە بابەتەکەوە نییە")).is_visible()
    page.screenshot(path=artifacts / "rtl-04-workspace-sorani.png", full_page=True)
    assert page.js_errors == []
    page.context.close()

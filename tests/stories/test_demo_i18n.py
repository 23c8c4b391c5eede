"""Demo stories in Sorani, Arabic and Kurmanji: their pages speak the story's language and lay
out right-to-left where it is written so; new demo stories reach databases with the old demo."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from majlis.stories.demo import DEMO_SITE_SLUG, DEMO_STORIES, demo_data_load
from majlis.stories.models import Site, Story

pytestmark = pytest.mark.django_db

EMBED = re.compile(r"<script src=\"/static/majlis/embed\.js\"[^>]*>")


@pytest.fixture
def demo() -> None:
    demo_data_load()


def by_language(language: str):
    return next(story for story in DEMO_STORIES if story.language == language)


@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("ckb", "rtl", ["هەواڵی زیاتر", "ڕێنماییەکانی لێدوانمان", "هەواڵی سەربەخۆ لە هەولێر"]),
        ("ar", "rtl", ["مزيد من الأخبار", "قواعد التعليق لدينا", "أخبار مستقلة من أربيل"]),
        ("kmr", "ltr", ["Nûçeyên din", "Rêbazên me yên şîroveyan", "Nûçeyên serbixwe"]),
        ("fa", "rtl", ["خبرهای دیگر", "قواعد دیدگاه\u200cنویسی ما"]),
        ("tr", "ltr", ["Diğer haberler", "Yorum kurallarımız"]),
    ],
)
def test_demo_story_page_speaks_its_language(
    client: Client, demo: None, language: str, direction: str, words: list[str]
) -> None:
    story = by_language(language)
    response = client.get(f"/demo/{story.slug}/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response.status_code == 200
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    for word in words:
        assert word in html
    tag = EMBED.search(html).group(0)
    assert f'data-lang="{language}"' in tag
    assert f'data-url="{story.url}"' in tag
    assert story.title in html and story.dateline in html
    # English stories in the sidebar keep their own language and direction.
    assert re.search(r'<a href="/demo/us-troops-iraq/" dir="auto" lang="en">', html)


def test_english_story_stays_english_for_an_arabic_reader(client: Client, demo: None) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "More stories" in html
    assert re.search(r'dir="auto" lang="ckb">پێشانگای', html)


def test_shipped_stories_are_in_their_language() -> None:
    assert {s.language for s in DEMO_STORIES} == {"en", "ckb", "kmr", "ar", "fa", "tr"}
    sorani = by_language("ckb")
    assert set("ەێۆڕڵ") <= set(sorani.title + sorani.body)
    assert not set("كي") & set(sorani.body), "Sorani writes ک and ی"
    assert set("êîûçş") & set(by_language("kmr").body)
    persian = by_language("fa")
    assert "\u200c" in persian.body and not set("كي") & set(persian.title + persian.body)


def test_new_demo_stories_reach_a_database_with_the_old_demo() -> None:
    # A database loaded before the Sorani, Arabic and Kurmanji stories existed.
    site = Site.objects.create(slug=DEMO_SITE_SLUG, name="Majlis demo news")
    for story in DEMO_STORIES[:5]:
        Story.objects.create(site=site, url=story.url, title=story.title, body=story.body)
    assert demo_data_load() is True
    assert demo_data_load() is False
    assert Story.objects.filter(site=site).count() == len(DEMO_STORIES)
    added = Story.objects.get(url=by_language("ar").url)
    assert (added.language, added.title) == ("ar", by_language("ar").title)
    # The stories already there are left as they were.
    assert Story.objects.get(url=DEMO_STORIES[0].url).language == "en"


def test_a_newsrooms_own_database_gets_no_demo() -> None:
    Site.objects.create(slug="herald", name="Herald")
    assert demo_data_load() is False
    assert not Site.objects.filter(slug=DEMO_SITE_SLUG).exists()


STYLESHEETS = ("embed.css", "demo.css", "workspace.css")
PHYSICAL = re.compile(
    r"(margin|padding|border)-(left|right)|\b(left|right)\s*:|"
    r"(text-align|float|clear)\s*:\s*(left|right)"
)


@pytest.mark.parametrize("name", STYLESHEETS)
def test_stylesheets_use_logical_properties_only(name: str) -> None:
    from pathlib import Path

    import majlis

    css = (Path(majlis.__file__).parent / "static" / "majlis" / name).read_text("utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not PHYSICAL.search(css), PHYSICAL.search(css).group(0)

"""The demo newsroom pages: the article from the database, the sidebar, and the embed tag."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from majlis.stories.demo import MAIN_STORY_SLUG, demo_story_url
from majlis.stories.models import Site, Story
from majlis.stories.views import paragraphs, story_slug

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site() -> Site:
    site, _ = Site.objects.get_or_create(slug="demo", defaults={"name": "Erbil Ledger"})
    return site


@pytest.fixture
def stories(demo_site: Site) -> list[Story]:
    # The main demo story may already be loaded by the demo data; otherwise create it.
    Story.objects.get_or_create(
        site=demo_site,
        url=demo_story_url(MAIN_STORY_SLUG),
        defaults={"title": "US to cut troops in Iraq to 2,500 by January 15", "body": "Text."},
    )
    created = [
        Story.objects.create(
            site=demo_site,
            url=demo_story_url("test-museum"),
            title='Erbil opens a "textile" museum <b>today</b>',
            body="First paragraph.\n\nSecond paragraph with <script>alert(1)</script>.",
            dateline="ERBIL —",
        ),
        Story.objects.create(
            site=demo_site,
            url=demo_story_url("test-sorani"),
            title="هەواڵێکی کوردی",
            body="دەقی هەواڵ.",
            language="ckb",
        ),
    ]
    return created


def embed_tag(html: str) -> str:
    match = re.search(r"<script src=\"/static/majlis/embed\.js\"[^>]*>", html)
    assert match, "the page carries the embed script tag"
    return match.group(0)


def test_home_and_demo_show_the_first_demo_story(client: Client, stories: list[Story]) -> None:
    main = Story.objects.get(url=demo_story_url(MAIN_STORY_SLUG))
    for path in ("/", "/demo/"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.context["story"] == main
        tag = embed_tag(response.content.decode())
        assert 'data-site="demo"' in tag
        assert f'data-url="{main.url}"' in tag
        assert "async" in tag


def test_story_by_slug_and_by_id(client: Client, stories: list[Story]) -> None:
    museum = stories[0]
    by_slug = client.get("/demo/test-museum/")
    by_id = client.get(f"/demo/{museum.pk}/")
    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.context["story"] == by_id.context["story"] == museum


def test_story_text_is_escaped_everywhere(client: Client, stories: list[Story]) -> None:
    html = client.get("/demo/test-museum/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>today</b>" not in html
    tag = embed_tag(html)
    assert 'data-title="Erbil opens a &quot;textile&quot; museum &lt;b&gt;today&lt;/b&gt;"' in tag
    assert '<span class="news-dateline">ERBIL —</span>' in html


def test_sidebar_links_to_other_demo_stories(client: Client, stories: list[Story]) -> None:
    html = client.get("/demo/test-museum/").content.decode()
    assert 'href="/demo/test-sorani/"' in html
    assert 'href="/demo/test-museum/"' not in html  # not to itself


def test_sidebar_links_by_id_when_the_url_is_no_slug(
    client: Client, stories: list[Story], demo_site: Site
) -> None:
    odd = Story.objects.create(
        site=demo_site, url="https://news.example/2024/11/article.html?x=<y>", title="Odd URL"
    )
    html = client.get("/demo/test-museum/").content.decode()
    assert f'href="/demo/{odd.pk}/"' in html
    assert client.get(f"/demo/{odd.pk}/").context["story"] == odd


def test_right_to_left_story_sets_lang_and_dir(client: Client, stories: list[Story]) -> None:
    html = client.get("/demo/test-sorani/").content.decode()
    assert '<html lang="ckb" dir="rtl">' in html
    assert 'data-lang="ckb"' in embed_tag(html)


def test_unknown_story_is_404(client: Client, stories: list[Story]) -> None:
    assert client.get("/demo/no-such-story/").status_code == 404
    assert client.get("/demo/999999/").status_code == 404


def test_other_sites_stories_are_not_demo_pages(client: Client, stories: list[Story]) -> None:
    other = Site.objects.create(slug="elsewhere", name="Elsewhere")
    story = Story.objects.create(site=other, url="https://elsewhere.example/secret/", title="x")
    assert client.get(f"/demo/{story.pk}/").status_code == 404
    assert client.get("/demo/secret/").status_code == 404


def test_demo_pages_refuse_post(client: Client, stories: list[Story]) -> None:
    assert client.post("/demo/").status_code == 405


def test_helpers() -> None:
    story = Story(url="https://news.example/a/b/c-story/?x=1", pk=7)
    assert story_slug(story) == "c-story"
    assert story_slug(Story(url="https://news.example/", pk=7)) == "7"
    assert story_slug(Story(url="https://news.example/a/page.html", pk=8)) == "8"
    assert paragraphs("a\r\n\r\n\r\nb\n\n  \n\nc") == ["a", "b", "c"]


def test_the_shipped_demo_data_renders(client: Client) -> None:
    from majlis.stories.demo import DEMO_STORIES, demo_data_load

    demo_data_load()  # no-op if a migration or another fixture loaded it already
    html = client.get("/").content.decode()
    assert "US to cut troops in Iraq to 2,500 by January 15" in html
    assert "ERBIL, Kurdistan Region —" in html
    for story in DEMO_STORIES[1:]:
        assert f'href="/demo/{story.slug}/"' in html
        assert client.get(f"/demo/{story.slug}/").status_code == 200

from __future__ import annotations

import pytest

from majlis.comments.errors import InvalidComment
from majlis.stories.demo import DEMO_STORIES, MAIN_STORY_SLUG, demo_data_load
from majlis.stories.models import Site, Story
from majlis.stories.selectors import demo_story_get
from majlis.stories.services import canonical_url, story_get_or_create, story_thread_changed


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://News.Example/a/#comments", "https://news.example/a/"),
        ("http://news.example", "http://news.example/"),
        ("https://news.example/a?id=3", "https://news.example/a?id=3"),
        ("  https://news.example/a  ", "https://news.example/a"),
    ],
)
def test_canonical_url(raw, canonical):
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    "bad", ["", "news.example/a", "javascript:alert(1)", "https://", "http://[::1", "https://a b/"]
)
def test_canonical_url_refuses(bad):
    with pytest.raises(InvalidComment):
        canonical_url(bad)


def test_story_get_or_create(site):
    story, created = story_get_or_create(site=site, url="https://news.example/x/", title="X")
    assert created and story.language == "en"
    again, created = story_get_or_create(site=site, url="https://NEWS.example/x/#c", title="Y")
    assert (again, created) == (story, False)
    assert again.title == "X"


def test_a_new_story_keeps_the_page_description_as_its_text(site):
    story, _ = story_get_or_create(
        site=site,
        url="https://news.example/troops/",
        title="US to cut troops in Iraq",
        description="  The Pentagon will withdraw 500 soldiers by January.  ",
    )
    story.refresh_from_db()
    assert story.body == "The Pentagon will withdraw 500 soldiers by January."
    # an existing story (perhaps edited by the newsroom) is never rewritten by a page load
    again, created = story_get_or_create(
        site=site, url=story.url, title="Other", description="Something else entirely."
    )
    assert not created and again.body == story.body


def test_a_description_with_control_characters_is_refused(site):
    with pytest.raises(InvalidComment, match="control"):
        story_get_or_create(
            site=site, url="https://news.example/y/", title="Y", description="bad\x00text"
        )


def test_demo_data_loads_once_into_an_empty_database(db):
    assert demo_data_load() is True
    assert demo_data_load() is False
    assert Site.objects.get().slug == "demo"
    assert Story.objects.count() == len(DEMO_STORIES) >= 4
    main = demo_story_get()
    assert main is not None
    assert main.title == "US to cut troops in Iraq to 2,500 by January 15"
    assert main.dateline == "ERBIL, Kurdistan Region —"
    for fact in (
        "3,000",
        "2,500",
        "January 15",
        "Afghanistan",
        "Pentagon",
        "Green Zone",
        "four rockets",
        "pandemic",
        "ISIS",
    ):
        assert fact in main.body
    assert demo_story_get(slug=MAIN_STORY_SLUG) == main
    assert demo_story_get(slug="no-such-story") is None


def test_story_edits_bump_the_thread_version_even_from_a_stale_instance(story):
    stale = Story.objects.get(pk=story.pk)
    assert stale.thread_version == 0
    story_thread_changed(story_id=story.pk)  # e.g. a moderator published a comment meanwhile
    stale.title = "A corrected headline"
    stale.save()
    assert stale.thread_version == 2  # incremented in SQL, not 0 + 1 from the stale copy
    stale.comments_open = False
    stale.save(update_fields=["comments_open"])
    assert Story.objects.get(pk=story.pk).thread_version == 3

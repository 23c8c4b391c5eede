"""The demo site and its stories (written for Majlis), loaded into an empty database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from majlis.stories.models import Site, Story

DEMO_SITE_SLUG = "demo"
DEMO_BASE_URL = "https://news.example/"
MAIN_STORY_SLUG = "us-troops-iraq"


@dataclass(frozen=True)
class DemoStory:
    slug: str
    title: str
    dateline: str
    body: str

    @property
    def url(self) -> str:
        return demo_story_url(self.slug)


def demo_story_url(slug: str) -> str:
    """Canonical URL of a demo story; the demo pages pass it as the embed's ``data-url``."""
    return f"{DEMO_BASE_URL}{slug}/"


DEMO_STORIES: tuple[DemoStory, ...] = (
    DemoStory(
        slug=MAIN_STORY_SLUG,
        title="US to cut troops in Iraq to 2,500 by January 15",
        dateline="ERBIL, Kurdistan Region —",
        body=(
            "The United States will bring the number of its troops in Iraq down from about 3,000 "
            "to 2,500 by January 15, the Acting US Defense Secretary told reporters at a press "
            "conference at the Pentagon. Forces in Afghanistan will be reduced to the same level "
            "by the same date.\n\n"
            "The acting secretary said the drawdown did not mark a change of policy. Baghdad and "
            "Kabul, he said, now carry most of the weight of their own security, and American "
            "troops remain to advise and support local forces.\n\n"
            "Washington has been scaling down its presence in Iraq for months. Officials have "
            "pointed to the coronavirus pandemic, to the gains Iraqi forces have made against "
            "the Islamic State group (ISIS), and to repeated rocket attacks on bases and "
            "diplomatic sites that host American personnel.\n\n"
            "About an hour after the announcement, four rockets landed near Baghdad's heavily "
            "fortified Green Zone, which houses government buildings and foreign embassies and "
            "missions. There was no immediate word on casualties, and no group claimed the "
            "attack.\n\n"
            "Officials in the Kurdistan Region have asked that coalition support for the "
            "Peshmerga continue during the drawdown."
        ),
    ),
    DemoStory(
        slug="erbil-museum-opens",
        title="New textile and heritage museum opens in Erbil citadel",
        dateline="ERBIL, Kurdistan Region —",
        body=(
            "A museum of Kurdish textiles and rural crafts opened its doors inside the Erbil "
            "citadel on Saturday, after three years of restoration work on the Ottoman-era house "
            "that hosts it. Its rooms show hand-woven kilims, felt, embroidered dresses and the "
            "looms used to make them, many donated by families from villages around Koya and "
            "Soran. Entry is free for students during the first month, the curators said, and "
            "guided tours are offered in Kurdish, Arabic and English."
        ),
    ),
    DemoStory(
        slug="oil-export-agreement",
        title="Erbil and Baghdad reach interim deal on oil exports",
        dateline="BAGHDAD —",
        body=(
            "The Kurdistan Regional Government and the federal oil ministry agreed on an interim "
            "arrangement under which crude from fields in the Kurdistan Region will be sold "
            "through the state marketing company, with revenues paid into an account overseen "
            "by both sides. The deal, which must still be approved by parliament, is meant to "
            "unblock salary payments to public employees in the region that have been delayed "
            "for months. Oil companies operating in the region said they needed guarantees on "
            "payments before raising output."
        ),
    ),
    DemoStory(
        slug="university-admissions",
        title="Kurdistan universities switch to a single online admissions round",
        dateline="SULAIMANI, Kurdistan Region —",
        body=(
            "Public universities in the Kurdistan Region will admit first-year students through "
            "one central online application this autumn, the higher education ministry announced. "
            "Applicants will rank up to twenty departments, and places will be allocated by "
            "their final secondary-school grades, with a quota reserved for students from "
            "displaced families. The ministry said the change would end the queues and repeated "
            "paperwork of past years; some teachers worry that students in villages with poor "
            "internet access will be left behind."
        ),
    ),
    DemoStory(
        slug="duhok-water-shortage",
        title="Duhok farmers warn of poor harvest as reservoir falls",
        dateline="DUHOK, Kurdistan Region —",
        body=(
            "Water in the Duhok dam reservoir has fallen to its lowest level in a decade after a "
            "second dry winter, and farmers in the surrounding villages say their wheat and "
            "barley yields could halve. The provincial agriculture office is rationing "
            "irrigation to three days a week and has asked growers to switch to drip systems, "
            "offering loans to cover part of the cost."
        ),
    ),
)


@transaction.atomic
def demo_data_load() -> bool:
    """Create the demo site and stories if the database has no site yet; True if it loaded."""
    if Site.objects.exists():
        return False
    site = Site.objects.create(
        slug=DEMO_SITE_SLUG, name="Majlis demo news", default_language="en", allowed_origins=[]
    )
    for story in DEMO_STORIES:
        Story.objects.create(
            site=site,
            url=story.url,
            title=story.title,
            dateline=story.dateline,
            body=story.body,
            language="en",
        )
    return True

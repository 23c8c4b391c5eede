"""The demo site and its stories (written for Majlis), loaded into an empty database; stories
added to ``DEMO_STORIES`` later are added to a database that already has the demo site."""

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
    language: str = "en"

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
    # Stories in the other five languages: their pages carry data-lang ckb / ar / fa / tr / kmr.
    DemoStory(
        slug="sulaimani-book-fair",
        language="ckb",
        title="پێشانگای نێودەوڵەتیی کتێب لە سلێمانی دەستی پێکرد",
        dateline="سلێمانی، هەرێمی کوردستان —",
        body=(
            "پێشانگای نێودەوڵەتیی کتێبی سلێمانی ڕۆژی شەممە بە بەشداریی زیاتر لە ٢٠٠ دەزگای چاپ و "
            "بڵاوکردنەوە لە عێراق و ئێران و تورکیا و وڵاتانی عەرەبی دەرگاکانی کردەوە. پێشانگاکە "
            "١٠ ڕۆژ بەردەوام دەبێت و هەموو ڕۆژێک لە کاتژمێر ١٠ی بەیانییەوە تا ٩ی شەو کراوەیە.\n\n"
            "ڕێکخەران دەڵێن ئەمساڵ بەشێکی تایبەت بۆ کتێبی منداڵان و وەرگێڕان تەرخان کراوە و "
            "چەندین نووسەر کتێبە نوێیەکانیان بۆ خوێنەران واژۆ دەکەن. هاتنە ژوورەوە بۆ قوتابیان "
            "بەخۆڕاییە.\n\n"
            "هەندێک لە خاوەن کتێبخانەکان سکاڵایان لە گرانیی کاغەز و تێچووی گواستنەوە کرد و "
            "دەڵێن نرخی کتێب بە بەراورد لەگەڵ ساڵی ڕابردوو بەرز بووەتەوە."
        ),
    ),
    DemoStory(
        slug="mosul-old-bridge",
        language="ar",
        title="إعادة افتتاح الجسر العتيق في الموصل بعد عامين من الإعمار",
        dateline="الموصل —",
        body=(
            "أعادت السلطات المحلية في محافظة نينوى يوم الأحد افتتاح الجسر العتيق على نهر دجلة، "
            "بعد أعمال إعادة إعمار استمرت أكثر من عامين إثر الأضرار التي لحقت به خلال المعارك "
            "ضد تنظيم داعش.\n\n"
            "ويربط الجسر الجانبين الأيمن والأيسر من مدينة الموصل، ويتوقع المسؤولون أن يخفف "
            "الازدحام عن الجسور الأخرى التي تعبرها آلاف السيارات يومياً. وقال مسؤول في المحافظة "
            "إن الجسر سيُفتح للمشاة وحدهم في ساعات المساء.\n\n"
            "ورحّب أصحاب المحال في المدينة القديمة بالافتتاح، لكنهم طالبوا بتسريع إعادة بناء "
            "الأسواق والبيوت التراثية القريبة من ضفة النهر."
        ),
    ),
    DemoStory(
        slug="baneh-saqqez-road-snow",
        language="fa",
        title="جادهٔ کوهستانی بانه به سقز پس از بارش سنگین برف بازگشایی شد",
        dateline="بانه —",
        body=(
            "جادهٔ کوهستانی میان بانه و سقز روز دوشنبه پس از دو روز انسداد به دلیل بارش سنگین "
            "برف دوباره بازگشایی شد. راهداران استان کردستان می\u200cگویند بیش از ۶۰ دستگاه "
            "برف\u200cروب در این مدت کار کرده\u200cاند.\n\n"
            "رانندگان کامیون که در صف\u200cهای طولانی مانده بودند از کمبود جایگاه\u200cهای "
            "استراحت گلایه کردند. پلیس راه از مسافران خواسته است پیش از سفر زنجیر چرخ همراه "
            "داشته باشند."
        ),
    ),
    DemoStory(
        slug="van-lake-pearl-mullet",
        language="tr",
        title="Van Gölü havzasında inci kefalinin göçü başladı",
        dateline="VAN —",
        body=(
            "Van Gölü'ne dökülen derelerde inci kefalinin her bahar tekrarlanan göçü başladı. "
            "Balıklar yumurtlamak için akıntıya karşı yüzerken Erciş ve Muradiye'deki dere "
            "ağızları ziyaretçilerle doldu.\n\n"
            "Yetkililer göç süresince avlanmanın yasak olduğunu hatırlatarak dere boylarında "
            "denetimlerin artırıldığını açıkladı. Çevre gönüllüleri ise derelere atılan çöplerin "
            "balıkların yolunu kapattığı uyarısında bulundu."
        ),
    ),
    DemoStory(
        slug="halabja-pomegranate-festival",
        language="kmr",
        title="Festîvala hinaran li Helebceyê dest pê kir",
        dateline="HELEBCE, Herêma Kurdistanê —",
        body=(
            "Festîvala salane ya hinaran roja înê li Helebceyê bi beşdariya zêdetirî 150 "
            "cotkarên ji gundên derdorê dest pê kir. Cotkar hinar, şerbet û dimsa hinaran "
            "difroşin, û festîval sê rojan vekirî dimîne.\n\n"
            "Rêxistinkeran got ku îsal ber ji sala borî zêdetir e, lê cotkaran gilî kir ku "
            "bihayê avdanê û veguhastinê bilind bûye û firotina li derveyî welêt hîn jî zehmet e."
        ),
    ),
)


@transaction.atomic
def demo_data_load() -> bool:
    """Create the demo site and its stories; True if anything was added.

    An empty database gets the demo site. A database that has the demo site gets the demo
    stories it lacks (so new demo stories appear after an upgrade); one whose only sites are a
    newsroom's own is left alone.
    """
    site = Site.objects.filter(slug=DEMO_SITE_SLUG).first()
    if site is None:
        if Site.objects.exists():
            return False
        site = Site.objects.create(
            slug=DEMO_SITE_SLUG, name="Majlis demo news", default_language="en", allowed_origins=[]
        )
    existing = set(Story.objects.filter(site=site).values_list("url", flat=True))
    added = False
    for story in DEMO_STORIES:
        if story.url in existing:
            continue
        Story.objects.create(
            site=site,
            url=story.url,
            title=story.title,
            dateline=story.dateline,
            body=story.body,
            language=story.language,
        )
        added = True
    return added

"""The workspace, login and e-mails in the newsroom's six languages; per-language queues and the
languages each moderator reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.test import Client
from django.utils import translation

from majlis.comments.models import Comment
from majlis.comments.services import comment_create
from majlis.moderation.i18n import (
    DJANGO_MESSAGES,
    LOCALE_DIR,
    catalogue_paths,
    compile_mo,
    direction,
    parse_po,
)
from majlis.moderation.models import ModeratorProfile
from majlis.moderation.notifications import decision_notify
from majlis.moderation.services import comment_reject
from majlis.stories.models import Site, Story

QUEUE = "/moderation/"
TRANSLATED = ("ckb", "kmr", "ar", "fa", "tr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|<kbd>\?</kbd>")
# Letters that only Kurdish (Sorani) writes, and Arabic letters that Sorani and Persian never use.
SORANI_LETTERS = set("ەێۆڕڵ")
ARABIC_ONLY_FORMS = set("كي")
# Words that are spelt the same in the translation.
SAME_IN_TRANSLATION = {("kmr", "Moderator"), ("kmr", "Kurdistan"), ("kmr", "Iraq"), ("tr", "Risk")}


# --- catalogues ---


def catalogue(language: str) -> list:
    return parse_po((LOCALE_DIR / language / "LC_MESSAGES" / "django.po").read_text("utf-8"))


def test_every_language_has_a_catalogue_and_its_committed_mo_matches_the_po() -> None:
    paths = catalogue_paths()
    assert sorted(p.parts[-3] for p in paths) == sorted(TRANSLATED)
    for po in paths:
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} must be committed (no gettext tools at install)"
        expected = compile_mo(parse_po(po.read_text("utf-8")))
        assert mo.read_bytes() == expected, f"{mo} is stale: run python -m majlis.moderation.i18n"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    # Date names and Django's own login messages come from Django's catalogues, except for
    # Kurmanji, which Django does not ship.
    from_django = set(DJANGO_MESSAGES)
    messages = [m for m in catalogue(language) if m.msgid]
    assert len(messages) > 150
    for message in messages:
        if message.msgid in from_django and language != "kmr":
            continue
        assert all(message.msgstr), f"{language}: untranslated {message.msgid!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message.msgid!r}"
        source = message.msgid_plural or message.msgid
        wanted = set(PLACEHOLDER.findall(source))
        # The last plural form is the general one and carries every placeholder.
        assert set(PLACEHOLDER.findall(message.msgstr[-1])) == wanted, (language, message.msgid)
        if (language, source) not in SAME_IN_TRANSLATION:
            assert message.msgstr[-1] != source, f"{language}: {source!r} left in English"


@pytest.mark.parametrize("language", ["ckb", "fa"])
def test_sorani_and_persian_use_their_own_letters_not_arabic_forms(language: str) -> None:
    text = "".join(s for m in catalogue(language) for s in m.msgstr)
    assert not ARABIC_ONLY_FORMS & set(text), "ک and ی, not Arabic ك and ي"
    if language == "ckb":
        assert set(text) >= SORANI_LETTERS
    else:
        assert "\u200c" in text, "Persian joins its affixes with a zero-width non-joiner"


def test_kurmanji_is_written_in_latin_script_with_its_letters() -> None:
    text = "".join(s for m in catalogue("kmr") for s in m.msgstr)
    assert set("êîûçş") <= set(text)
    assert not re.search("[\u0600-\u06ff]", text)


def test_the_po_parser_reads_what_gnu_tools_write(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, python-format\nmsgid "a %(n)s"\nmsgid_plural "many %(n)s"\n'
        'msgstr[0] "ein %(n)s"\nmsgstr[1] ""\n"viele %(n)s"\n\n'
        '#, fuzzy\nmsgid "guess"\nmsgstr "Vermutung"\n\nmsgid "empty"\nmsgstr ""\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "Mai"\n',
        encoding="utf-8",
    )
    import gettext
    import io

    compiled = gettext.GNUTranslations(io.BytesIO(compile_mo(parse_po(po.read_text()))))
    assert compiled.ngettext("a %(n)s", "many %(n)s", 3) == "viele %(n)s"
    assert compiled.ngettext("a %(n)s", "many %(n)s", 1) == "ein %(n)s"
    assert compiled.gettext("guess") == "guess", "fuzzy entries are left out"
    assert compiled.gettext("empty") == "empty"
    assert compiled.pgettext("month", "May") == "Mai"


def test_language_info_and_direction() -> None:
    with translation.override("kmr"):
        assert translation.get_language_info("kmr")["name_local"] == "Kurmancî"
        assert not translation.get_language_bidi()
    for code in ("ckb", "ar", "fa"):
        with translation.override(code):
            assert translation.get_language_bidi(), code
    assert [direction(c) for c in ("ckb", "ar-IQ", "fa", "kmr", "tr", "", None)] == [
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
        "ltr",
        "ltr",
    ]


# --- workspace pages ---


@pytest.fixture
def story(db) -> Story:
    site = Site.objects.create(slug="demo", name="Erbil Ledger")
    return Story.objects.create(
        site=site,
        url="https://news.example/bridge/",
        title="Mosul bridge reopens",
        body="The old bridge over the Tigris reopened on Sunday.",
    )


@pytest.fixture
def moderator(db) -> User:
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


def post(story: Story, text: str, language: str, email: str = "reader@example.com") -> Comment:
    comment = comment_create(
        story=story,
        author_name="Aras",
        author_email=email,
        text=text,
        ip_address="203.0.113.7",
    )
    # The language the pipeline detected (the identifier is tested in the classifier package).
    Comment.objects.filter(pk=comment.pk).update(language=language, language_confidence=0.9)
    comment.refresh_from_db()
    return comment


@pytest.mark.parametrize(
    ("accept", "lang", "dir", "words"),
    [
        ("ar,en;q=0.5", "ar", "rtl", ["تعليقات", "قيد الانتظار", "تطبيق التصفية"]),
        ("ckb", "ckb", "rtl", ["لێدوانەکان", "چاوەڕوان", "جێبەجێکردنی فلتەرەکان"]),
        ("fa-IR", "fa", "rtl", ["در انتظار", "اعمال پالایه\u200cها"]),
        ("kmr", "kmr", "ltr", ["Li bendê", "Parzûnan bicîh bîne"]),
        ("tr-TR,tr;q=0.9", "tr", "ltr", ["Bekleyen", "Filtreleri uygula"]),
        ("en-GB", "en", "ltr", ["Pending", "Apply filters"]),
    ],
)
def test_queue_speaks_the_browsers_language(
    mod_client: Client, story: Story, accept: str, lang: str, dir: str, words: list[str]
) -> None:
    post(story, "The bridge will help traffic on both banks.", "en")
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert f'<html lang="{lang}" dir="{dir}">' in html
    for word in words:
        assert word in html, (lang, word)
    # The comment keeps its own direction and language whatever the page's.
    assert re.search(r'<p class="ws-text" dir="auto" lang="en">', html)


def test_reject_panel_says_which_groups_each_target_covers(
    mod_client: Client, story: Story
) -> None:
    # Moderators' decisions train later models: racism vs xenophobia follows the classifier's
    # convention (a people -> race_ethnicity; a state's citizens, migrants -> origin_nationality).
    comment = post(story, "The bridge will help traffic on both banks.", "en")
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card_select = html.split(f'id="abuse-target-{comment.pk}"', 1)[1].split("</select>", 1)[0]
    bulk_select = html.split('id="bulk-abuse-target"', 1)[1].split("</select>", 1)[0]
    for select in (card_select, bulk_select):
        assert re.search(
            r'<option value="race_ethnicity" title="a people or ethnic group[^"]*Arabs, Kurds',
            select,
        )
        assert re.search(
            r'<option value="origin_nationality" title="a country&#x27;s citizens[^"]*refugees',
            select,
        )
        assert '<option value="gender">Sexism</option>' in select
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="ckb").content.decode()
    assert 'title="گەلێک یان گرووپێکی نەتەوەیی' in html and 'title="هاووڵاتیانی وڵاتێک' in html


def test_login_page_is_translated(client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول إلى مساحة الإشراف" in html and "كلمة المرور" in html
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="kmr").content.decode()
    assert "Navê bikarhêner" in html and "Şîfre" in html


def test_wrong_password_message_in_kurmanji(client: Client, moderator: User) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": "moderator", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="kmr",
    )
    assert "Ji kerema xwe navê bikarhêner û şîfreyeke rast binivîse" in response.content.decode()


def test_language_switcher_sets_the_workspace_language(mod_client: Client, story: Story) -> None:
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for native in ("کوردی", "Kurmancî", "العربيّة", "فارسی", "Türkçe"):
        assert native in html
    response = mod_client.post(
        "/moderation/language/", {"language": "ckb", "next": "/moderation/?queue=approved"}
    )
    assert response.status_code == 302 and response["Location"] == "/moderation/?queue=approved"
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ckb" dir="rtl">' in html
    assert '<option value="ckb" lang="ckb" selected>' in html
    # An unknown language or an offsite next changes nothing and breaks nothing.
    response = mod_client.post(
        "/moderation/language/", {"language": "xx", "next": "https://e.vil/"}
    )
    assert response.status_code == 302 and "e.vil" not in response["Location"]


def test_card_shows_the_comments_language(mod_client: Client, story: Story) -> None:
    post(story, "پردی کۆنی موسڵ دووبارە کرایەوە، زۆر باشە.", "ckb")
    post(story, "Unknown tongue", "")
    html = mod_client.get(QUEUE + "?language=all", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'data-language="ckb"[^>]*>Sorani <bdi class="ws-code">ckb</bdi>', html)
    assert 'lang="ckb">پردی' in html
    assert re.search(r'data-language="unknown"[^>]*>Not detected[ <]', html)


# --- per-language queues ---


def tab_counts(response) -> dict[str, int | None]:
    return {tab["label"]: tab["count"] for tab in response.context["language_tabs"]}


def ids(response) -> set[int]:
    return {card.comment.pk for card in response.context["cards"]}


def test_language_tabs_count_up_to_the_cap(
    mod_client: Client, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("majlis.moderation.views.COUNT_CAP", 2)
    for n in range(4):
        post(story, f"جسر جميل رقم {n}", "ar", email=f"a{n}@example.com")
    post(story, "A fine bridge.", "en")
    tabs = {tab["label"]: tab for tab in mod_client.get(QUEUE).context["language_tabs"]}
    assert (tabs["Arabic"]["count"], tabs["Arabic"]["count_label"]) == (3, "2+")
    assert (tabs["English"]["count"], tabs["English"]["count_label"]) == (1, "1")
    assert tabs["All languages"]["count_label"] == "2+"


def test_language_tabs_count_each_language_and_filter(mod_client: Client, story: Story) -> None:
    english = post(story, "A fine bridge.", "en")
    arabic = [post(story, f"جسر جميل رقم {n}", "ar", email=f"a{n}@example.com") for n in range(2)]
    sorani = post(story, "پردێکی جوانە.", "ckb")
    response = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en")
    counts = tab_counts(response)
    assert counts["All languages"] == 4
    assert (counts["English"], counts["Arabic"], counts["Sorani"], counts["Persian"]) == (
        1,
        2,
        1,
        0,
    )
    assert "My languages" not in counts, "no languages recorded: the default is every language"
    assert ids(response) == {english.pk, sorani.pk, *(c.pk for c in arabic)}
    assert ids(mod_client.get(QUEUE + "?language=ar")) == {c.pk for c in arabic}
    current = [
        t["label"]
        for t in mod_client.get(QUEUE + "?language=ar").context["language_tabs"]
        if t["current"]
    ]
    assert current == ["Arabic"]
    # The other filters keep the language; decided queues are not counted per language.
    assert ids(mod_client.get(QUEUE + "?language=ar&sort=newest")) == {c.pk for c in arabic}
    approved = mod_client.get(QUEUE + "?queue=approved")
    assert set(tab_counts(approved).values()) == {None}


def test_moderator_sees_their_languages_by_default_and_can_see_all(
    mod_client: Client, moderator: User, story: Story
) -> None:
    english = post(story, "A fine bridge.", "en")
    arabic = post(story, "جسر جميل", "ar")
    persian = post(story, "پل زیبایی است", "fa")
    unknown = post(story, "???", "")
    other = post(story, "Ein schöne Brücke", "other")
    ModeratorProfile.objects.create(user=moderator, languages=["ar", "fa"])
    response = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en")
    # Their languages, plus what nobody is assigned (unknown or other): never left unseen.
    assert ids(response) == {arabic.pk, persian.pk, unknown.pk, other.pk}
    counts = tab_counts(response)
    assert counts["My languages"] == 4 and counts["All languages"] == 5
    assert [t["label"] for t in response.context["language_tabs"] if t["current"]] == [
        "My languages"
    ]
    html = response.content.decode()
    assert "Your languages:" in html and "<bdi>Arabic</bdi>, <bdi>Persian</bdi>" in html
    everything = mod_client.get(QUEUE + "?language=all")
    assert ids(everything) == {english.pk, arabic.pk, persian.pk, unknown.pk, other.pk}
    assert ids(mod_client.get(QUEUE + "?language=en")) == {english.pk}
    assert ids(mod_client.get(QUEUE + "?language=unknown")) == {unknown.pk}


def test_moderator_languages_are_validated(db) -> None:
    from django.core.exceptions import ValidationError

    user = User.objects.create_user("m2")
    with pytest.raises(ValidationError):
        ModeratorProfile(user=user, languages=["ar", "klingon"]).full_clean()
    with pytest.raises(ValidationError):
        ModeratorProfile(user=user, languages="ar").full_clean()
    ModeratorProfile(user=user, languages=["ckb", "kmr"]).full_clean()


# --- e-mail ---


def test_rejection_email_is_written_in_the_authors_language(
    story: Story, moderator: User, settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    comment = post(story, "هذا تعليق خارج الموضوع تمامًا", "ar")
    decision = comment_reject(
        comment=comment,
        moderator=moderator,
        reasons=["off_topic", "abuse"],
        abuse_target="religion",
    )
    mail.outbox.clear()
    assert decision_notify(decision=decision, notify_on_approve=False)
    message = mail.outbox[-1]
    assert message.subject == "لم يُنشر تعليقك"
    assert "مرحبًا Aras،" in message.body
    assert "لا علاقة له بالمقال; إساءة (كراهية دينية)" in message.body
    assert comment.text in message.body
    # No detected language: the story's; none Majlis speaks: English.
    Story.objects.filter(pk=story.pk).update(language="tr")
    undetected = post(story, "Köprü güzel olmuş ama geç kaldı", "", email="t@example.com")
    decision = comment_reject(comment=undetected, moderator=moderator, reasons=["off_topic"])
    assert decision_notify(decision=decision, notify_on_approve=False)
    assert mail.outbox[-1].subject == "Yorumunuz yayımlanmadı"
    Story.objects.filter(pk=story.pk).update(language="de")
    other = post(story, "Die Brücke", "other", email="d@example.com")
    decision = comment_reject(comment=other, moderator=moderator, reasons=["off_topic"])
    assert decision_notify(decision=decision, notify_on_approve=False)
    assert mail.outbox[-1].subject == "Your comment was not published"


@pytest.mark.parametrize("language", ["ckb", "kmr", "ar", "fa", "tr"])
def test_history_and_author_pages_are_translated(
    mod_client: Client, moderator: User, story: Story, language: str
) -> None:
    comment = post(story, "جسر جميل", "ar")
    comment_reject(comment=comment, moderator=moderator, reasons=["abuse"], abuse_target="religion")
    expected = {
        "ckb": ("مێژووی بڕیارەکان", "ڕقی ئایینی", "ڕەتکراو"),
        "kmr": ("Dîroka biryaran", "nefreta olî", "Redkirî"),
        "ar": ("سجل القرارات", "كراهية دينية", "مرفوضة"),
        "fa": ("تاریخچهٔ تصمیم\u200cها", "نفرت دینی", "ردشده"),
        "tr": ("Karar geçmişi", "dini nefret", "Reddedilen"),
    }[language]
    history = mod_client.get(f"/moderation/comments/{comment.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    html = history.content.decode()
    assert history.status_code == 200
    assert f'<html lang="{language}" dir="{direction(language)}">' in html
    assert expected[0] in html and expected[1] in html
    author = mod_client.get(
        f"/moderation/comments/{comment.pk}/author/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert author.status_code == 200 and expected[2] in author.content.decode()


def test_kurmanji_dates_use_kurmanji_month_names(mod_client: Client, story: Story) -> None:
    from datetime import UTC, datetime

    comment = post(story, "Pira kevn dîsa vebû.", "kmr")
    Comment.objects.filter(pk=comment.pk).update(created_at=datetime(2026, 3, 21, 10, tzinfo=UTC))
    html = mod_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="kmr").content.decode()
    assert "21 Adr 2026" in html

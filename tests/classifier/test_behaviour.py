"""Behaviour of the shipped model on hard cases written for this project (not from any suite).

Hard acceptable comments must not be rejected; hard violations must be rejected (or, for the
subtlest, at least not auto-approved). They fail when the model regresses.
"""

from __future__ import annotations

import pytest

from classifier import DEFAULT_ARTIFACT, Classifier, CommentInput


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.from_artifact(DEFAULT_ARTIFACT)


def _decide(clf: Classifier, text: str) -> tuple[str, dict[str, float]]:
    prediction = clf.predict([CommentInput(text=text, lang="en")])[0]
    return clf.decide(prediction).decision, prediction.scores


ACCEPTABLE = [
    # political anger without insults
    "The prime minister has betrayed every promise he made to the farmers of Nineveh.",
    "This cabinet is the most incompetent we have had since 2003 and should resign.",
    "Corrupt parties have looted the oil money for two decades while hospitals crumble.",
    "Shame on Baghdad and shame on Erbil for playing games with people's pensions.",
    # criticism of the newsroom
    "Your headline is sensationalist and the article does not support it.",
    "Why did your reporter not ask the governor a single difficult question?",
    "This outlet has become a mouthpiece for the ruling family. Very disappointing.",
    # counter-speech quoting a slur to condemn it
    "A commenter above called Yazidis 'devil worshippers'. That slur was used to justify genocide.",
    "Calling migrants 'cockroaches' is dehumanising, whoever says it.",
    # neutral mentions of identity groups
    "Muslim and Christian volunteers cooked together for the displaced families.",
    "Gay and lesbian Iraqis still cannot speak openly about their lives.",
    "Women drivers are now a normal sight in Sulaymaniyah.",
    "The Jewish community of Zakho left in 1951.",
    # innocent words containing rude substrings
    "Scunthorpe, Penistone and Cockermouth all flooded last winter.",
    "The analysis of the cockpit recorder took six months.",
    "Assad's forces shelled the suburbs again.",
    "Middle class families in Dohuk spend half their income on rent.",
    "I re-read Dickens every winter.",
    # neutral reporting of violence
    "Two shepherds were killed by a landmine near Penjwen on Tuesday.",
    "The gunmen opened fire on the wedding, killing nine guests, police said.",
    "ISIS fighters executed dozens of prisoners in Badush prison in 2014.",
    # links to sources
    "The UNHCR figures are here: https://www.unhcr.org/iraq-emergency.html",
    "Compare with the IMF report at https://www.imf.org/en/Countries/IRQ",
    # short generic comments
    "Good news finally.",
    "Thanks for the report.",
    # angry at a named person's decisions, no insult (news comments are full of these)
    "The premier should resign over the housing crisis.",
    "I have lost all confidence in the finance minister.",
    "This is the worst budget the government has ever presented.",
    "Your reporting is lazy and one-sided.",
    # counter-speech that quotes a mild insult
    "Calling the minister a clown adds nothing; criticise the policy instead.",
    # a neutral mention of two religions together
    "Muslims and Jews prayed together for peace.",
    # the words of threats, in comments that threaten no one: lawful demands, reports,
    # counter-speech quoting a threat, idioms, a vote as the price
    "The minister should be arrested and put on trial for the Sinjar failures.",
    "A message saying 'we know where you live' is terrifying; police must protect reporters.",
    "Our team got slaughtered 5-0 in Duhok last night.",
    "These electricity prices are killing the small shops in Ranya.",
    "The court sentenced the bombers to life in prison.",
    "You will pay for this at the ballot box, minister.",
    "Militias burned the market and shot at fleeing families, witnesses said.",
    "I support the death penalty for convicted terrorists, after a fair trial.",
    # placeholders repeated (OLID writes every user name as @USER)
    "@USER @USER @USER @USER @USER @USER @USER @USER @USER @USER thanks for sharing",
]

VIOLATIONS = [
    # obfuscated profanity
    "What a load of sh1t from the ministry.",
    "F.U.C.K these politicians.",
    "This is b u l l s h i t and you know it.",
    "ѕhіt reporting as always.",
    "Go f*ck yourselves, all of you.",
    # implied threats
    "We know which car you drive, journalist. Be careful.",
    "Keep publishing this and your family will regret it.",
    "Someone will visit your office soon and it won't be to chat.",
    "Accidents happen to reporters who ask too many questions.",
    "All of them should be lined up and shot.",
    # promotion disguised as a comment
    "Great report! I earn 300 dollars a day from home, message me on WhatsApp +964 751 444 3322",
    "So sad. Anyway, best prices on used cars in Erbil at www.carsdeal-erbil.com",
    # personal attacks on the journalist
    "The idiot who wrote this should go back to school.",
    "You are a brainless liar, Mr reporter.",
    # mild insults aimed at politicians and commenters (most news-comment violations)
    "What a clown the mayor is.",
    "The premier is a spineless coward.",
    "Only a complete idiot would vote for this man.",
    "Spoken like a true moron.",
    "Barzani is a liar and a hypocrite.",
]


@pytest.mark.parametrize("text", ACCEPTABLE)
def test_hard_acceptable_comment_is_not_rejected(clf: Classifier, text: str) -> None:
    decision, scores = _decide(clf, text)
    assert decision != "reject", scores


@pytest.mark.parametrize("text", VIOLATIONS)
def test_hard_violation_is_not_approved(clf: Classifier, text: str) -> None:
    decision, scores = _decide(clf, text)
    assert decision != "approve", scores


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("F.U.C.K these politicians.", "profanity"),
        ("Go f*ck yourselves, all of you.", "profanity"),
        ("The idiot who wrote this should go back to school.", "personal_attack"),
        ("Best prices on used cars, WhatsApp +964 751 444 3322", "promotion"),
        # implied threats ("your family will regret it") are in VIOLATIONS: reviewed, never
        # approved; an explicit one must be rejected outright
        ("We will burn your house down if you publish this again.", "threat"),
        # intimidation without the word "kill", and calls for violence (threats_en.jsonl
        # taught these; the sentences here are not in it)
        ("We know where your children go to school.", "threat"),
        ("Say that again and I will find you and smash your teeth in.", "threat"),
        ("Someone should put a bullet in that judge.", "threat"),
        ("Hang every last one of these refugees from the bridge.", "threat"),
        ("Enjoy your last article, you won't be writing many more.", "threat"),
        ("The premier is a spineless coward.", "personal_attack"),
    ],
)
def test_clear_violation_is_rejected_for_its_reason(
    clf: Classifier, text: str, category: str
) -> None:
    prediction = clf.predict([CommentInput(text=text, lang="en")])[0]
    verdict = clf.decide(prediction)
    assert verdict.decision == "reject", prediction.scores
    assert category in verdict.reasons


@pytest.mark.parametrize(
    ("text", "category", "term"),
    [
        ("يا كلب انت لا تفهم شيئا عن السياسة", "personal_attack", "يا كلب"),
        ("الله يلعنك يا حقير", "profanity", "يلعنك"),
        ("Sen tam bir salaksın, hiçbir şey bilmiyorsun", "personal_attack", "salaksın"),
        ("این احمق هیچی از اقتصاد نمیفهمه", "personal_attack", "احمق"),
    ],
)
def test_lexicon_terms_raise_and_explain_non_english_scores(
    clf: Classifier, text: str, category: str, term: str
) -> None:
    prediction = clf.predict([CommentInput(text=text)])[0]
    assert prediction.scores[category] >= 0.9, prediction.scores
    assert term in [text[s.start : s.end] for s in prediction.spans if s.category == category]
    # not auto-decided in these languages: a human sees it with the term highlighted
    assert clf.decide(prediction).decision == "review"


@pytest.mark.parametrize(
    "text",
    [
        "قتل كلب في الشارع بعد أن هاجم الأطفال",  # a dog in the news
        "Bu salak bir fikir değil, iyi düşünülmüş bir plan",  # "not a silly idea"
        "قیمت گوساله و الاغ در بازار دام بالا رفت",  # calves and donkeys at the livestock market
    ],
)
def test_news_vocabulary_is_not_a_lexicon_hit(clf: Classifier, text: str) -> None:
    scores = clf.predict([CommentInput(text=text)])[0].scores
    assert all(scores[c] < 0.9 for c in ("personal_attack", "profanity", "abuse")), scores


# Addressing someone or calling on God is not an insult: "يا" and "ئەی" open countless ordinary
# comments, but in the training data they mostly came before an insult ("يا حمار"). Written for
# this test; none is in the training corpus (corpus/multilingual_vocatives.jsonl).
ADDRESSES_AND_INVOCATIONS = [
    "يا رب تنحل أزمة الكهرباء",
    "يا ريت الحكومة تسمع",
    "يا شباب انتبهوا للطريق",
    "يا حرام، الله يرحمهم",
    "يا الله رحمتك، الطرق كلها غرقانة",
    "ئەی خوایە، کارەبا کەی دێتەوە",
    "یا خوا ئەم قەیرانە تەواو بێت",
    "خدایا کمک کن",
]


@pytest.mark.parametrize("text", ADDRESSES_AND_INVOCATIONS)
def test_an_address_or_an_invocation_is_not_an_insult(clf: Classifier, text: str) -> None:
    scores = clf.predict([CommentInput(text=text)], semantic="off")[0].scores
    harmful = {c: p for c, p in scores.items() if c not in ("off_topic", "promotion")}
    assert max(harmful.values()) < 0.25, harmful


# Hard acceptable comments in the five other languages (written for this test): news about
# violence, anger at a government, criticism of the newsroom, counter-speech. None may reach a
# reject threshold, by words alone (the server's first pass) or with the meaning folded in (the
# rescore), or the moderator's card would list a guideline they do not break.
ACCEPTABLE_OTHER_LANGUAGES = [
    "داعش قتل المئات من الإيزيديين في سنجار عام ٢٠١٤ ويجب محاسبة القتلة أمام المحاكم",
    "هذه الحكومة فشلت في توفير الكهرباء منذ عشرين سنة، نريد محاسبة المسؤولين",
    "تغطيتكم لهذا الخبر منحازة ولم تذكروا رأي الطرف الآخر",
    "دولت در بیست سال گذشته هیچ کاری برای کارگران نکرده است",
    "کسی که در نظرات بالا به افغان‌ها توهین کرد باید خجالت بکشد، این نژادپرستی است",
    "حکومەت بیست ساڵە هیچ خزمەتێکی ئەم شارەی نەکردووە",
    "داعش لە ساڵی ٢٠١٤ هێرشی کردە سەر شنگال",
    "Hikûmetê bîst sal in tiştek ji bo vî bajarî nekiriye",
    "DAIŞ di sala 2014an de êrîşî Şengalê kir û bi hezaran Êzdî kuştin",
    "Bu hükümet yirmi yıldır işçiler için hiçbir şey yapmadı",
    "Haberiniz tek taraflı, diğer tarafın görüşüne hiç yer vermemişsiniz",
]


@pytest.mark.parametrize("semantic", ["off", "all"])
@pytest.mark.parametrize("text", ACCEPTABLE_OTHER_LANGUAGES)
def test_hard_acceptable_comment_in_another_language_reaches_no_reject_threshold(
    clf: Classifier, text: str, semantic: str
) -> None:
    prediction = clf.predict([CommentInput(text=text)], semantic=semantic)[0]
    reject_at = clf.manifest["thresholds"]["reject"]
    assert prediction.lang != "en"
    assert not [c for c, p in prediction.scores.items() if p >= reject_at[c]], prediction.scores
    assert clf.decide(prediction).decision == "review"


# A threat and a news report of killing, in the same language (written for this test; not in
# corpus/multilingual_threats.jsonl): the threat's card must name threat first, the report must
# stay far below it, by words alone and with the meaning folded in.
THREAT_AND_NEWS_OTHER_LANGUAGES = [
    (
        "والله اذا كتبت عني مرة ثانية راح اقتلك",
        "قتل مسلحون شرطيين اثنين في هجوم على نقطة تفتيش قرب الموصل",
    ),
    (
        "نعرف عنوان بيتك يا صحفي، انتبه على عيالك",
        "تلقى الصحفي تهديدات بالقتل، ونطالب الشرطة بحمايته",
    ),
    ("اگه یه بار دیگه اسم ما رو بیاری خونت رو میریزم", "در انفجار دیروز در بغداد ده نفر کشته شدند"),
    (
        "Bir daha bizim hakkımızda yazarsan seni gebertiriz",
        "Diyarbakır'da silahlı saldırıda iki kişi hayatını kaybetti",
    ),
    (
        "ئەگەر جارێکی تر باسی ئێمە بکەیت، دەتکوژین",
        "دوێنێ لە کەرکووک دوو کەس لە تەقینەوەیەکدا کوژران",
    ),
    (
        "Eger tu careke din li ser me binivîsî, em ê te bikujin",
        "Duh li Zaxoyê du kes di teqînekê de hatin kuştin",
    ),
]


@pytest.mark.parametrize("semantic", ["off", "all"])
@pytest.mark.parametrize(("threat", "news"), THREAT_AND_NEWS_OTHER_LANGUAGES)
def test_a_threat_in_another_language_is_named_and_news_of_killing_is_not(
    clf: Classifier, threat: str, news: str, semantic: str
) -> None:
    threatening, reported = clf.predict(
        [CommentInput(text=threat), CommentInput(text=news)], semantic=semantic
    )
    harmful = {c: p for c, p in threatening.scores.items() if c != "off_topic"}
    assert max(harmful, key=lambda c: harmful[c]) == "threat", threatening.scores
    assert threatening.scores["threat"] >= 0.35, threatening.scores
    assert reported.scores["threat"] < threatening.scores["threat"] / 2, reported.scores
    assert reported.scores["threat"] < clf.manifest["thresholds"]["reject"]["threat"]
    if semantic == "off":
        assert reported.scores["threat"] < 0.25, reported.scores
    # with the meaning, a report *about* a death threat reads partly as one: 0.30 for
    # "تلقى الصحفي تهديدات بالقتل…" (0.03 by words; the threat head of 2026-12-04)

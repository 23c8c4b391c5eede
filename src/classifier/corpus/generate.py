# ruff: noqa: E501 - long literal comment texts read better unwrapped
"""Write the project's own training corpus (``python -m classifier.corpus.generate``).

Why it exists: in the permissive data most violations are news comments and most clean texts are
tweets, so a model learns "news style = reject". These comments are news-style and acceptable
(constructive, angry at governments, critical of the newsroom, counter-speech, neutral mentions of
groups, neutral reports of violence, links to sources, innocent words with rude substrings), plus
news-style violations the public sets lack (implied threats, promotion dressed as a comment,
attacks on the journalist, obfuscated swearing). Deterministic: same seed, same files.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from classifier.corpus.topics import GENERIC_COMMENTS, OFF_TOPIC_COMMENTS, TOPICS, Topic

OUT_DIR = Path(__file__).resolve().parent
SEED = 20261123
CLEAN = {
    "profanity": 0,
    "vulgarity": 0,
    "threat": 0,
    "personal_attack": 0,
    "abuse": 0,
    "promotion": 0,
}

OPENERS = (
    "", "", "", "Honestly, ", "I think ", "In my view, ", "As someone from Erbil, ",
    "As a teacher, ", "Frankly, ", "To be fair, ", "Sadly, ", "Once again, ", "Clearly ",
    "From what I have seen, ", "With respect, ", "Look, ", "Let's be honest: ",
)  # fmt: skip
CONSTRUCTIVE = (
    "the government should publish the full figures on {p}.",
    "we need more transparency about {p}.",
    "I would like to see a follow-up report on {p}.",
    "nobody in charge has explained {p} properly.",
    "the numbers on {p} do not add up.",
    "{p} affects ordinary families the most.",
    "there are practical solutions to {p} if the politicians want them.",
    "other countries in the region handled {p} much better.",
    "{a} must answer questions about {p} in parliament.",
    "the article explains {p} well, but misses the view of local people.",
    "{p} has been ignored for far too long.",
    "a public hearing on {p} would help.",
    "I disagree with the article: {p} is not only Baghdad's fault.",
    "{p} shows why we need independent institutions.",
    "my family has lived with {p} for years.",
)
HARSH_POLITICAL = (
    "{A} has failed us completely on {p}.",
    "{A} is corrupt and incompetent when it comes to {p}.",
    "the ministers responsible for {p} should resign today.",
    "shameful behaviour by {a} on {p}.",
    "{A} lies about {p} every single year.",
    "the policy of {a} on {p} is a disgrace.",
    "{A} does not care about people, only about power.",
    "this is criminal negligence by {a}.",
    "{A} should be ashamed of how they handled {p}.",
    "twenty years of broken promises from {a}.",
    "the ruling parties have ruined this country while {p} continues.",
    "{A} has no credibility left on {p}.",
    "what a weak and late response from {a}.",
)
NEWSROOM_CRITICISM = (
    "Your coverage of {p} is one-sided.",
    "This article leaves out the other side of {p}.",
    "The headline is misleading; the story says something else.",
    "Poor reporting. Where are your sources on {p}?",
    "The editors should correct this article, the figures are wrong.",
    "Why does this outlet never ask {a} hard questions?",
    "Biased reporting as usual from this channel.",
    "You only report what the ruling party wants to hear.",
    "This is lazy journalism. Talk to people on the ground.",
    "I used to trust this site, but your reporting on {p} disappointed me.",
    "Please stop copying government press releases and call it news.",
    "The reporter clearly did not visit the area before writing this.",
)
COUNTER_SPEECH = (
    "Calling refugees vermin, as some commenters do here, is disgusting.",
    "People who call Kurds 'mountain Turks' are repeating an old racist lie.",
    "Using the word 'retard' as an insult hurts families like mine with disabled children.",
    "Someone above wrote that women belong in the kitchen. That attitude is why this law is needed.",
    "Calling Arabs terrorists is racism, plain and simple.",
    "Saying 'kill all the Yazidis' is exactly what ISIS said. Report such comments.",
    "If you call gay people sick, you are the problem, not them.",
    "The slur 'faggot' in the comment above should never be tolerated here.",
    "Blaming Christians or Jews for everything is antisemitic and sectarian nonsense.",
    "Telling Syrians to go back where they came from ignores that they fled a war.",
    "The word 'kafir' used against Yazidis was used to justify genocide. Do not repeat it.",
    "Mocking people for their accent or origin is xenophobia. We are all neighbours.",
)
IDENTITY_NEUTRAL = (
    "My neighbours are Syrian refugees and they work harder than anyone I know.",
    "Muslims, Christians and Yazidis have lived together in this city for centuries.",
    "Women in parliament pushed this law through, well done to them.",
    "As a gay man from Iraq I read this with interest.",
    "The Jewish quarter of Erbil had a long history before 1950.",
    "Arab families from Mosul found safety in Erbil in 2014, and many stayed.",
    "Turkmen, Assyrians and Kurds all voted in Kirkuk.",
    "Black Iraqis in Basra have faced discrimination for generations; good to see it reported.",
    "People with disabilities cannot reach most government offices, there are no ramps.",
    "Christian families returned to Qaraqosh and rebuilt the churches.",
    "Shia and Sunni pilgrims travel the same roads to Karbala.",
    "Immigrants from Bangladesh work in many of our hotels.",
    "Deaf children in Duhok have only one school that teaches sign language.",
    "Feminist groups organised the march, and many men joined too.",
    "Faili Kurds lost their citizenship under the old regime.",
    "The Kakai community has its own traditions and deserves respect.",
    "Transgender people face violence and the police rarely help.",
    "Elderly women run most of the small farms in my village.",
    "Iranian Kurds living in the camps near Koya have been there for decades.",
    "Hindu and Sikh workers also celebrated the festival in Erbil.",
)
VIOLENCE_NEUTRAL = (
    "Three soldiers were killed in the attack near Kirkuk, according to the ministry.",
    "The militia shot at protesters, witnesses said.",
    "ISIS killed thousands of Yazidis in 2014; the trials must continue.",
    "The bomb killed eleven people at the market.",
    "A suicide attack on the checkpoint killed two police officers.",
    "The drone strike destroyed a car and killed the driver.",
    "Gunmen kidnapped the engineer on the road to Tikrit.",
    "The executions in Iran have doubled this year, rights groups report.",
    "They were shot dead in front of their house, the report says.",
    "Chemical weapons killed five thousand people in Halabja in 1988.",
    "How many more civilians must die before the shelling stops?",
    "The army says it killed twenty militants in the operation.",
    "The war destroyed half of old Mosul.",
    "Survivors described how the fighters murdered the men and took the women.",
    "Honour killings are still under-reported in rural areas.",
    "The attack on the base injured four soldiers.",
    "He was beaten to death in custody, his family says.",
    "Terrorists will attack again if the security gaps are not closed.",
)
SOURCES = (
    "Source: https://www.reuters.com/world/middle-east/",
    "The full UN report is here: https://www.un.org/en/reports",
    "See the ministry statement at https://gov.krd/news",
    "Human Rights Watch documented this: https://www.hrw.org/middle-east/n-africa/iraq",
    "The World Bank data is at https://data.worldbank.org/country/iraq",
    "More background: https://en.wikipedia.org/wiki/Kurdistan_Region",
    "Amnesty wrote about it last year: https://www.amnesty.org/en/location/middle-east/iraq/",
    "The court ruling is published on https://www.iraqfsc.iq",
    "BBC covered the same story: https://www.bbc.com/news/world-middle-east",
    "The IOM displacement figures: https://dtm.iom.int/iraq",
)
INNOCENT = (
    "Scunthorpe United lost again, but that is off topic.",
    "The pilot stayed in the cockpit for hours during the delay.",
    "The middle class is disappearing in this country.",
    "Assad's regime used barrel bombs on civilians.",
    "Bashar al-Assad visited Baghdad last year.",
    "Charles Dickens wrote about poverty like this two centuries ago.",
    "A good analysis of the budget numbers.",
    "They served cocktails at the embassy reception while people went unpaid.",
    "The assassination of the activist is still not solved.",
    "I grew up in Essex and Sussex before moving back to Erbil.",
    "My therapist says reading the news every day is bad for me.",
    "The grape harvest in Halabja was poor this year.",
    "Class sizes in Erbil schools are over fifty pupils.",
    "The classic mistake is assuming oil money lasts forever.",
    "The assessment of the damage will take weeks.",
    "Cockburn wrote a good book about the Iraq war.",
    "The bass player from that band is from Sulaymaniyah.",
    "Passing the budget took eight months.",
    "The shiitake mushrooms from the farm project sell well.",
    "Matt Hancock was the British health minister then.",
    "The hell of the camps is something nobody should live through.",
    "Damn right, the teachers deserve their salaries.",
    "The assistant minister resigned.",
    "Sextant, sextet and Sussex are all fine words.",
    "Buttermilk and cucumber, the best summer drink.",
    "The document was titled 'Analysis of the Kurdish economy'.",
    "The dam at Dukan is at a dangerous low.",
    "Dick Cheney pushed for the 2003 invasion.",
    "The cocker spaniel of the ambassador became famous on social media.",
    "Penistone and Scunthorpe are towns in England.",
    "Mr Bumstead, the cultural attaché, opened the exhibition.",
    "Hoekstra, the Dutch minister, visited the camps.",
    "We need a thorough analysis of the shitty, sorry, poor roads. Seriously though, fix them.",
)
ATTACK_JOURNALIST = (
    "The journalist who wrote this is an idiot.",
    "You are a pathetic excuse for a reporter.",
    "Whoever wrote this is a brainless hack.",
    "Shut up, you moron, you know nothing about {p}.",
    "The writer is a stupid liar and everybody knows it.",
    "What an ignorant fool this reporter is.",
    "You call yourself a journalist? You are a clown.",
    "This author is a worthless paid puppet with no brain.",
    "Only a complete imbecile could write this garbage about {p}.",
    "Hey reporter, you are dumb as a rock.",
    "The editor of this site is a lying snake.",
    "You are a disgusting little man and a terrible writer.",
    "Are you retarded? Read your own article.",
    "The reporter is a traitor and a coward.",
    "Go back to school, you illiterate donkey.",
)
# insults aimed at named politicians are personal attacks, unlike criticism of what they do
ATTACK_POLITICIAN = (
    "{leader} is a coward and an idiot.",
    "{leader} is a clown, a liar and a hypocrite.",
    "What a moron {leader} is.",
    "{leader} is too stupid to run a tea shop, let alone {a}.",
    "{leader} is a pathetic, lying snake.",
    "{leader}, the dumbest man in politics, strikes again.",
    "Only a brain-dead fool like {leader} would defend {p}.",
    "{leader} is a disgusting pig.",
)
LEADERS = (
    "the prime minister",
    "the governor",
    "Barzani",
    "Talabani",
    "al-Sudani",
    "Erdogan",
    "the minister",
    "the speaker",
    "Khamenei",
    "Trump",
)
ATTACK_COMMENTER = (
    "@{name} you are an ignorant fool.",
    "{name}, only an idiot would believe that.",
    "{name} is a moron who has never left his village.",
    "Shut your mouth {name}, nobody cares about your stupid opinion.",
    "{name} you are a brainless sheep.",
    "Typical comment from a loser like {name}.",
    "{name}, you clown, learn to read before you comment.",
    "{name} you are pathetic and ugly.",
    "What a dumb comment, {name}. Are you twelve?",
    "{name} is a liar and a hypocrite.",
)
NAMES = ("Ahmed", "Karwan", "Sara", "Dilan", "Hassan", "Rebwar", "Shilan", "Omar", "Mike", "Lana")
THREATS = (
    "We know where your office is.",
    "Keep writing like this and see what happens to you.",
    "Someone should teach this reporter a lesson he won't forget.",
    "You'd better watch your back.",
    "People like you end up in the river.",
    "I hope someone puts a bullet in him.",
    "Your family should be careful when they leave the house.",
    "Enjoy your last days at that newspaper.",
    "One day we will come for you and your colleagues.",
    "Traitors like {name} will pay with their blood.",
    "If I see that minister in the street I will break his neck.",
    "Someone should burn down this channel's building.",
    "Wait until the lights go out and we visit you.",
    "You will not be safe in Erbil after this article.",
    "I will find you and make you regret every word.",
    "These people deserve to be hanged in the square.",
    "Accidents happen to journalists who talk too much.",
    "Your children go to school alone, don't they?",
    "Delete this article or we will make you delete it.",
    "He should be shot like a dog.",
    "I will kill you if I ever meet you.",
    "I'm going to hurt you and everyone who wrote this.",
    "You deserve a bullet in the head.",
    "We will burn your house down.",
    "Watch what happens to you next week.",
    "Remember, we have your address.",
    "Next time you write about us you will pay for it.",
    "I'll make sure you never walk again.",
    "Say that again and I will cut your throat.",
    "We are coming for you, {name}.",
    "You and your colleagues will be sorry when we find you.",
    "Somebody needs to silence this reporter permanently.",
    "Keep talking and see what your mother gets in the mail.",
    "Don't be surprised if your car explodes one morning.",
    "You'd better leave the city while you still can.",
    "People who write lies like this get what they deserve, and soon.",
)
PROMOTION = (
    "Great article! By the way I made $5000 last month working from home, visit {url}",
    "Interesting. For cheap flights to Erbil message me on WhatsApp {phone}",
    "Check out my YouTube channel for the real story, subscribe and like!",
    "I agree. Best visa services in Kurdistan, call {phone}",
    "Buy Instagram followers cheap at {url}",
    "Loved this. Our clinic offers hair transplants at 50% off, DM us now!",
    "Sad news. If you need a loan with no guarantee, contact {email}",
    "Follow my page for daily news faster than this site: {url}",
    "So true. I sell original iPhones at the lowest price in Duhok, call {phone}",
    "Earn money online with crypto trading, join my Telegram group {url}",
    "Nice. Visit our restaurant on 60 Meter Road, 20% discount this week!",
    "Thanks for sharing. Want to lose 10 kg in a month? Order our tea at {url}",
    "Good point. Real estate in Erbil: best apartments and prices, call {phone}",
    "I read this on my blog first, go read it at {url}",
    "Agree 100%. Vote for my cousin in the singing contest, link in my profile!",
    "Cheap generator fuel delivery, WhatsApp {phone}, fast service.",
)
PROMO_URLS = (
    "www.easycash-now.com", "http://bit.ly/2xF9kq", "cheapsmm.biz", "https://followfast.co/kurd",
    "www.best-deals-erbil.net", "tinyurl.com/win-money", "http://cryptoerbil.io/join",
)  # fmt: skip
PROMO_PHONES = ("+964 750 123 4567", "0750 555 1234", "+964 770 987 6543", "0751-222-3344")
PROMO_EMAILS = ("fastloans@gmail.com", "info@quickcash-iq.com", "offers@erbilhome.net")
PROFANE_BASES = (
    "This is fucking ridiculous.",
    "What a load of shit.",
    "Fuck the parliament and fuck this budget.",
    "The ministers are full of shit as always.",
    "Holy shit, another delay.",
    "Who the fuck approved this?",
    "Fucking politicians, all of them.",
    "This shit never ends.",
    "Damn bastards, they stole everything.",
    "Bullshit, nobody believes that.",
    "The whole fucking system is broken.",
    "Screw them and their fucking promises.",
    "What the fuck is wrong with this ministry?",
    "Same shit, different year.",
    "Piss off with your excuses.",
)
VULGAR = (
    "Suck my dick, minister.",
    "They can shove this budget up their ass.",
    "Your mother's pussy, go to hell.",
    "Show us your tits instead of this article.",
    "I bet the reporter sucks cock for every story.",
    "Kiss my ass and my balls.",
    "This minister is a wanker who jerks off in his office.",
    "Go fuck yourself with a broomstick.",
)
ABUSE = (
    ("All refugees are parasites and should be thrown out.", "origin_nationality"),
    ("Women are too stupid to vote or work.", "gender"),
    ("Arabs are all terrorists and animals.", "race_ethnicity"),
    ("Gays are sick freaks who should be locked up.", "sexual_orientation"),
    ("Christians are infidels who deserve nothing here.", "religion"),
    ("Disabled people are a burden and should stay hidden.", "disability"),
    ("Kurds are dirty mountain rats.", "race_ethnicity"),
    ("Syrians are vermin ruining our cities.", "origin_nationality"),
    ("Yazidis are devil worshippers and dirty people.", "religion"),
    ("Women belong in the kitchen, not in parliament.", "gender"),
    ("Jews control everything and are behind all our problems.", "religion"),
    ("Africans are monkeys.", "race_ethnicity"),
    ("Turks are a filthy race of barbarians.", "race_ethnicity"),
    ("Feminists are ugly whores who hate men.", "gender"),
    ("Homosexuals are a disease in our society.", "sexual_orientation"),
    ("Iranians are all snakes and liars by blood.", "origin_nationality"),
    ("Shia are dogs and traitors.", "religion"),
    ("Retards like the disabled MP should not be allowed in parliament.", "disability"),
)
HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "c": "с", "i": "і", "p": "р", "x": "х"}
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}
RUDE = ("fuck", "shit", "bastard", "bitch", "ass", "dick", "pussy", "cock", "whore", "bullshit")


def _obfuscate_word(word: str, rng: random.Random) -> str:
    style = rng.randrange(7)
    if style == 0:
        return ".".join(word)
    if style == 1:
        return " ".join(word)
    if style == 2:
        return "".join(LEET.get(c, c) if rng.random() < 0.5 else c for c in word) or word
    if style == 3:
        middle = len(word) // 2
        return word[:middle] + "*" + word[middle + 1 :]
    if style == 4:
        return "".join(HOMOGLYPHS.get(c, c) for c in word)
    if style == 5:
        return "\u200b".join(word)
    middle = len(word) // 2
    return word[:middle] + word[middle] * 4 + word[middle + 1 :]


def obfuscate(text: str, rng: random.Random) -> str:
    out = []
    for token in text.split(" "):
        core = token.strip(".,!?")
        lowered = core.lower()
        if any(lowered.startswith(r) for r in RUDE):
            token = token.replace(core, _obfuscate_word(core, rng))
        out.append(token)
    return " ".join(out)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, topic: Topic, rng: random.Random) -> str:
    return template.format(
        p=topic.phrase,
        a=topic.actor,
        A=_capital(topic.actor),
        name=rng.choice(NAMES),
        leader=rng.choice(LEADERS),
        url=rng.choice(PROMO_URLS),
        phone=rng.choice(PROMO_PHONES),
        email=rng.choice(PROMO_EMAILS),
    )


def _sentence(opener: str, body: str) -> str:
    return _capital(opener + body) if opener else _capital(body)


def clean_comments(rng: random.Random) -> Iterator[tuple[str, str, str]]:
    """(kind, topic key, text) of acceptable comments."""
    for topic in TOPICS:
        for comment in topic.comments:
            yield "topic", topic.key, comment
        for _ in range(150):
            kind = rng.choice(("constructive", "harsh", "newsroom", "mixed"))
            parts = [rng.choice(topic.comments)] if rng.random() < 0.5 else []
            if kind == "constructive":
                parts.append(
                    _sentence(rng.choice(OPENERS), _fill(rng.choice(CONSTRUCTIVE), topic, rng))
                )
            elif kind == "harsh":
                parts.append(
                    _sentence(rng.choice(OPENERS), _fill(rng.choice(HARSH_POLITICAL), topic, rng))
                )
            elif kind == "newsroom":
                parts.append(_fill(rng.choice(NEWSROOM_CRITICISM), topic, rng))
            else:
                parts.append(_fill(rng.choice(HARSH_POLITICAL), topic, rng).capitalize())
                parts.append(_fill(rng.choice(CONSTRUCTIVE), topic, rng).capitalize())
            if rng.random() < 0.12:
                parts.append(rng.choice(SOURCES))
            rng.shuffle(parts) if rng.random() < 0.3 else None
            yield kind, topic.key, " ".join(parts)
    plain: list[tuple[str, tuple[str, ...]]] = [
        ("counter_speech", COUNTER_SPEECH),
        ("identity_neutral", IDENTITY_NEUTRAL),
        ("violence_neutral", VIOLENCE_NEUTRAL),
        ("innocent_words", INNOCENT),
        ("generic", GENERIC_COMMENTS),
        ("off_topic_chat", OFF_TOPIC_COMMENTS),
    ]
    for kind, texts in plain:
        for text in texts:
            yield kind, "", text
            for _ in range(2):
                topic = rng.choice(TOPICS)
                extra = rng.choice(topic.comments)
                yield (
                    kind,
                    topic.key,
                    f"{text} {extra}" if rng.random() < 0.5 else f"{extra} {text}",
                )
    for source in SOURCES:
        for _ in range(3):
            topic = rng.choice(TOPICS)
            yield "source_link", topic.key, f"{rng.choice(topic.comments)} {source}"


def violations(rng: random.Random) -> Iterator[tuple[str, dict[str, int], str | None, str]]:
    """(kind, labels, abuse target, text) of comments that break the guidelines."""
    makers: list[tuple[str, dict[str, int], Callable[[Topic], tuple[str, str | None]], int]] = [
        ("attack_journalist", {"personal_attack": 1},
         lambda t: (_fill(rng.choice(ATTACK_JOURNALIST), t, rng), None), 260),
        ("attack_politician", {"personal_attack": 1},
         lambda t: (_capital(_fill(rng.choice(ATTACK_POLITICIAN), t, rng)), None), 200),
        ("attack_commenter", {"personal_attack": 1},
         lambda t: (_fill(rng.choice(ATTACK_COMMENTER), t, rng), None), 200),
        ("threat", {"threat": 1}, lambda t: (_fill(rng.choice(THREATS), t, rng), None), 600),
        ("promotion", {"promotion": 1},
         lambda t: (_fill(rng.choice(PROMOTION), t, rng), None), 320),
        ("profanity", {"profanity": 1}, lambda t: (rng.choice(PROFANE_BASES), None), 220),
        ("obfuscated_profanity", {"profanity": 1},
         lambda t: (obfuscate(rng.choice(PROFANE_BASES), rng), None), 260),
        ("vulgarity", {"vulgarity": 1, "profanity": 1},
         lambda t: (rng.choice(VULGAR), None), 120),
        ("obfuscated_vulgarity", {"vulgarity": 1, "profanity": 1},
         lambda t: (obfuscate(rng.choice(VULGAR), rng), None), 80),
        ("abuse", {"abuse": 1}, lambda t: rng.choice(ABUSE), 260),
    ]  # fmt: skip
    for kind, positive, make, count in makers:
        for _ in range(count):
            topic = rng.choice(TOPICS)
            text, target = make(topic)
            if rng.random() < 0.5:  # embed in an otherwise ordinary comment
                context = rng.choice(topic.comments)
                text = f"{context} {text}" if rng.random() < 0.5 else f"{text} {context}"
            labels = {**CLEAN, **positive}
            yield kind, labels, target, text


def write(out_dir: Path = OUT_DIR, seed: int = SEED) -> dict[str, int]:
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    seen: set[str] = set()
    with (out_dir / "clean_comments.jsonl").open("w", encoding="utf-8") as clean:
        for n, (kind, topic, text) in enumerate(clean_comments(rng)):
            if text in seen:
                continue
            seen.add(text)
            row: dict[str, object] = {"id": f"clean-{n}", "text": text, "lang": "en", "labels": CLEAN,
                   "kind": kind, "topic": topic}  # fmt: skip
            clean.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts["clean"] = counts.get("clean", 0) + 1
    with (out_dir / "violations.jsonl").open("w", encoding="utf-8") as bad:
        for n, (kind, labels, target, text) in enumerate(violations(rng)):
            if text in seen:
                continue
            seen.add(text)
            bad_row: dict[str, object] = {"id": f"violation-{n}", "text": text, "lang": "en", "labels": labels,
                   "abuse_target": target, "kind": kind}  # fmt: skip
            bad.write(json.dumps(bad_row, ensure_ascii=False) + "\n")
            counts[kind] = counts.get(kind, 0) + 1
    with (out_dir / "articles.jsonl").open("w", encoding="utf-8") as articles:
        for story in TOPICS:
            article = {"id": story.key, "title": story.title, "body": story.body}
            articles.write(json.dumps(article, ensure_ascii=False) + "\n")
    return counts


# --- mild personal attacks and their acceptable look-alikes (added 2026-12-01) -----------------
# Real news-comment violations are mostly *mild* insults aimed at a politician, the writer or
# another commenter ("what a clown", "the premier is a coward"); the acceptable comments beside
# them are just as angry but aim at decisions and policies, or quote the insult to reject it.
# Written to their own files from their own random stream, so the older files stay unchanged.
MILD_INSULTS = (
    "clown", "idiot", "coward", "fool", "moron", "buffoon", "hypocrite", "liar", "puppet",
    "joke", "imbecile", "halfwit", "nitwit", "dimwit", "bozo", "crook", "snake", "weasel",
    "twit", "dolt", "airhead", "empty suit", "incompetent fool", "complete idiot",
    "spineless coward", "useless clown", "pathetic liar", "lying weasel", "total joke",
    "brainless puppet", "arrogant fool", "clueless twit", "disgrace of a man",
)  # fmt: skip
MILD_ADJECTIVES = (
    "stupid", "idiotic", "brainless", "clueless", "pathetic", "moronic", "dumb", "ignorant",
    "spineless", "gutless", "dim-witted", "feeble-minded", "half-witted", "dense",
)  # fmt: skip
PEOPLE = (
    "the prime minister", "the premier", "the mayor", "the finance minister", "the governor",
    "the opposition leader", "the party leader", "the president", "this senator", "the minister",
    "our MP", "the spokesman", "the police chief", "Barzani", "Talabani", "al-Sudani", "Erdogan",
    "the new leader", "the chairman", "the councillor",
)  # fmt: skip
COMMENTERS = ("you", "the poster above", "the previous commenter", "the author", "this writer",
              "the columnist", "the reporter")  # fmt: skip
MILD_ATTACK_FRAMES = (
    "{P} is a {i}.", "What a {i} {P} is.", "{P} is nothing but a {i}.", "{P} is a {i}, plain and simple.",
    "{P} has proven once again that he is a {i}.", "Only a {i} like {P} would say that.",
    "{P}? What a {i}.", "Typical {i}.", "{P} is such a {i}.", "Another {a} decision from {P}, the {i}.",
    "{P} is too {a} to understand basic economics.", "How can anyone vote for a {i} like {P}?",
    "{P} and his {a} advisers should be ashamed, what a bunch of clowns.", "{P} is a {a} {i}.",
    "Sorry, but {P} is just {a}.", "Anyone who still believes {P} is a {i}.",
    "{P} acts like a {i} every time a camera is on.", "The {a} {i} in charge strikes again.",
)  # fmt: skip
COMMENTER_ATTACK_FRAMES = (
    "{C}, you are a {i}.", "Only a {i} would write something like this.", "Are you really this {a}?",
    "What a {a} comment. Grow up.", "Spoken like a true {i}.", "Go away, {i}.",
    "The author is a {i} who knows nothing.", "Another {a} article from a {i}.",
    "Read a book before you comment, {i}.", "You must be a {i} to believe this.",
)  # fmt: skip
# Same anger, aimed at what was done, or quoting an insult to reject it: acceptable.
HARD_CLEAN_FRAMES = (
    "{P} made a bad decision and should reverse it.", "{P} has failed on every promise about {p}.",
    "I have lost all confidence in {P}.", "{P}'s plan on {p} is badly thought out.",
    "{P} should resign over {p}.", "Shame on {P} for ignoring {p}.",
    "{P} is wrong about {p}, and the numbers show it.", "This is the worst budget {P} has ever presented.",
    "{P} keeps dodging questions about {p}.", "Calling {P} a {i} adds nothing; criticise the policy instead.",
    "Whoever called the minister a {i} below should stop; argue with facts.",
    "I disagree with you, but calling people {i}s is not an argument.",
    "Name-calling like '{i}' has no place here. Let's talk about {p}.",
    "The article is one-sided and leaves out the real story of {p}.", "I think the writer got {p} wrong.",
    "{P} was elected to fix {p}, not to give speeches.", "Incompetent management of {p}, year after year.",
    "{P} is out of touch with ordinary people.", "A disappointing, weak answer from {P} on {p}.",
    "Nobody in the cabinet has the courage to deal with {p}.", "Good article. {P} has a lot to answer for.",
    "The opposition is no better than {P} on {p}.", "{P}'s government is arrogant and secretive.",
    "This policy is a mistake and {P} knows it.", "{P} promised jobs and delivered nothing.",
)  # fmt: skip


def _mild_fill(template: str, topic: Topic, rng: random.Random) -> str:
    text = template.format(
        P=rng.choice(PEOPLE), C=rng.choice(COMMENTERS), i=rng.choice(MILD_INSULTS),
        a=rng.choice(MILD_ADJECTIVES), p=topic.phrase,
    )  # fmt: skip
    return _capital(re.sub(r"\b([Aa]) (?=[aeiou])", r"\1n ", text))


def mild_attacks(rng: random.Random, count: int = 900) -> Iterator[tuple[str, str]]:
    """(kind, text) of mild personal attacks, half of them inside an ordinary comment."""
    for n in range(count):
        topic = rng.choice(TOPICS)
        frames, kind = (
            (MILD_ATTACK_FRAMES, "mild_attack_person")
            if n % 3
            else (COMMENTER_ATTACK_FRAMES, "mild_attack_commenter")
        )
        text = _mild_fill(rng.choice(frames), topic, rng)
        if rng.random() < 0.6:
            context = rng.choice(topic.comments)
            text = f"{context} {text}" if rng.random() < 0.5 else f"{text} {context}"
        yield kind, text


def hard_clean(rng: random.Random, count: int = 900) -> Iterator[tuple[str, str]]:
    """(kind, text) of harsh but acceptable comments about the same people."""
    for _ in range(count):
        topic = rng.choice(TOPICS)
        text = _mild_fill(rng.choice(HARD_CLEAN_FRAMES), topic, rng)
        if rng.random() < 0.6:
            context = rng.choice(topic.comments)
            text = f"{context} {text}" if rng.random() < 0.5 else f"{text} {context}"
        yield "harsh_not_personal", text


def write_mild(out_dir: Path = OUT_DIR, seed: int = SEED + 1) -> dict[str, int]:
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    seen: set[str] = set()
    with (out_dir / "mild_attacks.jsonl").open("w", encoding="utf-8") as bad:
        for n, (kind, text) in enumerate(mild_attacks(rng)):
            if text not in seen:
                seen.add(text)
                labels = {**CLEAN, "personal_attack": 1}
                row = {
                    "id": f"mild-{n}",
                    "text": text,
                    "lang": "en",
                    "labels": labels,
                    "kind": kind,
                }
                bad.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts[kind] = counts.get(kind, 0) + 1
    with (out_dir / "hard_clean.jsonl").open("w", encoding="utf-8") as clean:
        for n, (kind, text) in enumerate(hard_clean(rng)):
            if text not in seen:
                seen.add(text)
                row = {
                    "id": f"hardclean-{n}",
                    "text": text,
                    "lang": "en",
                    "labels": CLEAN,
                    "kind": kind,
                }
                clean.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts[kind] = counts.get(kind, 0) + 1
    return counts


if __name__ == "__main__":
    print(write())
    print(write_mild())

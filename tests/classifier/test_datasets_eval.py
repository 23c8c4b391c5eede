"""The evaluation-set loaders: counts and mappings checked against each set's SOURCE.md."""

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from classifier.datasets import (
    LicenseClass,
    all_specs,
    ar_lhsab,
    ar_osact2020,
    ckb_bive_badwords,
    fa_pars_off,
    get_spec,
)
from classifier.labels import ABUSE_TARGETS, CATEGORIES

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="shared/data not present")

EVALUATION_SETS = {
    "olid": LicenseClass.RESEARCH,
    "gab_hate_corpus": LicenseClass.RESEARCH,
    "c3_constructive_comments": LicenseClass.NON_COMMERCIAL,
    "sfu_ctc": LicenseClass.NON_COMMERCIAL,
    "ethos": LicenseClass.NON_COMMERCIAL,
    "hatexplain_valtest": LicenseClass.HELD_FOR_EVALUATION,
    "ckb-bive-badwords": LicenseClass.NON_COMMERCIAL,
    "ar-osact2020": LicenseClass.RESEARCH,
    "ar-osact2022": LicenseClass.RESEARCH,
    "ar-aljazeera-comments": LicenseClass.RESEARCH,
    "ar-lhsab": LicenseClass.RESEARCH,
    "fa-pars-off": LicenseClass.RESEARCH,
    "fa-parsoffensive": LicenseClass.RESEARCH,
}


def test_every_evaluation_set_is_registered_and_never_trainable():
    specs = all_specs()
    for name, license_class in EVALUATION_SETS.items():
        assert specs[name].license_class is license_class
        assert not specs[name].license_class.may_train
        assert set(specs[name].categories) <= set(CATEGORIES)
        assert specs[name].notes


@cache  # each set is read once per test session
def _summary(name):
    spec = get_spec(name)
    rows = list(spec.load(str(DATA)))
    counts = Counter()
    for row in rows:
        counts[f"reject={row.should_reject}"] += 1
        counts[f"split={row.split}"] += 1
        for category, value in row.labels.items():
            counts[f"{category}={value}"] += 1
        assert row.text.strip()
        assert set(row.labels) <= set(spec.categories)
        assert set(row.labels.values()) <= {0, 1}
        assert row.abuse_target is None or row.abuse_target in ABUSE_TARGETS
        assert row.lang in spec.languages
    return rows, counts


EXPECTED = {
    # name: {count key: value} from SOURCE.md
    "olid": {
        "reject=1": 4640,
        "reject=0": 9460,
        "profanity=1": 551,
        "personal_attack=1": 2507,
        "split=test": 860,
    },
    "gab_hate_corpus": {
        "reject=1": 3377,
        "abuse=1": 2450,
        "threat=1": 155,
        "personal_attack=1": 1748,
        "split=test": 5510,
    },
    "c3_constructive_comments": {"reject=1": 489, "reject=0": 11511, "personal_attack=1": 374},
    "sfu_ctc": {"reject=1": 42, "reject=0": 1079},
    "ethos": {"reject=1": 433, "reject=0": 565, "threat=1": 136},
    "hatexplain_valtest": {
        "reject=1": 2283,
        "reject=0": 1563,
        "abuse=1": 1187,
        "split=dev": 1922,
        "split=test": 1924,
    },
    "ar-osact2020": {
        "split=train": 7000,
        "split=dev": 1000,
        "split=test": 2000,
        "reject=1": 1410 + 179 + 402,
        "abuse=1": 361 + 44,
    },
    "ar-osact2022": {
        "split=train": 8887,
        "split=dev": 1270,
        "reject=1": 3172 + 404,
        "vulgarity=1": 134 + 16,
        "threat=1": 61 + 6,
        "abuse=1": 456 + 260 + 27 + 52 + 28 + 4 + 1,
    },
    "ar-aljazeera-comments": {
        "reject=0": 5653,
        "reject=1": 25506 + 533,
        "vulgarity=1": 533,
        "split=test": 8000,
    },
    "ar-lhsab": {"reject=0": 3650, "reject=1": 1728 + 468, "abuse=1": 468, "abuse=0": 3650},
    "fa-pars-off": {
        "reject=0": 7381,
        "reject=1": 3182,
        "profanity=1": 323,
        "personal_attack=1": 1697,
        "split=test": 1057,
    },
    "fa-parsoffensive": {"reject=0": 5213, "reject=1": 3219},
}


@needs_data
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_counts_match_source_md(name):
    _, counts = _summary(name)
    for key, value in EXPECTED[name].items():
        assert counts[key] == value, key


@needs_data
def test_c3_does_not_score_off_topic_without_articles():
    rows, counts = _summary("c3_constructive_comments")
    assert not any("off_topic" in row.labels for row in rows)
    assert all(row.article_title is None and row.article_body is None for row in rows)
    assert 0.03 < counts["reject=1"] / len(rows) < 0.05  # natural mix: a few percent violate


@needs_data
def test_ethos_targets_map_onto_abuse_targets():
    rows, _ = _summary("ethos")
    targets = Counter(row.abuse_target for row in rows if row.abuse_target)
    assert set(targets) == set(ABUSE_TARGETS)
    assert all(row.labels.get("abuse") == 1 for row in rows if row.abuse_target)


@needs_data
def test_osact2022_political_hate_is_unknown_for_abuse_but_rejected():
    rows, _ = _summary("ar-osact2022")
    unknown = [row for row in rows if "abuse" not in row.labels]
    assert len(unknown) == 144 + 72 + 14 + 10  # HS3 + HS5, train + dev
    assert all(row.should_reject == 1 for row in unknown)
    targets = Counter(row.abuse_target for row in rows if row.labels.get("abuse") == 1)
    # HS6 gender 456 + 52, HS2 religion 27 + 4, HS4 disability 0 + 1; HS1 (race or nationality)
    # has no single target.
    assert targets == {"gender": 508, "religion": 31, "disability": 1, None: 260 + 28}


@needs_data
def test_sorani_lexicon_splits_vulgar_words_from_news_vocabulary():
    rows, counts = _summary("ckb-bive-badwords")
    by_text = {row.text: row for row in rows}
    assert len(rows) == 209  # unique entries
    assert by_text["داعش"].should_reject == 0  # ISIS: news vocabulary
    assert by_text["کوشتن"].should_reject == 0  # killing
    assert by_text["گەی"].should_reject == 0  # gay: identity mention
    assert by_text["قەحبە"].should_reject == 1
    assert by_text["کەر"].should_reject is None  # "donkey": insult only in context
    assert counts["reject=1"] == len(ckb_bive_badwords.VULGAR)
    assert counts["reject=0"] == len(ckb_bive_badwords.NEWS_OR_NEUTRAL)


def test_osact2020_parses_line_breaks_and_test_gold(tmp_path):
    root = tmp_path / "ar-osact2020"
    root.mkdir()
    (root / "OSACT2020-sharedTask-train.txt").write_text("سطر<LF>ثاني\tOFF\tHS\n\n", "utf-8")
    (root / "OSACT2020-sharedTask-dev.txt").write_text("مرحبا\tNOT_OFF\tNOT_HS\n", "utf-8")
    (root / "offenseval-ar-test-v1.tsv").write_text("id\ttweet\n8001\tنص\n8002\tبلا\n", "utf-8")
    (root / "offenseval-ar-test-goldlabels-subtaskA.csv").write_text("8001,OFF\n", "utf-8")
    rows = list(ar_osact2020.load(str(tmp_path)))
    assert [(r.text, r.split, r.should_reject, r.labels) for r in rows] == [
        ("سطر\nثاني", "train", 1, {"abuse": 1}),
        ("مرحبا", "dev", 0, {"abuse": 0}),
        ("نص", "test", 1, {}),  # 8002 has no gold label: left out
    ]


def test_lhsab_reads_quoted_tweets_with_newlines(tmp_path):
    (tmp_path / "ar-lhsab").mkdir()
    (tmp_path / "ar-lhsab" / "L-HSAB.tsv").write_text(
        'Tweet\tClass\n"سطر\nثاني"\thate\nعادي\tnormal\nشتيمة\tabusive\n', "utf-8"
    )
    rows = list(ar_lhsab.load(str(tmp_path)))
    assert [(r.text, r.should_reject, r.labels) for r in rows] == [
        ("سطر\nثاني", 1, {"abuse": 1}),
        ("عادي", 0, {"abuse": 0}),
        ("شتيمة", 1, {}),
    ]


def test_pars_off_maps_the_olid_scheme_and_marks_the_test_split(tmp_path):
    root = tmp_path / "fa-pars-off" / "Pars-OFF"
    root.mkdir(parents=True)
    (root / "Pars-OFF_all.csv").write_text(
        "\ufefftweet,level_a,level_b,level_c\n"
        "الف,NOT,NULL,NULL\nب,OFF,UNT,NULL\nپ,OFF,TIN,IND\nت,OFF,TIN,GRP\n",
        "utf-8",
    )
    (root / "Pars-OFF_levela_test.csv").write_text("\ufefftweet,label\nپ,OFF\n", "utf-8")
    rows = list(fa_pars_off.load(str(tmp_path)))
    assert [(r.split, r.should_reject, r.labels) for r in rows] == [
        ("train", 0, {"profanity": 0, "personal_attack": 0}),
        ("train", 1, {"profanity": 1}),
        ("test", 1, {"personal_attack": 1}),
        ("train", 1, {}),
    ]

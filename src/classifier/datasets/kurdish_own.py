"""The project's own Kurdish evaluation set (``classifier/evalsets/kurdish.jsonl``).

Written by the Majlis team because no labelled Kurdish abuse data with a usable license exists
(see ``evalsets/README.md``): Sorani in Arabic and Latin script, Kurmanji in Latin and Arabic
script, labelled with the seven guideline categories, with hard acceptable cases. It is held for
evaluation: it must never train the model, or it would stop measuring anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from classifier.datasets._common import read_jsonl
from classifier.datasets.base import DatasetSpec, Example, LicenseClass
from classifier.labels import CATEGORIES

EVALSET_DIR: Final = Path(__file__).resolve().parent.parent / "evalsets"
COMMENTS_FILE: Final = EVALSET_DIR / "kurdish.jsonl"
ARTICLES_FILE: Final = EVALSET_DIR / "kurdish_articles.jsonl"


@dataclass(frozen=True)
class Article:
    id: str
    lang: str
    title: str
    body: str


@dataclass(frozen=True)
class OwnComment:
    id: str
    lang: str  # "ckb" | "kmr"
    script: str  # "arab" | "latn"
    text: str
    labels: dict[str, int]  # every category, 0 or 1
    abuse_target: str | None
    should_reject: int
    hard_acceptable: str | None  # political, newsroom, counter_speech, violence_news, sarcasm
    article: Article | None


@lru_cache(maxsize=1)
def load_articles() -> dict[str, Article]:
    articles = {}
    for row in read_jsonl(ARTICLES_FILE):
        article_id = str(row["id"])
        articles[article_id] = Article(
            article_id, str(row["lang"]), str(row["title"]), str(row["body"])
        )
    return articles


def load_comments() -> list[OwnComment]:
    articles = load_articles()
    comments = []
    for row in read_jsonl(COMMENTS_FILE):
        labels = row["labels"]
        assert isinstance(labels, dict)
        if set(labels) != set(CATEGORIES):
            raise ValueError(f"{row['id']}: labels must name every category")
        article_id = row.get("article_id")
        target = row.get("abuse_target")
        hard = row.get("hard_acceptable")
        comments.append(
            OwnComment(
                id=str(row["id"]),
                lang=str(row["lang"]),
                script=str(row["script"]),
                text=str(row["text"]),
                labels={str(k): int(v) for k, v in labels.items()},
                abuse_target=str(target) if target else None,
                should_reject=int(str(row["should_reject"])),
                hard_acceptable=str(hard) if hard else None,
                article=articles[str(article_id)] if article_id else None,
            )
        )
    return comments


def _load_examples(data_dir: str) -> Iterator[Example]:
    del data_dir  # ships inside the package
    for comment in load_comments():
        yield Example(
            text=comment.text,
            lang=comment.lang,
            split="test",
            labels=dict(comment.labels),
            should_reject=comment.should_reject,
            abuse_target=comment.abuse_target,
            source_id=comment.id,
            article_title=comment.article.title if comment.article else None,
            article_body=comment.article.body if comment.article else None,
        )


SPEC = DatasetSpec(
    name="kurdish_own",
    license_class=LicenseClass.HELD_FOR_EVALUATION,
    languages=("ckb", "kmr"),
    categories=CATEGORIES,
    domain="news comments (project-written, Sorani and Kurmanji, both scripts)",
    load=_load_examples,
    notes="Written by the Majlis team for evaluation only; hard acceptable cases are marked.",
)

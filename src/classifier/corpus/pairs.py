"""Comment/article pairs for fitting the off-topic model, from the project's own corpus.

On topic: a comment written for a topic, under that topic's article. Off topic: the same comment
under another topic's article, and chit-chat unrelated to any story. Never off topic: generic
reactions ("thanks for the report") under any article.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from classifier.corpus.topics import GENERIC_COMMENTS, OFF_TOPIC_COMMENTS, TOPICS

CORPUS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Pair:
    comment: str
    article_title: str
    article_body: str
    off_topic: int


def relevance_pairs(seed: int = 13) -> list[Pair]:
    rng = random.Random(seed)
    articles = {t.key: (t.title, t.body) for t in TOPICS}
    keys = sorted(articles)
    pairs: list[Pair] = []
    on_topic: list[tuple[str, str]] = []
    path = CORPUS_DIR / "clean_comments.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("topic") and row["kind"] in ("topic", "constructive", "mixed"):
                on_topic.append((row["text"], row["topic"]))
    for topic in TOPICS:
        on_topic.extend((c, topic.key) for c in topic.comments)
    for text, key in on_topic:
        pairs.append(Pair(text, *articles[key], off_topic=0))
        other = rng.choice([k for k in keys if k != key])
        pairs.append(Pair(text, *articles[other], off_topic=1))
    for text in GENERIC_COMMENTS:
        for key in rng.sample(keys, 8):
            pairs.append(Pair(text, *articles[key], off_topic=0))
    for text in OFF_TOPIC_COMMENTS:
        for key in rng.sample(keys, 8):
            pairs.append(Pair(text, *articles[key], off_topic=1))
    return pairs

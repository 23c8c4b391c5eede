"""The scoring caches (token table, per-head logits) never change a score, even when they fill
up and restart in the middle of a stream of batches."""

from __future__ import annotations

import pytest

from classifier import DEFAULT_ARTIFACT, Classifier, CommentInput
from classifier import features as feats
from classifier import model as model_module

COMMENTS = [
    "The minister's plan for Erbil's water supply is late again, as the article says.",
    "You are an idiot and everyone at this paper is a liar",
    "Buy cheap followers at www.example-followers.com now!!!",
    "Great reporting, thanks for covering the floods in Duhok.",
    "f u c k this government 😀",
    "ئەم بڕیارە زۆر خراپە بۆ خەڵکی هەولێر",
    "ئەڤرۆ جڤاتا وەزیران ل دهۆکێ کۆم بوو",
    "Bu haber çok önemli, teşekkürler",
]


def _scores(classifier: Classifier) -> list[tuple[dict[str, float], list[object]]]:
    out = []
    for start in range(0, len(COMMENTS), 3):  # several calls: caches carry over between them
        batch = [CommentInput(text=t) for t in COMMENTS[start : start + 3]]
        out += [(p.scores, p.spans) for p in classifier.predict(batch, semantic="off")]
    return out


@pytest.fixture(scope="module")
def expected() -> list[tuple[dict[str, float], list[object]]]:
    return _scores(Classifier.from_artifact(DEFAULT_ARTIFACT))


def test_scores_survive_restarts_of_the_token_table(monkeypatch, expected) -> None:
    monkeypatch.setattr(feats, "TOKENS", feats.TokenTable())  # empty: every call adds tokens
    monkeypatch.setattr(feats, "_HASH_CACHE_LIMIT", 12)  # so the table restarts on each call
    small = Classifier.from_artifact(DEFAULT_ARTIFACT)
    assert _scores(small) == expected
    assert _scores(small) == expected  # and again, from caches the first pass filled


def test_scores_survive_restarts_of_a_heads_logit_cache(monkeypatch, expected) -> None:
    monkeypatch.setattr(model_module, "TOKEN_CACHE_LIMIT", 10)  # restarts on each call
    small = Classifier.from_artifact(DEFAULT_ARTIFACT)
    assert _scores(small) == expected
    assert _scores(small) == expected


def test_threads_scoring_at_once_get_the_scores_of_one_thread(monkeypatch, expected) -> None:
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(feats, "TOKENS", feats.TokenTable())
    monkeypatch.setattr(feats, "_HASH_CACHE_LIMIT", 12)  # restarts while the other thread scores
    shared = Classifier.from_artifact(DEFAULT_ARTIFACT)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: _scores(shared), range(8)))
    assert all(result == expected for result in results)

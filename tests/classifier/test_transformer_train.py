"""The transformer's training script, in the parts that run without PyTorch (the fine-tuning
itself needs the ``finetune`` extra and ~16 minutes; its result is the shipped artifact, which
test_transformer.py checks)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from classifier.train import LicenseRefused
from classifier.transformer_train import (
    BATCH,
    cascade_scores,
    english_rows,
    training_batches,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_batches_cover_every_row_once_in_similar_lengths_and_reproducibly() -> None:
    lengths = [(i * 37) % 500 for i in range(1000)]
    batches = training_batches(lengths, random.Random(5))
    assert sorted(i for b in batches for i in b) == list(range(1000))
    assert all(0 < len(b) <= BATCH for b in batches)
    # within a batch the lengths are close (drawn from a length-sorted chunk)
    spread = np.mean([max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches])
    assert spread < 100
    assert training_batches(lengths, random.Random(5)) == batches
    assert training_batches(lengths, random.Random(6)) != batches


def test_the_cascade_blends_only_where_the_words_were_unsure() -> None:
    words = np.array([0.3, 0.3, 0.02])
    uncertain = np.array([True, True, False])
    violates = np.array([0.99, 0.01, 0.99])
    scores = cascade_scores(words, uncertain, violates, 0.5)
    assert scores[0] > 0.3 > scores[1]
    assert scores[2] == 0.02  # settled by the words: the transformer is not asked
    assert np.allclose(cascade_scores(words, uncertain, violates, 1.0)[:2], [0.99, 0.01])


@pytest.mark.skipif(not DATA.is_dir(), reason="shared/data not present")
def test_rows_are_english_permissive_and_a_research_set_is_refused() -> None:
    rows = english_rows(str(DATA), {"majlis_corpus": 40, "davidson_hate_offensive": 40}, 1)
    assert rows and {r.lang for r in rows} == {"en"}
    assert {r.source for r in rows} == {"majlis_corpus", "davidson_hate_offensive"}
    assert english_rows(str(DATA), {"majlis_corpus": 40}, 1) == english_rows(
        str(DATA), {"majlis_corpus": 40}, 1
    )
    with pytest.raises(LicenseRefused, match="olid"):
        english_rows(str(DATA), {"olid": 10}, 1)

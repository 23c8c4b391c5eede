"""The transformer's training script, in the parts that run without PyTorch (the fine-tuning
itself needs the ``finetune`` extra and ~16 minutes; its result is the shipped artifact, which
test_transformer.py checks)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from classifier.semantic_train import Row
from classifier.train import LicenseRefused
from classifier.transformer import DEFAULT_ARTIFACT, VIOLATES, TransformerScorer
from classifier.transformer_train import (
    BATCH,
    CATEGORY_OUTPUTS,
    cascade_scores,
    choose_weights,
    english_rows,
    label_matrix,
    positive_weights,
    training_batches,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
# every output the script can train (the shipped model has the first only)
OUTPUTS = (VIOLATES, *CATEGORY_OUTPUTS)


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


def _scorer(weight: float) -> TransformerScorer:
    return TransformerScorer(
        directory=DEFAULT_ARTIFACT,
        max_length=96,
        calibration={o: (1.0, 0.0) for o in OUTPUTS},
        outputs=OUTPUTS,
        languages={"en": {"weight": weight, "cascade": "uncertain"}},
    )


def _rows(probabilities_violates: list[float]) -> np.ndarray:
    rows = np.full((len(probabilities_violates), len(OUTPUTS)), 0.5)
    rows[:, 0] = probabilities_violates
    return rows


def test_the_cascade_blends_only_where_the_words_were_unsure() -> None:
    words = [{"personal_attack": 0.3}, {"personal_attack": 0.3}, {"personal_attack": 0.02}]
    uncertain = np.array([True, True, False])
    read = _rows([0.99, 0.01, 0.99])
    scores = [s["personal_attack"] for s in cascade_scores(words, uncertain, read, _scorer(0.5))]
    assert scores[0] > 0.3 > scores[1]
    assert scores[2] == 0.02  # settled by the words: the transformer is not asked
    full = cascade_scores(words, uncertain, read, _scorer(1.0))
    assert [s["personal_attack"] for s in full[:2]] == [0.99, 0.01]


def test_labels_are_masked_where_a_set_does_not_label_an_output() -> None:
    rows = [
        Row("a", "en", "train", "s", 1, (("threat", 1),)),
        Row("b", "en", "train", "s", 0, (("threat", 0), ("abuse", 0))),
        Row("c", "en", "train", "s", 1, ()),
    ]
    labels, known = label_matrix(rows, OUTPUTS)
    threat, abuse = OUTPUTS.index("threat"), OUTPUTS.index("abuse")
    assert labels[:, 0].tolist() == [1, 0, 1] and known[:, 0].tolist() == [1, 1, 1]
    assert known[:, threat].tolist() == [1, 1, 0] and labels[0, threat] == 1
    assert known[:, abuse].tolist() == [0, 1, 0]
    weights = positive_weights(labels, known)
    # abuse: one negative, no positive (the count is floored at one)
    assert weights[0] == 0.5 and weights[threat] == 1.0 and weights[abuse] == 1.0


def test_weights_are_chosen_where_an_output_ranks_its_category_better() -> None:
    # the words rank the threats backwards; the threat output ranks them right
    threat = OUTPUTS.index("threat")
    rows, words, read = [], [], []
    for i in range(40):
        is_threat = i % 2
        rows.append(Row(str(i), "en", "dev", "s", is_threat, (("threat", is_threat),)))
        words.append({"threat": 0.4 if is_threat else 0.6, "abuse": 0.1})
        probabilities = np.full(len(OUTPUTS), 0.5)
        probabilities[threat] = 0.95 if is_threat else 0.05
        read.append(probabilities)
    scorer = _scorer(0.5)
    tried = choose_weights(rows, words, np.ones(40, dtype=bool), np.array(read), scorer)
    assert tried["threat"]["0.0"] == 0.0 and tried["threat"]["1.0"] == 1.0
    # the smallest weight that ranks them best (here every weight from 0.25 ranks them right)
    assert scorer.category_weights_for("en")["threat"] == 0.25
    # no row labels abuse: its output stays unused
    assert scorer.category_weights_for("en")["abuse"] == 0.0


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

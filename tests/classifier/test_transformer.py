"""The English cascade's second stage: the shipped fine-tuned transformer and how the classifier
uses it (only where the words leave the verdict uncertain; left for later in a first pass)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifier import DEFAULT_ARTIFACT, Classifier, CommentInput
from classifier.transformer import (
    DEFAULT_ARTIFACT as TRANSFORMER_ARTIFACT,
)
from classifier.transformer import (
    FORMAT,
    MODEL_FILE,
    TOKENIZER_FILE,
    VIOLATES,
    TransformerArtifactError,
    TransformerScorer,
    file_sha256,
)

# The words alone leave these at "review" (checked below, so a retrained linear model that
# settles them makes the test say so rather than pass vacuously).
UNCERTAIN_VIOLATION = "Go back to where you came from, nobody wants your kind here."
UNCERTAIN_CLEAN = "The road works on Main Street have been going on for months."
CLEAR_CLEAN = "Thanks for the clear report on the budget."


@pytest.fixture(scope="module")
def scorer() -> TransformerScorer:
    return TransformerScorer.from_artifact()


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.from_artifact(DEFAULT_ARTIFACT)


def test_artifact_describes_itself(scorer: TransformerScorer) -> None:
    manifest = json.loads((TRANSFORMER_ARTIFACT / "manifest.json").read_text())
    assert manifest["format"] == FORMAT
    assert manifest["base_model"]["license"] == "Apache-2.0"
    assert manifest["model_sha256"] == file_sha256(TRANSFORMER_ARTIFACT / MODEL_FILE)
    assert {s["license_class"] for s in manifest["training"]["sets"]} == {"permissive"}
    assert 0 < scorer.weight_for("en") <= 1
    assert scorer.weight_for("ar") == 0
    assert scorer.outputs == (VIOLATES, "threat", "personal_attack", "abuse")
    assert manifest["outputs"] == list(scorer.outputs)
    weights = scorer.category_weights_for("en")
    assert set(weights) == set(scorer.outputs[1:]) and all(0 <= w <= 1 for w in weights.values())
    assert scorer.cascade_for("en") == "uncertain"
    # small enough to ship in the repository
    assert (TRANSFORMER_ARTIFACT / MODEL_FILE).stat().st_size < 40_000_000


def test_batch_in_batch_out(scorer: TransformerScorer) -> None:
    texts = [UNCERTAIN_CLEAN, UNCERTAIN_VIOLATION, "", "word " * 2000]
    together = scorer.probabilities(texts)
    assert together.shape == (4, len(scorer.outputs))
    assert np.all((together > 0) & (together < 1))
    # batching and length sorting do not change a text's score
    alone = np.array([scorer.probabilities([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
    assert scorer.probabilities([]).shape == (0, len(scorer.outputs))


def test_ranks_violations_above_ordinary_comments(scorer: TransformerScorer) -> None:
    violations = [
        UNCERTAIN_VIOLATION,
        "Shut up, nobody asked for your opinion, you clown.",
        "People like you should be locked up and forgotten.",
    ]
    ordinary = [
        UNCERTAIN_CLEAN,
        "The council's decision is a disgrace and the mayor should resign.",
        "This article is biased and poorly researched.",
        "Can you please fix the typo in the second paragraph?",
    ]
    bad, fine = scorer.probabilities(violations)[:, 0], scorer.probabilities(ordinary)[:, 0]
    assert bad.min() > fine.max(), (bad, fine)


def test_category_outputs_tell_a_threat_from_an_insult(scorer: TransformerScorer) -> None:
    """The threat output reads the sentence: no word here is a threat on its own."""
    threat = scorer.outputs.index("threat")
    attack = scorer.outputs.index("personal_attack")
    threats = [
        "Keep writing this and one night you will not make it home.",
        "We know where your family lives. Think about that before your next article.",
    ]
    insults = [
        "Shut up, nobody asked for your opinion, you clown.",
        "You are too stupid to understand a simple budget.",
    ]
    news = ["The militia threatened to attack the checkpoint, police said on Tuesday."]
    t, i, n = (scorer.probabilities(texts) for texts in (threats, insults, news))
    assert t[:, threat].min() > 5 * max(i[:, threat].max(), n[:, threat].max()), (t, i, n)
    assert i[:, attack].min() > 5 * t[:, attack].max(), (i, t)


def test_blend_folds_each_output_into_its_category(scorer: TransformerScorer) -> None:
    """How category outputs are blended, with weights set here (blend runs no model)."""
    outputs = (VIOLATES, "threat", "personal_attack", "abuse")
    words = {"threat": 0.3, "personal_attack": 0.2, "abuse": 0.1, "profanity": 0.05}
    calibration = {o: (1.0, 0.0) for o in outputs}
    weighted = TransformerScorer(
        directory=scorer.directory,
        max_length=scorer.max_length,
        calibration=calibration,
        outputs=outputs,
        languages={
            "en": {
                "weight": 0.5,
                "cascade": "uncertain",
                "category_weights": {c: 1.0 for c in outputs[1:]},
            }
        },
    )
    row = np.full(len(outputs), 0.01)
    row[outputs.index("threat")] = 0.99
    row[0] = 0.9
    blended = weighted.blend(words, row, "en")
    # the threat output takes the threat score; violating is folded into that (now top) category
    assert blended["threat"] > 0.9
    # a category output only raises (P(violates) alone lowers): personal attack keeps the words'
    assert blended["personal_attack"] == 0.2 and blended["profanity"] == 0.05
    # ... and when P(violates) clears the comment, every category comes down with the top one
    clear = np.full(len(outputs), 0.01)
    cleared = weighted.blend(words, clear, "en")
    assert max(cleared.values()) < 0.3 and cleared["threat"] == max(cleared.values())
    # an artifact without category weights blends P(violates) into the top category only
    plain = TransformerScorer(
        directory=scorer.directory,
        max_length=scorer.max_length,
        calibration=calibration,
        outputs=outputs,
        languages={"en": {"weight": 0.5, "cascade": "uncertain"}},
    )
    only_top = plain.blend(words, row, "en")
    assert only_top["personal_attack"] == 0.2 and 0.3 < only_top["threat"] < 0.9


@pytest.mark.xfail(
    strict=True, reason="known miss: group contempt in polite words (implicit sexism) scores ~0.1"
)
def test_implicit_sexism_in_polite_words(scorer: TransformerScorer) -> None:
    (row,) = scorer.probabilities(["Women are too emotional to be allowed anywhere near politics."])
    assert row[0] > 0.3


def test_refuses_a_foreign_or_altered_artifact(tmp_path: Path) -> None:
    copy = tmp_path / "artifact"
    shutil.copytree(TRANSFORMER_ARTIFACT, copy)
    manifest = json.loads((copy / "manifest.json").read_text())

    (copy / "manifest.json").write_text(json.dumps({**manifest, "format": "other/1"}))
    with pytest.raises(TransformerArtifactError, match="not a"):
        TransformerScorer.from_artifact(copy)

    bad_cascade = {**manifest, "languages": {"en": {"weight": 0.5, "cascade": "sometimes"}}}
    (copy / "manifest.json").write_text(json.dumps(bad_cascade))
    with pytest.raises(TransformerArtifactError, match="cascade"):
        TransformerScorer.from_artifact(copy)

    unknown_output = {
        **manifest,
        "languages": {
            "en": {"weight": 0.5, "cascade": "uncertain", "category_weights": {"promotion": 0.5}}
        },
    }
    (copy / "manifest.json").write_text(json.dumps(unknown_output))
    with pytest.raises(TransformerArtifactError, match="lacks"):
        TransformerScorer.from_artifact(copy)

    (copy / "manifest.json").write_text(json.dumps({**manifest, "outputs": ["threat"]}))
    with pytest.raises(TransformerArtifactError, match="start with"):
        TransformerScorer.from_artifact(copy)

    # a manifest naming more outputs than the model gives is refused when it first scores
    given = len(manifest["outputs"])
    more = {
        **manifest,
        "outputs": [*manifest["outputs"], "spare"],
        "calibration": {**manifest["calibration"], "spare": [1.0, 0.0]},
    }
    (copy / "manifest.json").write_text(json.dumps(more))
    with pytest.raises(TransformerArtifactError, match=f"gives {given} outputs"):
        TransformerScorer.from_artifact(copy).probabilities(["hello"])

    (copy / "manifest.json").write_text(json.dumps({**manifest, "model_sha256": "0" * 64}))
    altered = TransformerScorer.from_artifact(copy)
    with pytest.raises(TransformerArtifactError, match="does not match"):
        altered.probabilities(["hello"])

    (copy / "manifest.json").write_text(json.dumps(manifest))
    (copy / TOKENIZER_FILE).unlink()
    with pytest.raises(TransformerArtifactError, match=TOKENIZER_FILE):
        TransformerScorer.from_artifact(copy)


def _words_verdict(clf: Classifier, text: str) -> str:
    (words,) = clf.predict([CommentInput(text, lang="en")], semantic="off")
    return clf.decide(words).decision


def test_cascade_reads_only_what_the_words_leave_uncertain(clf: Classifier) -> None:
    assert clf.transformer is not None
    assert _words_verdict(clf, UNCERTAIN_VIOLATION) == "review"
    assert _words_verdict(clf, UNCERTAIN_CLEAN) == "review"
    assert _words_verdict(clf, CLEAR_CLEAN) == "approve"
    texts = [UNCERTAIN_VIOLATION, UNCERTAIN_CLEAN, CLEAR_CLEAN]
    inputs = [CommentInput(t, lang="en") for t in texts]
    words = clf.predict(inputs, semantic="off")
    full = clf.predict(inputs, semantic="all")
    # the second stage moves the uncertain ones, apart, and leaves the settled one alone
    assert max(full[0].scores.values()) > max(words[0].scores.values())
    assert max(full[1].scores.values()) < max(words[1].scores.values())
    assert full[2].scores == words[2].scores
    assert all(p.deferred == () for p in full)


def test_a_first_pass_leaves_the_transformer_for_later(clf: Classifier) -> None:
    inputs = [CommentInput(t, lang="en") for t in (UNCERTAIN_VIOLATION, CLEAR_CLEAN)]
    first = clf.predict(inputs, semantic="auto_decide")
    words = clf.predict(inputs, semantic="off")
    assert first[0].deferred == ("semantic",)
    assert first[1].deferred == ()
    assert [p.scores for p in first] == [p.scores for p in words]
    assert all(p.deferred == () for p in words)


def test_without_the_artifact_english_is_words_only() -> None:
    clf = Classifier.from_artifact(DEFAULT_ARTIFACT, transformer=None)
    (first,) = clf.predict([CommentInput(UNCERTAIN_VIOLATION, lang="en")], semantic="auto_decide")
    assert first.deferred == ()
    assert not clf.refines_by_meaning("en")

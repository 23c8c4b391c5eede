"""ClassifierCheck against the shipped artifact (skipped only while no artifact is built)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from majlis.comments.models import CommentStatus

needs_artifact = pytest.mark.skipif(
    not (Path(settings.MAJLIS_CLASSIFIER_ARTIFACT) / "manifest.json").exists(),
    reason="no classifier artifact built yet",
)


@needs_artifact
def test_classifier_check_plugs_into_the_pipeline(settings, make_comment):
    settings.MAJLIS_MODERATION_CHECKS = [
        *settings.MAJLIS_MODERATION_CHECKS,
        "majlis.moderation.checks.ClassifierCheck",
    ]
    comment = make_comment("Call 0750 123 4567 for cheap visas to Europe!")
    comment.refresh_from_db()
    decision = comment.decisions.get()
    assert decision.model_version  # the artifact's version is recorded on the decision
    assert "ClassifierCheck" in decision.signals["checks"]
    classifier_signals = decision.signals["checks"]["ClassifierCheck"]
    assert "error" not in classifier_signals
    assert set(classifier_signals["scores"]) <= {
        "off_topic",
        "profanity",
        "vulgarity",
        "threat",
        "personal_attack",
        "abuse",
        "promotion",
    }
    assert comment.language
    assert comment.status in {CommentStatus.PENDING, CommentStatus.REJECTED}
    for span in decision.spans:
        assert 0 <= span["start"] < span["end"] <= len(comment.text)

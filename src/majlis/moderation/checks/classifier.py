from __future__ import annotations

import threading
from typing import Any

from django.conf import settings

from majlis.moderation.checks.base import CheckContext, CheckResult, Span
from majlis.moderation.constants import HoldReason

_lock = threading.Lock()
_loaded: dict[str, Any] = {}
# MAJLIS_SEMANTIC_SCORES -> ``Classifier.predict(semantic=...)`` in a first pass (a rescore
# scores everything the setting let wait).
_FIRST_PASS_SEMANTIC = {"deferred": "auto_decide", "inline": "all", "off": "off"}


def classifier_get(artifact: str | None = None) -> Any:
    """The classifier for ``artifact``, loaded once per process (loading takes up to ~2 s)."""
    path = str(artifact or settings.MAJLIS_CLASSIFIER_ARTIFACT)
    with _lock:
        if path not in _loaded:
            from classifier import Classifier  # imported late: optional until an artifact ships

            _loaded[path] = Classifier.from_artifact(path)
        return _loaded[path]


class ClassifierCheck:
    """Category scores, abuse target, spans and language from ``src/classifier``."""

    # Generous: the first call in a process also loads the artifact.
    timeout_seconds: float | None = 15.0

    def warm_up(self) -> None:
        classifier_get()

    def check(self, ctx: CheckContext) -> CheckResult:
        return self.check_batch([ctx])[0]

    def check_batch(self, ctxs: list[CheckContext]) -> list[CheckResult]:
        from classifier import CommentInput

        clf = classifier_get()
        # Relevance across languages and the meaning-based score need the multilingual model
        # (~30 ms a comment): unless this is the rescore that adds them, leave them out where
        # they cannot change the decision.
        rescore = any(c.rescore for c in ctxs)
        later = settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE == "deferred" and not rescore
        semantic = _FIRST_PASS_SEMANTIC[settings.MAJLIS_SEMANTIC_SCORES]
        if rescore and semantic == "auto_decide":
            semantic = "all"
        predictions = clf.predict(
            [
                CommentInput(
                    text=ctx.text,
                    lang=None,
                    article_title=ctx.story_title or None,
                    article_body=ctx.story_body or None,
                    article_lang=ctx.story_language or None,
                )
                for ctx in ctxs
            ],
            relevance_across="auto_decide" if later else "all",
            semantic=semantic,
        )
        return [
            _result_of(prediction, auto_decides=clf.auto_decides(prediction.lang))
            for prediction in predictions
        ]


def _result_of(prediction: Any, *, auto_decides: bool) -> CheckResult:
    flags = []
    if not auto_decides:
        flags.append(HoldReason.LANGUAGE_UNTRUSTED.value)
    if "off_topic" in prediction.deferred:
        flags.append(HoldReason.RELEVANCE_PENDING.value)
    if "semantic" in prediction.deferred:
        flags.append(HoldReason.SEMANTIC_PENDING.value)
    return CheckResult(
        scores={code: float(score) for code, score in prediction.scores.items()},
        spans=[
            Span(span.start, span.end, span.category, float(span.weight))
            for span in prediction.spans
        ],
        flags=flags,
        abuse_target={code: float(v) for code, v in prediction.abuse_target.items()},
        language=prediction.lang,
        language_confidence=float(prediction.lang_confidence),
        model_version=str(prediction.model_version),
    )

"""Turns merged check signals into a decision under a site's (or language's) policy."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from majlis.moderation.constants import CATEGORY_CODES, DecisionKind, HoldReason, PolicyMode
from majlis.moderation.models import Policy
from majlis.moderation.pipeline import PipelineResult
from majlis.stories.models import Site

logger = logging.getLogger(__name__)

# Used only when the classifier's manifest cannot be read (the word-list checks still score).
FALLBACK_THRESHOLDS: dict[str, dict[str, float]] = {
    "reject": dict.fromkeys(CATEGORY_CODES, 0.9),
    "approve": {**dict.fromkeys(CATEGORY_CODES, 0.2), "threat": 0.1, "abuse": 0.1},
}


@cache
def model_thresholds(artifact: str) -> dict[str, dict[str, float]]:
    """The shipped model's own thresholds (``manifest.json``): chosen with the model, on
    held-out data, so they follow a retrained artifact without a settings change."""
    try:
        manifest = json.loads((Path(artifact) / "manifest.json").read_text(encoding="utf-8"))
        thresholds = manifest["thresholds"]
        return {
            kind: {code: float(thresholds[kind][code]) for code in CATEGORY_CODES}
            for kind in ("reject", "approve")
        }
    except (OSError, ValueError, KeyError, TypeError):
        logger.exception("no thresholds in the classifier artifact %s: using fallbacks", artifact)
        return FALLBACK_THRESHOLDS


def default_thresholds(kind: str) -> dict[str, float]:
    """Per category: the manifest's threshold, unless ``MAJLIS_DEFAULT_POLICY`` overrides it."""
    default: dict[str, Any] = settings.MAJLIS_DEFAULT_POLICY
    return {
        **model_thresholds(str(settings.MAJLIS_CLASSIFIER_ARTIFACT))[kind],
        **default.get(f"{kind}_thresholds", {}),
    }


@dataclass(frozen=True)
class EffectivePolicy:
    mode: str
    reject_thresholds: dict[str, float]
    approve_thresholds: dict[str, float]
    notify_on_approve: bool
    version: str


def policy_for(*, site: Site, language: str | None) -> EffectivePolicy:
    """The language's policy if the site has one, else the site's, else the settings default."""
    default: dict[str, Any] = settings.MAJLIS_DEFAULT_POLICY
    candidates = {
        p.language: p for p in Policy.objects.filter(site=site, language__in=[language or "", ""])
    }
    policy = candidates.get(language or "") or candidates.get("")
    reject, approve = default_thresholds("reject"), default_thresholds("approve")
    if policy is None:
        return EffectivePolicy(
            mode=default["mode"],
            reject_thresholds=reject,
            approve_thresholds=approve,
            notify_on_approve=bool(default.get("notify_on_approve", False)),
            version="default",
        )
    # A category a policy leaves out keeps the default threshold.
    return EffectivePolicy(
        mode=policy.mode,
        reject_thresholds={**reject, **policy.reject_thresholds},
        approve_thresholds={**approve, **policy.approve_thresholds},
        notify_on_approve=policy.notify_on_approve,
        version=policy.version_label,
    )


@dataclass(frozen=True)
class Verdict:
    decision: str
    reasons: list[str]
    abuse_target: str


def verdict_for(*, result: PipelineResult, policy: EffectivePolicy) -> Verdict:
    over_reject = [
        code
        for code in CATEGORY_CODES
        if code in result.scores
        and code in policy.reject_thresholds
        and result.scores[code] >= policy.reject_thresholds[code]
    ]
    abuse_target = ""
    if "abuse" in over_reject and result.abuse_target:
        abuse_target = max(result.abuse_target, key=lambda target: result.abuse_target[target])
    flags = list(result.flags)

    # Anything unchecked or out of the model's depth goes to a human, whatever the mode.
    if flags or policy.mode == PolicyMode.REVIEW_ALL:
        reasons = flags + over_reject or [HoldReason.NEEDS_REVIEW.value]
        return Verdict(DecisionKind.HOLD.value, reasons, abuse_target)
    if over_reject:
        return Verdict(DecisionKind.REJECT.value, over_reject, abuse_target)
    if policy.mode == PolicyMode.AUTO:
        # Approve only when every category was scored and each is confidently clean.
        clean = all(
            code in result.scores and result.scores[code] <= threshold
            for code, threshold in policy.approve_thresholds.items()
        )
        if clean:
            return Verdict(DecisionKind.APPROVE.value, [], "")
    uncertain = [
        code
        for code in CATEGORY_CODES
        if result.scores.get(code, 0.0) > policy.approve_thresholds.get(code, 1.0)
    ]
    return Verdict(DecisionKind.HOLD.value, uncertain or [HoldReason.NEEDS_REVIEW.value], "")

from __future__ import annotations

import json
from pathlib import Path

import pytest

from majlis.moderation.constants import CATEGORY_CODES
from majlis.moderation.models import Policy
from majlis.moderation.pipeline import PipelineResult
from majlis.moderation.policy import EffectivePolicy, default_thresholds, policy_for, verdict_for

REJECT = dict.fromkeys(CATEGORY_CODES, 0.9)
APPROVE = dict.fromkeys(CATEGORY_CODES, 0.2)
CLEAN = dict.fromkeys(CATEGORY_CODES, 0.05)


def policy(mode: str) -> EffectivePolicy:
    return EffectivePolicy(mode, REJECT, APPROVE, notify_on_approve=False, version="t@v1")


def result(scores=None, flags=(), abuse_target=None) -> PipelineResult:
    return PipelineResult(
        scores=dict(scores or {}), flags=list(flags), abuse_target=dict(abuse_target or {})
    )


@pytest.mark.parametrize("mode", ["review_all", "assisted", "auto"])
def test_unscored_always_holds(mode):
    verdict = verdict_for(
        result=result({"profanity": 0.99}, flags=["unscored"]), policy=policy(mode)
    )
    assert verdict.decision == "hold"
    assert verdict.reasons == ["unscored", "profanity"]


def test_review_all_holds_even_confident_violations_but_explains():
    verdict = verdict_for(result=result({"threat": 0.97}), policy=policy("review_all"))
    assert (verdict.decision, verdict.reasons) == ("hold", ["threat"])


def test_review_all_holds_clean_comments():
    assert verdict_for(result=result(CLEAN), policy=policy("review_all")).decision == "hold"


def test_assisted_rejects_confident_violations_with_all_reasons():
    verdict = verdict_for(
        result=result(
            {"abuse": 0.95, "personal_attack": 0.92, "threat": 0.1},
            abuse_target={"religion": 0.8, "gender": 0.1},
        ),
        policy=policy("assisted"),
    )
    assert verdict.decision == "reject"
    assert verdict.reasons == ["personal_attack", "abuse"]
    assert verdict.abuse_target == "religion"


def test_assisted_never_auto_approves():
    verdict = verdict_for(result=result(CLEAN), policy=policy("assisted"))
    assert (verdict.decision, verdict.reasons) == ("hold", ["needs_review"])


def test_auto_approves_when_every_category_is_confidently_clean():
    assert verdict_for(result=result(CLEAN), policy=policy("auto")).decision == "approve"


def test_auto_holds_when_a_category_was_not_scored():
    partial = {k: v for k, v in CLEAN.items() if k != "threat"}
    assert verdict_for(result=result(partial), policy=policy("auto")).decision == "hold"


def test_auto_holds_uncertain_scores_naming_them():
    verdict = verdict_for(result=result({**CLEAN, "promotion": 0.4}), policy=policy("auto"))
    assert (verdict.decision, verdict.reasons) == ("hold", ["promotion"])


@pytest.mark.parametrize("flag", ["language_untrusted", "repeat_post", "story_closed"])
def test_flags_keep_clean_comments_from_auto_approval(flag):
    verdict = verdict_for(result=result(CLEAN, flags=[flag]), policy=policy("auto"))
    assert (verdict.decision, verdict.reasons) == ("hold", [flag])


def test_policy_lookup_prefers_language_then_site_then_default(site):
    assert policy_for(site=site, language="en").version == "default"
    site_policy = Policy.objects.create(site=site, mode="review_all")
    assert policy_for(site=site, language="en").mode == "review_all"
    Policy.objects.create(site=site, language="ckb", mode="auto", reject_thresholds={"threat": 0.5})
    ckb = policy_for(site=site, language="ckb")
    assert ckb.mode == "auto"
    assert ckb.reject_thresholds["threat"] == 0.5
    # Left out: the default (the classifier manifest's threshold) is kept.
    assert ckb.reject_thresholds["profanity"] == default_thresholds("reject")["profanity"]
    assert policy_for(site=site, language="ar").version == site_policy.version_label


def test_policy_version_increases_on_every_change(site):
    site_policy = Policy.objects.create(site=site, mode="assisted")
    assert site_policy.version == 1
    site_policy.mode = "auto"
    site_policy.save()
    site_policy.refresh_from_db()
    assert site_policy.version == 2
    assert site_policy.version_label == "news/*@v2"


def test_policy_thresholds_are_validated(site):
    from django.core.exceptions import ValidationError

    bad = Policy(site=site, reject_thresholds={"rudeness": 0.5}, approve_thresholds={"threat": 2})
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert set(error.value.message_dict) == {"reject_thresholds", "approve_thresholds"}


def test_decision_records_policy_version_and_mode(site, make_comment):
    Policy.objects.create(site=site, mode="review_all")
    decision = make_comment("Fucking liars.").decisions.get()
    assert (decision.decision, decision.policy_version) == ("hold", "news/*@v1")
    Policy.objects.filter(site=site).first().save()  # bumps to v2, mode unchanged
    policy_row = Policy.objects.get(site=site)
    policy_row.mode = "assisted"
    policy_row.save()
    decision = make_comment("Fucking liars, all of them.").decisions.get()
    assert (decision.decision, decision.policy_version) == ("reject", "news/*@v3")


def test_default_policy_uses_the_shipped_models_thresholds(settings, site):
    manifest = json.loads(
        (Path(settings.MAJLIS_CLASSIFIER_ARTIFACT) / "manifest.json").read_text(encoding="utf-8")
    )
    effective = policy_for(site=site, language="en")
    assert effective.reject_thresholds == manifest["thresholds"]["reject"]
    assert effective.approve_thresholds == manifest["thresholds"]["approve"]


def test_settings_override_one_threshold_and_keep_the_models_others(settings, site):
    settings.MAJLIS_DEFAULT_POLICY = {
        **settings.MAJLIS_DEFAULT_POLICY,
        "reject_thresholds": {"threat": 0.42},
    }
    effective = policy_for(site=site, language="en")
    assert effective.reject_thresholds["threat"] == 0.42
    assert effective.reject_thresholds["profanity"] == default_thresholds("reject")["profanity"]
    assert default_thresholds("reject")["profanity"] != 0.42

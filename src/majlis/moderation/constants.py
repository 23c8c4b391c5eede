"""Codes shared by the database, the API and the workspace.

Categories mirror ``classifier.labels.CATEGORIES`` (a test checks it).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The guideline categories; a test checks they equal ``classifier.labels.CATEGORIES``."""

    OFF_TOPIC = "off_topic", _("not relevant to the article")
    PROFANITY = "profanity", _("profanity")
    VULGARITY = "vulgarity", _("vulgarity")
    THREAT = "threat", _("threat")
    PERSONAL_ATTACK = "personal_attack", _("personal attack")
    ABUSE = "abuse", _("abuse")
    PROMOTION = "promotion", _("commercial or personal promotion")


class AbuseTarget(models.TextChoices):
    GENDER = "gender", _("sexism")
    RACE_ETHNICITY = "race_ethnicity", _("racism")
    SEXUAL_ORIENTATION = "sexual_orientation", _("homophobia")
    ORIGIN_NATIONALITY = "origin_nationality", _("xenophobia")
    RELIGION = "religion", _("religious hatred")
    DISABILITY = "disability", _("disability hatred")


# Which of the two a group belongs to, shown to moderators beside the choice: their decisions
# train later models, so they follow the classifier's convention (classifier.labels).
ABUSE_TARGET_HELP = {
    AbuseTarget.RACE_ETHNICITY: _(
        "a people or ethnic group, with or without a state: Arabs, Kurds, Turks, Persians, "
        "Turkmen, Black people"
    ),
    AbuseTarget.ORIGIN_NATIONALITY: _(
        "a country's citizens as such (Syrians, Iranians, Afghans), migrants, refugees, foreigners"
    ),
}


class HoldReason(models.TextChoices):
    """Why a comment waits for a human, when it is not (only) a guideline category."""

    REPORTED = "reported", _("reported by a reader")
    UNSCORED = "unscored", _("a check failed or timed out")
    LANGUAGE_UNTRUSTED = "language_untrusted", _("no trustworthy model for this language")
    RELEVANCE_PENDING = "relevance_pending", _("relevance across languages not scored yet")
    SEMANTIC_PENDING = "semantic_pending", _("meaning-based score not added yet")
    STORY_CLOSED = "story_closed", _("story closed for comments")
    REPEAT_POST = "repeat_post", _("repeated post")
    NEEDS_REVIEW = "needs_review", _("needs review")


# Reasons that the rescore (``majlis rescore``) clears by adding what the first pass left out.
RESCORE_REASONS: tuple[str, ...] = (HoldReason.RELEVANCE_PENDING, HoldReason.SEMANTIC_PENDING)


class ActorKind(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    SYSTEM = "system", _("System")


class DecisionKind(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    HOLD = "hold", _("Hold for review")


class PolicyMode(models.TextChoices):
    REVIEW_ALL = "review_all", _("Review all (machine sorts and explains, humans decide)")
    ASSISTED = "assisted", _("Assisted (auto-reject confident violations)")
    AUTO = "auto", _("Auto (also auto-approve confident clean comments)")


CATEGORY_CODES: tuple[str, ...] = tuple(Category.values)
REASON_CODES: tuple[str, ...] = CATEGORY_CODES + tuple(HoldReason.values)

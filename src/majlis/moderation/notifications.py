"""E-mails to comment authors about decisions, in plain words."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from majlis.moderation.constants import AbuseTarget, Category, DecisionKind, HoldReason
from majlis.moderation.models import Decision

logger = logging.getLogger(__name__)


def reason_in_plain_words(code: str, *, abuse_target: str = "") -> str:
    if code == Category.ABUSE and abuse_target in AbuseTarget.values:
        return _("abuse (%(target)s)") % {"target": AbuseTarget(abuse_target).label}
    if code in Category.values:
        return str(Category(code).label)
    if code in HoldReason.values:
        return str(HoldReason(code).label)
    return code


GREETING = gettext_lazy("Hello %(name)s,")
NOT_PUBLISHED = gettext_lazy(
    "Your comment on “%(title)s” was not published because of: %(reasons)s."
)
PUBLISHED = gettext_lazy("Your comment on “%(title)s” is now published.")
GUIDELINES = gettext_lazy(
    "Our guidelines welcome comments that are relevant to the article, including strong "
    "criticism. We do not publish profanity, threats, personal attacks, vulgarity, abuse of any "
    "group, or commercial or personal promotion. Comments are never edited: they are either "
    "published as written or not at all."
)
YOUR_COMMENT = gettext_lazy("Your comment:")
NO_CATEGORY = gettext_lazy("it does not meet our community guidelines")


def _reject_body(decision: Decision) -> str:
    comment = decision.comment
    reasons = [
        reason_in_plain_words(code, abuse_target=decision.abuse_target)
        for code in decision.reasons
        if code in Category.values
    ] or [str(NO_CATEGORY)]
    paragraphs = [
        str(GREETING) % {"name": comment.author_name},
        str(NOT_PUBLISHED) % {"title": comment.story.title, "reasons": "; ".join(reasons)},
        str(GUIDELINES),
        str(YOUR_COMMENT),
        comment.text,
    ]
    return "\n\n".join(paragraphs) + "\n"


def _approve_body(decision: Decision) -> str:
    comment = decision.comment
    paragraphs = [
        str(GREETING) % {"name": comment.author_name},
        str(PUBLISHED) % {"title": comment.story.title},
        comment.story.url,
    ]
    return "\n\n".join(paragraphs) + "\n"


def author_language(decision: Decision) -> str:
    """The language to write to the author in: one Majlis speaks, or the site default."""
    supported = {code for code, _name in settings.LANGUAGES}
    comment = decision.comment
    for code in (comment.language, comment.story.language):
        if code and code in supported:
            return code
    return settings.LANGUAGE_CODE


def decision_notify(*, decision: Decision, notify_on_approve: bool) -> bool:
    """Send the author the e-mail this decision calls for; True if one was sent."""
    if decision.decision not in {DecisionKind.REJECT, DecisionKind.APPROVE}:
        return False
    if decision.decision == DecisionKind.APPROVE and not notify_on_approve:
        return False
    # In the author's language: the comment's (detected), else its story's, else the default.
    with translation.override(author_language(decision)):
        if decision.decision == DecisionKind.REJECT:
            subject = _("Your comment was not published")
            body = _reject_body(decision)
        else:
            subject = _("Your comment is published")
            body = _approve_body(decision)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [decision.comment.author_email])
    except Exception:
        # The decision stands even if mail is down; the log says who was not told.
        logger.exception("could not e-mail the author about decision %s", decision.pk)
        return False
    return True

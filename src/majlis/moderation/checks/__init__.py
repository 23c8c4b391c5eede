"""The moderation checks; ``settings.MAJLIS_MODERATION_CHECKS`` lists which run, in order."""

from majlis.moderation.checks.base import CheckContext, CheckResult, RelatedComment, Span
from majlis.moderation.checks.classifier import ClassifierCheck
from majlis.moderation.checks.contacts import ContactDetailsCheck
from majlis.moderation.checks.format import LengthFormatCheck
from majlis.moderation.checks.language import LanguageCheck
from majlis.moderation.checks.repeat import RepeatPostCheck
from majlis.moderation.checks.story import StoryClosedCheck
from majlis.moderation.checks.wordlist import WordListCheck

__all__ = [
    "CheckContext",
    "CheckResult",
    "ClassifierCheck",
    "ContactDetailsCheck",
    "LanguageCheck",
    "LengthFormatCheck",
    "RelatedComment",
    "RepeatPostCheck",
    "Span",
    "StoryClosedCheck",
    "WordListCheck",
]

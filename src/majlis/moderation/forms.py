"""Forms of the moderation workspace: they validate moderators' input before a service is called."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Comment
from majlis.moderation.constants import AbuseTarget, Category, HoldReason
from majlis.moderation.i18n import COMMENT_LANGUAGES
from majlis.stories.models import Story

QUEUES = ("pending", "reported", "approved", "rejected")
QUEUE_LABELS = {
    "pending": _("Pending"),
    "reported": _("Reported"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
}
SORTS = ("oldest", "newest", "risk")
LANGUAGE_CHOICES = tuple(COMMENT_LANGUAGES)
# Language filter values besides the codes ("" = the moderator's default: their languages if an
# admin recorded them, else all): every language, and comments whose language was not detected.
LANGUAGE_ALL = "all"
LANGUAGE_UNKNOWN = "unknown"
NOTE_MAX_LENGTH = 1000
STORY_MENU_SIZE = 20
STORY_QUERY_MAX_LENGTH = 200
MAX_ID = 2**63 - 1
MAX_PAGE = 10_000  # deeper offsets are filtered, not paged to


class QueueFilterForm(forms.Form):
    """The queue page's query string. Unknown values are ignored rather than reported."""

    queue = forms.ChoiceField(choices=[(q, QUEUE_LABELS[q]) for q in QUEUES], required=False)
    sort = forms.ChoiceField(
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("risk", _("Highest risk first")),
        ],
        required=False,
    )
    # An id, or words of a title: newsrooms have thousands of stories, too many for a menu.
    story = forms.CharField(max_length=STORY_QUERY_MAX_LENGTH, required=False, strip=True)
    reason = forms.ChoiceField(
        choices=[("", _("Any reason"))]
        + [(code, label) for code, label in Category.choices]
        + [(code, label) for code, label in HoldReason.choices],
        required=False,
    )
    language = forms.ChoiceField(
        choices=[
            ("", _("Default")),
            (LANGUAGE_ALL, _("All languages")),
            *LANGUAGE_CHOICES,
            (LANGUAGE_UNKNOWN, _("Not detected")),
        ],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def filters(self) -> dict[str, Any]:
        """The valid filters, with defaults; a malformed parameter counts as absent."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        queue = data.get("queue") or "pending"
        default_sort = "oldest" if queue in ("pending", "reported") else "newest"
        return {
            "queue": queue,
            "sort": data.get("sort") or default_sort,
            **self._story_filter(data.get("story") or ""),
            "reason": data.get("reason") or "",
            "language": data.get("language") or "",
            "page": data.get("page") or 1,
        }

    @staticmethod
    def _story_filter(text: str) -> dict[str, Any]:
        """``story``: a Story for an id (or ``#id``) that exists, else title words to search."""
        digits = text.removeprefix("#")
        if digits.isdigit() and int(digits) <= MAX_ID:
            found = Story.objects.filter(pk=int(digits)).first()
            if found is not None:
                return {"story": found, "story_query": text, "story_title": ""}
        return {"story": None, "story_query": text, "story_title": text}


def story_suggestions(*, limit: int | None = None) -> list[Story]:
    """Recent stories offered as completions of the story field (a datalist, not a menu)."""
    size = STORY_MENU_SIZE if limit is None else limit
    return list(Story.objects.order_by("-created_at", "-id").only("id", "title")[:size])


class ApproveForm(forms.Form):
    note = forms.CharField(max_length=NOTE_MAX_LENGTH, required=False, strip=True)


class RejectForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one guideline the comment breaks.")},
    )
    abuse_target = forms.ChoiceField(
        choices=[("", _("No abuse target")), *AbuseTarget.choices], required=False
    )
    note = forms.CharField(max_length=NOTE_MAX_LENGTH, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reasons = cleaned.get("reasons") or []
        if cleaned.get("abuse_target") and Category.ABUSE not in reasons:
            # Choosing a target means the moderator judged it abuse; record that reason too.
            cleaned["reasons"] = [*reasons, Category.ABUSE.value]
        return cleaned


class CommentIdsField(forms.ModelMultipleChoiceField):
    """Comment ids from checkboxes; refuses non-numeric and out-of-range ids before the query
    (a 30-digit id would otherwise overflow the database integer and raise)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not str(pk).isdigit() or int(str(pk)) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class BulkDecisionForm(forms.Form):
    ACTIONS = (("approve", _("Approve")), ("reject", _("Reject")))

    comments = CommentIdsField(
        queryset=Comment.objects.all(),
        error_messages={"required": _("Select at least one comment.")},
    )
    action = forms.ChoiceField(choices=ACTIONS)
    reasons = forms.MultipleChoiceField(
        choices=Category.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    abuse_target = forms.ChoiceField(
        choices=[("", _("No abuse target")), *AbuseTarget.choices], required=False
    )
    note = forms.CharField(max_length=NOTE_MAX_LENGTH, required=False, strip=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reasons = cleaned.get("reasons") or []
        if cleaned.get("abuse_target") and Category.ABUSE not in reasons:
            reasons = [*reasons, Category.ABUSE.value]
            cleaned["reasons"] = reasons
        if cleaned.get("action") == "reject" and not reasons:
            self.add_error(
                "reasons", _("Choose at least one guideline to reject the selected comments.")
            )
        return cleaned

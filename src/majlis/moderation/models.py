from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.constants import CATEGORY_CODES, ActorKind, DecisionKind, PolicyMode
from majlis.moderation.errors import AppendOnly
from majlis.stories.models import Site

STATUS_AFTER_DECISION = {
    DecisionKind.APPROVE: CommentStatus.APPROVED,
    DecisionKind.REJECT: CommentStatus.REJECTED,
    DecisionKind.HOLD: CommentStatus.PENDING,
}


class DecisionQuerySet(models.QuerySet["Decision"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("decisions are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("decisions are never deleted")


class Decision(models.Model):
    """One entry of the append-only moderation log; the latest one sets the comment's status."""

    # No index of its own: decision_comment_idx (comment, created_at) serves its lookups.
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="decisions", db_index=False
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
    )
    model_version = models.CharField(max_length=100, blank=True)
    policy_version = models.CharField(max_length=100, blank=True)
    decision = models.CharField(max_length=10, choices=DecisionKind.choices)
    reasons = models.JSONField(default=list, blank=True)
    abuse_target = models.CharField(max_length=30, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    # [{start, end, category, weight, check}] offsets into the comment text.
    spans = models.JSONField(default=list, blank=True)
    # Per check: {scores, spans, flags, details, error, elapsed_ms}.
    signals = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = ["created_at", "id"]
        indexes = [models.Index(fields=["comment", "created_at"], name="decision_comment_idx")]
        permissions = [("moderate", "Can moderate comments")]

    def __str__(self) -> str:
        return f"{self.decision} #{self.comment_id} by {self.actor_kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("decisions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("decisions are never deleted")

    @property
    def resulting_status(self) -> str:
        return STATUS_AFTER_DECISION[DecisionKind(self.decision)]


def _validate_thresholds(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError("thresholds must be an object {category: number}")
    for key, threshold in value.items():
        if key not in CATEGORY_CODES:
            raise ValidationError(
                f"unknown category {key!r}; use one of {', '.join(CATEGORY_CODES)}"
            )
        if isinstance(threshold, bool) or not isinstance(threshold, int | float):
            raise ValidationError(f"threshold for {key!r} must be a number")
        if not 0.0 <= float(threshold) <= 1.0:
            raise ValidationError(f"threshold for {key!r} must be between 0 and 1")


class Policy(models.Model):
    """How a site (optionally one language of it) turns check signals into decisions."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="policies")
    language = models.CharField(
        max_length=8, blank=True, help_text="Blank: applies to every language of the site."
    )
    mode = models.CharField(max_length=12, choices=PolicyMode.choices, default=PolicyMode.ASSISTED)
    reject_thresholds = models.JSONField(
        default=dict,
        blank=True,
        validators=[_validate_thresholds],
        help_text="Auto-reject when a category's score is at least this (assisted, auto).",
    )
    approve_thresholds = models.JSONField(
        default=dict,
        blank=True,
        validators=[_validate_thresholds],
        help_text="Auto-approve when every category scored at most this (auto only).",
    )
    notify_on_approve = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "language"], name="policy_unique_site_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site.slug}/{self.language or '*'} ({self.mode}) v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every change gets a new version so each decision records the rules it was made under.
        if not self._state.adding:
            self.version = (
                Policy.objects.filter(pk=self.pk).values_list("version", flat=True).first() or 0
            ) + 1
        super().save(*args, **kwargs)

    @property
    def version_label(self) -> str:
        return f"{self.site.slug}/{self.language or '*'}@v{self.version}"


def _validate_languages(value: Any) -> None:
    from majlis.moderation.i18n import LANGUAGE_CODES

    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages must be a list of language codes."))
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language %(codes)s; use one of %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(LANGUAGE_CODES)}
        )


class ModeratorProfile(models.Model):
    """What the workspace knows about a moderator: the languages they can judge.

    Their queue shows comments in these languages by default (and comments whose language is
    unknown); a moderator without a profile, or with no language ticked, sees every language.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_profile"
    )
    languages = models.JSONField(
        _("languages this moderator reads"),
        default=list,
        blank=True,
        validators=[_validate_languages],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("moderator languages")
        verbose_name_plural = _("moderator languages")

    def __str__(self) -> str:
        return f"{self.user} ({', '.join(self.languages) or '*'})"

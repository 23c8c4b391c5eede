from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from majlis.moderation.models import Decision, Policy


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["site", "language", "mode", "version", "notify_on_approve", "updated_at"]
    list_filter = ["site", "mode"]
    readonly_fields = ["version", "updated_at"]
    fields = [
        "site",
        "language",
        "mode",
        "reject_thresholds",
        "approve_thresholds",
        "notify_on_approve",
        "version",
        "updated_at",
    ]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The moderation log, read-only: it is append-only by design."""

    list_display = ["id", "comment", "decision", "actor_kind", "moderator", "created_at"]
    list_filter = ["decision", "actor_kind"]
    search_fields = ["comment__text", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from majlis.comments.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read-only: comments are never edited, and decisions go through the moderation workspace."""

    list_display = ["id", "author_name", "story", "status", "language", "risk", "created_at"]
    list_filter = ["status", "language", "story__site"]
    search_fields = ["author_name", "author_email", "text"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

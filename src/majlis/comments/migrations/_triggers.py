"""Shared by migrations that make SQLite rebuild comments_comment (which drops its triggers)."""

from __future__ import annotations

from typing import Any


def sqlite_recreate(apps: Any, schema_editor: Any) -> None:
    """Recreate the comment-text trigger of 0002 on SQLite (PostgreSQL keeps it)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    from importlib import import_module

    initial = import_module("majlis.comments.migrations.0002_comment_text_immutable_trigger")
    schema_editor.execute(initial.SQLITE_DROP)
    schema_editor.execute(initial.SQLITE_CREATE)

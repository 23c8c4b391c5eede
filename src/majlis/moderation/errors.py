from __future__ import annotations


class IllegalTransition(Exception):
    """The requested decision does not apply to the comment's current status."""


class AlreadyModerated(IllegalTransition):
    """The system already decided on this comment (another process got there first)."""


class AppendOnly(Exception):
    """Decisions are a log: they are never changed or deleted."""


class InvalidDecision(ValueError):
    """A decision's reasons or abuse target are not known codes."""

"""Majlis comment classifier: pure Python, no Django (see docs/ARCHITECTURE.md)."""

from __future__ import annotations

from pathlib import Path

from classifier.model import (
    ArtifactError,
    Classifier,
    CommentInput,
    Prediction,
    Span,
    Verdict,
)

DEFAULT_ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "default"

__all__ = [
    "DEFAULT_ARTIFACT",
    "ArtifactError",
    "Classifier",
    "CommentInput",
    "Prediction",
    "Span",
    "Verdict",
]

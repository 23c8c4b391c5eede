"""Settings for a live Majlis started by the robustness tests: the real ones, plus mail to files
(so tests can count notifications across processes) and an optional injected check fault."""

from __future__ import annotations

import os

from majlis.settings import *  # noqa: F403
from majlis.settings import DATA_DIR, MAJLIS_MODERATION_CHECKS

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(DATA_DIR / "mail")

# A fixed list of checks when a test needs deterministic verdicts (the shipped list may grow).
_CHECKS = os.environ.get("MAJLIS_TEST_CHECKS")
if _CHECKS:
    MAJLIS_MODERATION_CHECKS = [path for path in _CHECKS.split(",") if path]

_EXTRA_CHECK = os.environ.get("MAJLIS_TEST_EXTRA_CHECK")
if _EXTRA_CHECK:
    MAJLIS_MODERATION_CHECKS = [*MAJLIS_MODERATION_CHECKS, _EXTRA_CHECK]

# Serve with majlis.security's middleware where docs/ARCHITECTURE.md says it belongs, to prove
# in a real browser that its CSP lets the embed and the workspace work.
if os.environ.get("MAJLIS_TEST_SECURITY") == "1":
    from majlis.settings import MIDDLEWARE

    _ours = ["majlis.security.LoginRateLimitMiddleware", "majlis.security.SessionExpiryMiddleware"]
    MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith("majlis.security.")]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "majlis.security.SecurityHeadersMiddleware",
    )
    _auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    MIDDLEWARE[_auth + 1 : _auth + 1] = _ours

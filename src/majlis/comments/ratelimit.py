"""Fixed-window request counters in the Django cache, per client IP hash and per e-mail."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from majlis.comments.errors import RateLimited


def rate_limit_hit(*, scope: str, identity: str, field: str | None = None) -> None:
    """Count one request of ``identity`` in ``scope``; raise RateLimited past the limit."""
    if not identity:
        return
    limit, window = settings.MAJLIS_RATE_LIMITS[scope]
    now = int(time.time())
    window_start = now - now % window
    digest = hashlib.sha256(identity.casefold().encode("utf-8")).hexdigest()[:32]
    key = f"majlis:rl:{scope}:{digest}:{window_start}"
    # incr() and add() are atomic where the backend is (redis, memcached). Counting first costs
    # one cache call for every request of a window but the first.
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request; add() fails if another started it meanwhile
        count = 1 if cache.add(key, 1, timeout=window + 5) else cache.incr(key)
    if count > limit:
        retry_after = window_start + window - now
        raise RateLimited(
            f"too many requests; try again in {retry_after} seconds",
            retry_after=max(1, retry_after),
            field=field,
        )

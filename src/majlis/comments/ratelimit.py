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
    # add() is atomic where the backend is (redis, memcached); then incr() counts.
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        retry_after = window_start + window - now
        raise RateLimited(
            f"too many requests; try again in {retry_after} seconds",
            retry_after=max(1, retry_after),
            field=field,
        )

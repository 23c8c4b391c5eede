from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def ip_hash(ip_address: str) -> str:
    """Salted hash of an IP address: lets rate limits and moderators link posts, stores no IP."""
    if not ip_address:
        return ""
    secret = settings.MAJLIS_IP_HASH_SECRET.encode("utf-8")
    return hmac.new(secret, ip_address.encode("utf-8"), hashlib.sha256).hexdigest()


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as the configured proxies."""
    return client_ip_of(request.META)


def client_ip_of(meta: Mapping[str, Any]) -> str:
    """:func:`client_ip` from a WSGI environ (``request.META``)."""
    proxies = settings.MAJLIS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(meta.get("REMOTE_ADDR", ""))

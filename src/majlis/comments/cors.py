"""CORS for the embed: article pages on a site's allowed origins may call the public API."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from majlis.stories.models import Site

_CACHE_KEY = "majlis:cors:allowed-origins"
_CACHE_SECONDS = 60


def allowed_origins() -> frozenset[str]:
    origins = cache.get(_CACHE_KEY)
    if origins is None:
        origins = frozenset(
            origin.rstrip("/")
            for site_origins in Site.objects.values_list("allowed_origins", flat=True)
            for origin in (site_origins or [])
            if isinstance(origin, str)
        )
        cache.set(_CACHE_KEY, origins, _CACHE_SECONDS)
    return frozenset(origins)


class EmbedCorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/v1/"):
            return self.get_response(request)
        origin = request.headers.get("Origin", "")
        allowed = bool(origin) and origin.rstrip("/") in allowed_origins()
        if request.method == "OPTIONS" and allowed:
            response = HttpResponse(status=204)
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "Content-Type, Idempotency-Key, If-None-Match"
            )
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
            response["Access-Control-Max-Age"] = "600"
        # The answer depends on Origin either way: shared caches must not mix the two kinds.
        patch_vary_headers(response, ["Origin"])
        return response

"""Keeps the API's promise that every error is JSON, also for errors raised outside django-ninja
(unknown path, wrong method, a crash in middleware)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
_DETAILS = {404: "Not found.", 405: "Method not allowed.", 413: "Request too large."}


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        detail = _DETAILS.get(
            status, "Internal error; it has been logged." if status >= 500 else "Bad request."
        )
        replacement = JsonResponse({"detail": detail, "errors": []}, status=status)
        for header in ("Allow", "Retry-After"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        logger.exception("unexpected error in %s %s", request.method, request.path)
        return HttpResponse(
            json.dumps({"detail": "Internal error; it has been logged.", "errors": []}),
            status=500,
            content_type="application/json",
        )

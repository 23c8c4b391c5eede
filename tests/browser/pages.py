"""A fresh browser page that records JavaScript errors and CSP violations as ``page.js_errors``."""

from __future__ import annotations

from typing import Any


def new_page(browser: Any, locale: str = "en-GB") -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A CSP violation is not a page error but breaks the page all the same: count it as one.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.js_errors = errors
    return page

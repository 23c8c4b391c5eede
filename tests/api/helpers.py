from __future__ import annotations

import json
from typing import Any


def post_json(client: Any, path: str, body: Any, **headers: str) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def assert_error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Every API error: the status, JSON with `detail` and `errors`, and the offending field."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], list)
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body
    return body


def comment_body(story: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "story_id": story.pk,
        "author_name": "Reader",
        "author_email": "reader@example.org",
        "text": "The drawdown leaves Iraqi forces to carry the load.",
        "website": "",
    }
    body.update(overrides)
    return body

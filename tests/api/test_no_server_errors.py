"""Whatever a client sends, the API answers 2xx/3xx or a JSON 4xx: never a 500."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=60),
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
comment_fields = st.fixed_dictionaries(
    {},
    optional={
        "story_id": json_values,
        "parent_id": json_values,
        "author_name": json_values,
        "author_email": json_values,
        "text": json_values,
        "website": json_values,
    },
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_not_server_error(response):
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"detail", "errors"}


@FUZZ
@given(body=st.one_of(comment_fields, json_values))
def test_post_comment_never_500(client, story, body):
    response = client.post("/api/v1/comments", json.dumps(body), content_type="application/json")
    assert_not_server_error(response)


@FUZZ
@given(raw=st.binary(max_size=80))
def test_post_comment_raw_bytes_never_500(client, story, raw):
    response = client.post("/api/v1/comments", raw, content_type="application/json")
    assert_not_server_error(response)


@FUZZ
@given(
    site=st.text(max_size=20),
    url=st.text(max_size=60),
    order=st.text(max_size=8),
    page=st.text(max_size=25),
)
def test_get_thread_never_500(client, story, site, url, order, page):
    response = client.get(
        "/api/v1/threads", {"site": site, "url": url, "order": order, "page": page}
    )
    assert_not_server_error(response)


@FUZZ
@given(
    body=st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "site": json_values,
                "url": json_values,
                "title": json_values,
                "language": json_values,
            },
        ),
        json_values,
    )
)
def test_create_thread_never_500(client, story, body):
    response = client.post("/api/v1/threads", json.dumps(body), content_type="application/json")
    assert_not_server_error(response)


@FUZZ
@given(
    comment_id=st.text(min_size=1, max_size=25).filter(
        lambda s: "/" not in s and "?" not in s and "#" not in s
    ),
    body=json_values,
)
def test_report_never_500(client, story, comment_id, body):
    response = client.post(
        f"/api/v1/comments/{comment_id}/report", json.dumps(body), content_type="application/json"
    )
    assert_not_server_error(response)

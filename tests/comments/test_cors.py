from __future__ import annotations

from majlis.stories.models import Site

URL = "/api/v1/threads"


def test_allowed_origin_gets_cors_headers_and_preflight(client, site):
    Site.objects.filter(pk=site.pk).update(allowed_origins=["https://news.example"])
    preflight = client.options(
        URL, headers={"Origin": "https://news.example", "Access-Control-Request-Method": "POST"}
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://news.example"
    assert "Idempotency-Key" in preflight["Access-Control-Allow-Headers"]
    response = client.get(
        URL,
        {"site": "news", "url": "https://news.example/x/"},
        headers={"Origin": "https://news.example"},
    )
    assert response["Access-Control-Allow-Origin"] == "https://news.example"
    assert "Origin" in response["Vary"]


def test_other_origins_get_no_cors_headers(client, site):
    response = client.get(
        URL,
        {"site": "news", "url": "https://news.example/x/"},
        headers={"Origin": "https://evil.example"},
    )
    assert "Access-Control-Allow-Origin" not in response

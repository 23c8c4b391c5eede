from __future__ import annotations


def test_openapi_documents_every_endpoint_and_error_shape(client, db):
    schema = client.get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/v1/threads",
        "/api/v1/comments",
        "/api/v1/comments/{comment_id}/report",
    }
    post = schema["paths"]["/api/v1/comments"]["post"]
    assert {"202", "404", "409", "422", "429"} <= set(post["responses"])
    assert "ErrorOut" in schema["components"]["schemas"]


def test_docs_page_is_served_without_a_cdn(client, db):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert b"cdn.jsdelivr" not in page.content
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200

from __future__ import annotations

from django.test import RequestFactory

from majlis.comments.ip import client_ip, ip_hash


def test_ip_hash_is_salted_and_stable(settings):
    first = ip_hash("203.0.113.7")
    assert first == ip_hash("203.0.113.7") != ip_hash("203.0.113.8")
    assert "203.0.113.7" not in first and len(first) == 64
    settings.MAJLIS_IP_HASH_SECRET = "another secret"
    assert ip_hash("203.0.113.7") != first
    assert ip_hash("") == ""


def test_forwarded_for_trusted_only_behind_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4"
    )
    settings.MAJLIS_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.MAJLIS_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.4"

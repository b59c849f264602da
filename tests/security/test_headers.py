"""Security headers on every kind of page: public, account, admin, errors, and the
HTTPS-only ones under the production settings."""

import importlib
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/es/",
    "/es/",  # again: a visitor without a session now gets the cached page
    "/en/",
    "/es/news/",
    "/es/search/?q=taller",
    "/es/announcements/",
    "/es/agencies/",
    "/es/accounts/login/",
    "/es/accounts/signup/",
    "/es/accounts/password/reset/",
    "/es/registrations/certificates/",
    "/es/no-such-page/",
]
ADMIN_PATHS = [
    "/admin/",
    "/admin/pages/",
    "/admin/documents/",
    "/admin/images/",
]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in policy.split(";")
    }


def assert_common_headers(response, path):
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert "camera=()" in response["Permissions-Policy"], path
    assert "geolocation=()" in response["Permissions-Policy"], path
    policy = directives(response)
    assert policy["frame-ancestors"] == "'none'", path
    assert policy["object-src"] == "'none'", path
    assert policy["base-uri"] == "'self'", path
    assert response["X-Frame-Options"] == "DENY", path


def test_public_and_account_pages_send_strict_headers(client, site_tree):
    for path in PUBLIC_PATHS:
        response = client.get(path)
        assert response.status_code in (200, 302, 404), path
        assert_common_headers(response, path)
        policy = directives(response)
        assert policy["script-src"] == "'self'", path
        assert "unsafe-inline" not in response["Content-Security-Policy"], path
        assert "unsafe-eval" not in response["Content-Security-Policy"], path
        assert policy["default-src"] == "'self'", path


def test_signed_in_account_page_sends_strict_headers(client, site_tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    for path in ("/es/accounts/profile/", "/es/registrations/", "/es/accounts/email/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_common_headers(response, path)
        assert directives(response)["script-src"] == "'self'", path


def test_admin_pages_cannot_be_framed(admin_client, site_tree):
    """Wagtail 8 still renders inline scripts (date pickers, inline panels) without
    a nonce, so the admin's script-src keeps 'unsafe-inline'; the rest holds."""
    for path in ADMIN_PATHS:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert_common_headers(response, path)
        assert "'unsafe-eval'" not in directives(response)["script-src"], path


def test_page_preview_may_be_framed_by_the_admin_only(admin_client, site_tree):
    page = site_tree.homes["es"]
    url = f"/admin/pages/{page.pk}/edit/preview/"
    admin_client.post(
        url,
        {
            "title": page.title,
            "slug": page.slug,
            "hero_title": "Vista previa",
            "body-count": "0",
        },
    )
    response = admin_client.get(url)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == "'self'"


@pytest.fixture
def production_settings(settings, monkeypatch):
    """Apply the production module's HTTPS settings to this process's settings."""
    monkeypatch.setenv("SECRET_KEY", "production-like-" + "q7Z" * 20)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DEBUG"):
        monkeypatch.delenv(name, raising=False)
    saved = {
        name: sys.modules.pop(name)
        for name in list(sys.modules)
        if name.startswith("portal.settings.")
    }
    try:
        production = importlib.import_module("portal.settings.production")
    finally:
        for name in list(sys.modules):
            if name.startswith("portal.settings."):
                del sys.modules[name]
        sys.modules.update(saved)
    for name in (
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ):
        setattr(settings, name, getattr(production, name))
    return production


def test_production_redirects_to_https_and_sends_hsts(production_settings, site_tree):
    client = Client()
    plain = client.get("/es/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/es/"
    for path in ("/es/", "/es/accounts/login/", "/es/no-such-page/", "/admin/"):
        response = client.get(path, headers={"X-Forwarded-Proto": "https"})
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), path
        assert_common_headers(response, path)

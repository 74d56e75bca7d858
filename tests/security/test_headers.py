"""Security headers: the Content Security Policy and friends, in test and production settings."""

import json
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    """'default-src 'self'; img-src a b' -> {'default-src': ["'self'"], 'img-src': ['a', 'b']}."""
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_public_pages_get_a_strict_content_security_policy(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Map tiles come from the configured tile server, by origin.
    assert "https://tile.openstreetmap.org" in policy["img-src"]


def test_the_policy_follows_the_map_tile_setting():
    from config.settings.base import _origin

    assert _origin("https://tiles.example.org:8443/{z}/{x}/{y}.png") == "https://tiles.example.org:8443"


def test_public_pages_get_the_other_security_headers(client, site_tree):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml", "/no-such-page/"])
def test_every_response_carries_the_policy(client, site_tree, path):
    response = client.get(path)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_admin_gets_the_inline_script_exception(client, site_tree):
    admin = directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    # Wagtail's preview frames our pages inside the admin: same origin only.
    assert admin["frame-ancestors"] == ["'self'"]
    # Everything not loosened stays as strict as the public site.
    assert admin["object-src"] == ["'none'"]
    assert admin["form-action"] == ["'self'"]
    # A path that merely contains "admin" is public and strict.
    public = directives(client.get("/articles/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in public["script-src"]


def test_a_nonce_is_added_only_when_a_template_uses_it(rf):
    from django.http import HttpResponse

    from config.security_headers import ContentSecurityPolicyMiddleware

    def view_using_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = rf.get("/")
    response = ContentSecurityPolicyMiddleware(view_using_nonce)(request)
    nonce = str(request.csp_nonce)
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]

    request = rf.get("/")
    response = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("no script"))(request)
    assert "nonce" not in response["Content-Security-Policy"]


# Production settings are checked in a fresh interpreter: settings load once per process.
PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
insecure = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({
    "insecure_status": insecure.status_code,
    "insecure_location": insecure.get("Location"),
    "headers": dict(secure.headers),
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


def production_environment() -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver,relieve.example",
        "SITE_URL": "https://relieve.example",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        # Never touch a real database: the probe's requests need none.
        "DATABASE_URL": "sqlite://:memory:",
    }


def test_production_sends_hsts_secure_cookies_and_the_policy():
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["insecure_status"] == 301
    assert probe["insecure_location"] == "https://testserver/robots.txt"
    headers = probe["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = directives(headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "upgrade-insecure-requests" in policy
    assert probe["SESSION_COOKIE_SECURE"] is True
    assert probe["CSRF_COOKIE_SECURE"] is True
    assert probe["SESSION_COOKIE_HTTPONLY"] is True


def test_production_passes_djangos_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""Production mode: `check --deploy` is clean and every page carries the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories.people import TEST_PASSWORD

BASE_DIR = Path(django_settings.BASE_DIR)


def test_check_deploy_passes_in_production_mode():
    # The browser tests allow Django's ORM beside Playwright's event loop in this process; a
    # production server never has that switch, and the deploy check rightly refuses it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "PRODUCTION": "true",
        "DEBUG": "false",
        "SECRET_KEY": "k3y-for-the-deploy-check-" + "x7Q2" * 12,
        "ALLOWED_HOSTS": "partnership.example.org",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnership"
        ),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(PRODUCTION="true", ALLOWED_HOSTS="partnership.example.org")

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.fixture
def production(settings):
    """The settings PRODUCTION=true turns on, applied to this test only."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["partnership.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


HTTPS = {"HTTP_HOST": "partnership.example.org", "HTTP_X_FORWARDED_PROTO": "https"}


def assert_security_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert csp["frame-ancestors"] == "'none'"
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_plain_http_is_redirected_to_https(production, client):
    response = client.get(reverse("account_login"), HTTP_HOST="partnership.example.org")

    assert response.status_code == 301
    assert response.url.startswith("https://partnership.example.org/")


def test_login_page_carries_the_security_headers(production, client):
    response = client.get(reverse("account_login"), **HTTPS)

    assert response.status_code == 200
    assert_security_headers(response)


def test_signing_in_sets_secure_http_only_cookies(production, client, hub_manager_a):
    client.get(reverse("account_login"), **HTTPS)
    response = client.post(
        reverse("account_login"), {"login": hub_manager_a.email, "password": TEST_PASSWORD}, **HTTPS
    )

    assert response.status_code == 302
    session_cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert client.cookies[django_settings.CSRF_COOKIE_NAME]["secure"] is True

    dashboard = client.get(reverse("dashboard"), **HTTPS)
    assert dashboard.status_code == 200
    assert_security_headers(dashboard)


def test_signed_in_central_team_pages_carry_the_headers(production, client_for, central_team):
    response = client_for(central_team).get(reverse("dashboard"), **HTTPS)

    assert response.status_code == 200
    assert_security_headers(response)


def test_error_pages_do_not_show_debug_details(production, client_for, hub_manager_a):
    response = client_for(hub_manager_a).get("/no-such-page/", **HTTPS)

    assert response.status_code == 404
    assert b"Traceback" not in response.content
    assert b"URLconf" not in response.content

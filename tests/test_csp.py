"""Every response carries the security headers production relies on."""

import subprocess
import sys

from django.conf import settings as django_settings

DEFAULT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(policy: str) -> dict[str, str]:
    """Return a Content-Security-Policy header as {directive: sources} (its order is free)."""
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_pages_send_a_content_security_policy_without_inline_script(client, seed_article):
    for url in ("/", "/search/?q=Zelensky", seed_article.get_absolute_url(), "/admin/login/"):
        policy = client.get(url)["Content-Security-Policy"]

        assert directives(policy) == DEFAULT_POLICY
        assert "unsafe-inline" not in policy


def test_pages_send_nosniff_referrer_policy_and_frame_denial(client, db):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def header_for(policy_variable: str) -> subprocess.CompletedProcess:
    """Return the Content-Security-Policy a page gets with NEWSARCHIVE_CSP set so (robots.txt:
    a page that reads no database)."""
    show = (
        "from django.test import Client; "
        "response = Client(HTTP_HOST='localhost').get('/robots.txt'); "
        "print(response.headers.get('Content-Security-Policy'))"
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {show}"],
        cwd=django_settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "newsarchive.settings",
            "NEWSARCHIVE_CSP": policy_variable,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_policy_variable_is_the_header_and_empty_sends_none():
    custom = header_for("default-src 'self' https://cdn.example.org; upgrade-insecure-requests")
    empty = header_for("")
    unknown = header_for("default-src 'self'; script-scr 'self'")

    assert directives(custom.stdout.strip()) == {
        "default-src": "'self' https://cdn.example.org",
        "upgrade-insecure-requests": "",
    }
    assert empty.stdout.strip() == "None"
    assert unknown.returncode != 0
    assert "NEWSARCHIVE_CSP names an unknown directive 'script-scr'" in unknown.stderr

"""Chromium enforces the Content-Security-Policy: no page of the site or its admin breaks it."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db):
    return User.objects.create_superuser(
        "editor", "editor@example.org", "a-long-editor-password-42"
    )


def collect_violations(page) -> list[str]:
    """Return a list that fills with every CSP violation Chromium reports on the page."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_public_and_admin_pages_break_no_rule_of_the_policy(served_seed, editor, live_server, page):
    violations = collect_violations(page)
    public = ("/", "/search/?q=Crimea", "/browse/", "/help/api/", "/search/?q=Zelensky&sort=newest")
    for path in (*public, f"{served_seed.get_absolute_url()}?q=Crimea"):
        response = page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-editor-password-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in (
        "/admin/articles/article/",
        f"/admin/articles/article/{served_seed.pk}/change/",
        "/admin/articles/article/add/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")

    assert violations == []


def test_an_inline_script_would_be_reported(served_seed, live_server, page):
    violations = collect_violations(page)
    page.goto(live_server.url)

    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )

    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in text for text in violations)

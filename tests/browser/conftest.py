"""Real-browser tests: Playwright drives Debian's Chromium against a live test server."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from articles import importers, search
from articles.models import Article

try:
    import playwright
except ImportError:  # a venv without requirements-dev.txt
    playwright = None

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the test's own database
# set-up is still synchronous code, which Django would otherwise refuse here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class WithoutPlaywright(pytest.File):
    """A browser test module left unread: it is skipped, with the reason, as a whole."""

    def collect(self):
        pytest.skip("the browser tests need Playwright: pip install -r requirements-dev.txt")


def pytest_pycollect_makemodule(module_path, parent):
    """Without Playwright, skip each browser test module instead of failing to import it."""
    if playwright is None:
        return WithoutPlaywright.from_parent(parent, path=module_path)
    return None


@pytest.fixture
def served_seed(transactional_db, seed_file) -> Article:
    """Import and index the seed article where the live server (another thread) reads it."""
    importers.import_paths([seed_file.parent])
    search.apply_pending()
    return Article.objects.get()


@pytest.fixture
def served_storms(served_seed, make_article) -> list[Article]:
    """Add four storm warnings from the Weather Desk on the 3rd of 2024's Jan, Jan, Feb, Apr."""
    storms = [
        make_article(
            f"Storm warning {month}",
            paragraphs=["A storm is coming to the coast.", "Stay indoors."],
            source="Weather Desk",
            section="Weather",
            published=datetime(2024, month, 3, tzinfo=UTC),
        )
        for month in (1, 1, 2, 4)
    ]
    search.apply_pending()
    return storms


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under var/screenshots/ for people to look at."""

    def take(name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    take.folder = SCREENSHOTS
    return take


AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA rules, the level the archive promises.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Never served by the site: the browser tests answer it themselves (see serious_violations).
AXE_TEST_PATH = "/__tests__/axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"The accessibility checks need axe-core at {AXE_SCRIPT}: run `npm ci`.")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def serious_violations(page, axe_source):
    """Return a function that runs axe-core in the page and lists its serious problems."""

    # The site's Content-Security-Policy refuses inline scripts, so axe-core is served to the
    # browser as a same-origin file instead: the pages are checked with their real CSP on.
    page.route(
        f"**{AXE_TEST_PATH}",
        lambda route: route.fulfill(body=axe_source, content_type="text/javascript"),
    )

    def check() -> list[str]:
        page.add_script_tag(url=AXE_TEST_PATH)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check

"""axe-core, injected into each kind of page, finds no serious or critical problem."""

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "search": "/search/?q=storm",
    "empty search": "/search/?q=Atlantis",
    "article": "/articles/zelensky-hopes-for-meaningful-us-ukraine-talks-next-week/?q=Crimea",
    "browse": "/browse/",
    "browse year": "/browse/2024/",
    "browse source": "/browse/sources/weather-desk/",
    "api help": "/help/api/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_serious_accessibility_violations(
    served_storms, live_server, page, serious_violations, name, scheme
):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + PAGES[name])

    assert serious_violations() == []


def test_the_check_reports_a_page_with_serious_problems(page, serious_violations):
    bad_page = "<html><body><input type='text'><p style='color:#eee'>faint</p></body></html>"
    # Served by the browser itself (no network), so the check's script has an origin to load from.
    page.route(
        "http://bad-page.test/",
        lambda route: route.fulfill(body=bad_page, content_type="text/html"),
    )
    page.goto("http://bad-page.test/")

    found = " ".join(serious_violations())

    assert "html-has-lang" in found
    assert "label" in found
    assert "color-contrast" in found

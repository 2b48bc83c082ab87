"""The archive's face in a real browser (issue 18): each kind of page at a desktop's and a
phone's width, light and dark, saved in var/screenshots/ for people to look at and checked
by axe-core; the filters and the sort, with and without JavaScript."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from articles import search

from .conftest import AXE_TAGS, AXE_TEST_PATH

pytestmark = pytest.mark.browser

DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
# Reuters topic codes, as the importer stores them, for an "oil prices" search of many sections.
TOPICS = ["crude"] * 6 + ["nat-gas"] * 3 + ["wpi", "bop", "l-cattle", "ship", "trade", "gas"]
TOPICS += ["acq", "earn", "money-fx", "fuel", "heat", "jet", "pet-chem", "propane", "naphtha"]


@pytest.fixture
def served_archive(served_storms, make_article):
    """The seed, the storms, oil price stories in twenty-odd Reuters topics over 1987, one
    article without a section, and a BBC story without a date."""
    for n, topic in enumerate(TOPICS):
        make_article(
            f"OIL PRICES FIRM IN ACTIVE TRADE {n}",
            paragraphs=[
                f"NEW YORK, March {n + 1} - Oil prices rose in early trade, dealers said.",
                "Volume was light ahead of the weekend.",
                "Analysts said oil prices could ease if output quotas were lifted.",
            ],
            source="Reuters",
            section=topic,
            published=datetime(1987, 2 + n % 8, 1 + n, tzinfo=UTC),
        )
    make_article(
        "Refinery output steady",
        paragraphs=["Output at the refinery was steady, with no word on oil prices."],
        source="Reuters",
        published=datetime(1987, 4, 2, tzinfo=UTC),
    )
    make_article("Oil prices weigh on airlines", source="BBC News", section="business")
    search.apply_pending()


PAGES = {
    "home": "/",
    "results-seed": "/search/?q=Zelensky+talks+Saudi+Arabia",
    "results-oil": "/search/?q=oil+prices",
    "results-filtered": "/search/?q=oil+prices&section=crude&from=1987-02-01&to=1987-06-30",
    "results-none": "/search/?q=Atlantis",
    "search-empty": "/search/",
    "article": "/articles/zelensky-hopes-for-meaningful-us-ukraine-talks-next-week/?q=Crimea",
    "article-tagless": "/articles/refinery-output-steady/",
    "compare": "/compare/?q=oil+prices&q=output&q=quotas&from=1987-01-01&to=1987-12-31",
    "compare-empty": "/compare/",
    "browse": "/browse/",
    "browse-sections": "/browse/sections/",
}


def axe_problems(page, axe_source) -> list[str]:
    page.route(
        f"**{AXE_TEST_PATH}",
        lambda route: route.fulfill(body=axe_source, content_type="text/javascript"),
    )
    page.add_script_tag(url=AXE_TEST_PATH)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["1280", "390"])
def test_every_kind_of_page_is_saved_and_has_no_serious_accessibility_problem(
    served_archive, live_server, browser, axe_source, screenshot, width, scheme
):
    context = browser.new_context(
        viewport=DESKTOP if width == "1280" else PHONE, color_scheme=scheme
    )
    page = context.new_page()
    problems, console_errors = {}, []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        page.screenshot(path=screenshot.folder / f"{name}-{width}-{scheme}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth") - int(width)
        found = axe_problems(page, axe_source) + (
            [f"{overflow}px too wide"] if overflow > 0 else []
        )
        if found:
            problems[name] = found
    context.close()

    assert problems == {}
    assert console_errors == []  # a 404 for /favicon.ico was one on every page


def test_on_a_phone_the_filters_open_above_the_results_without_javascript(
    served_archive, live_server, browser, screenshot
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=oil+prices&source=reuters")
    filters = page.get_by_text("Filters and sort")
    crude = page.get_by_role("complementary", name="Narrow the results").get_by_role(
        "link", name="Crude Oil"
    )

    expect(page.get_by_role("link", name="Remove filter source: Reuters")).to_be_visible()
    assert filters.bounding_box()["y"] < page.locator(".results").bounding_box()["y"]
    expect(crude).to_be_hidden()
    filters.click()
    expect(crude).to_be_visible()
    screenshot.folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=screenshot.folder / "results-filters-open-390-light.png", full_page=True)
    crude.click()

    expect(page.get_by_role("link", name="Remove filter section: Crude Oil")).to_be_visible()
    context.close()


def test_on_a_wide_screen_the_filter_rail_shows_beside_the_results_even_without_javascript(
    served_archive, live_server, browser
):
    for javascript in (True, False):
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{live_server.url}/search/?q=oil+prices")
        rail = page.get_by_role("complementary", name="Narrow the results")

        expect(rail.get_by_role("link", name="Crude Oil")).to_be_visible()
        assert (
            rail.bounding_box()["x"] + rail.bounding_box()["width"]
            <= (page.locator(".results").bounding_box()["x"])
        )
        expect(
            rail.get_by_role("link", name="Wholesale Price Index")
        ).to_be_hidden()  # past the tenth
        context.close()


def test_the_sort_applies_as_soon_as_it_is_chosen(served_archive, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search/?q=oil+prices")
    expect(page.get_by_role("button", name="Sort", exact=True)).to_be_hidden()

    page.get_by_label("Sort by").select_option("oldest")

    expect(page).to_have_url(f"{live_server.url}/search/?q=oil+prices&sort=oldest")
    expect(page.get_by_label("Sort by")).to_have_value("oldest")


def test_the_sort_keeps_its_button_without_javascript(served_archive, live_server, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=oil+prices")

    page.get_by_label("Sort by").select_option("newest")
    page.get_by_role("button", name="Sort", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/search/?q=oil+prices&sort=newest")
    context.close()


def test_more_from_this_article_opens_the_other_passages(served_archive, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search/?q=oil+prices")
    first = page.locator(".result").first
    others = first.locator(".more .snippet")

    expect(others.first).to_be_hidden()
    first.get_by_text("More from this article").click()
    expect(others.first).to_be_visible()
    expect(others.first.locator("mark").first).to_be_visible()


def test_a_bar_of_the_chart_shows_its_count_on_hover(served_archive, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search/?q=oil+prices")
    bar = page.locator(".bar-link").first
    count = bar.locator(".bar-count")

    expect(count).to_be_hidden()
    bar.hover()
    expect(count).to_be_visible()

"""The archive's open-web features, driven through a real browser."""

import csv
import io

import pytest
from playwright.sync_api import expect

from articles import search

from ..feed_validation import atom_entries

pytestmark = pytest.mark.browser


def test_the_search_page_feed_link_opens_a_feed_of_that_search(served_storms, live_server, page):
    page.goto(f"{live_server.url}/search/?q=storm")
    feed_url = page.get_by_role("link", name="Atom feed").first.get_attribute("href")
    head_url = page.locator('head link[type="application/atom+xml"][title^="Search"]')

    response = page.request.get(live_server.url + feed_url)

    assert head_url.get_attribute("href") == feed_url
    assert response.headers["content-type"].startswith("application/atom+xml")
    titles = [entry["title"] for entry in atom_entries(response.body())]
    assert sorted(titles) == sorted(f"Storm warning {m}" for m in (1, 1, 2, 4))


def test_exporting_the_results_downloads_a_csv_with_every_hit(served_storms, live_server, page):
    page.goto(f"{live_server.url}/search/?q=storm")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))

    assert len(rows) == 4
    assert all(row["title"].startswith("Storm warning") for row in rows)


def test_the_chart_shows_a_bar_per_month_that_leads_to_the_narrowed_search(
    served_storms, live_server, page, screenshot
):
    page.goto(f"{live_server.url}/search/?q=storm")
    chart = page.get_by_role("region", name="Attention over time")

    expect(chart.locator("a.bar-link")).to_have_count(3)
    page.get_by_text("The chart as a table").click()
    expect(chart.get_by_role("row", name="Jan 2024 2")).to_be_visible()
    screenshot("results-chart")

    chart.get_by_role("link", name="Jan 2024: 2 articles").first.click()

    expect(page).to_have_url(f"{live_server.url}/search/?q=storm&from=2024-01-01&to=2024-01-31")
    expect(page.locator(".result")).to_have_count(2)


def test_a_facet_narrows_the_results_and_the_export_and_feed_follow(
    served_storms, make_article, live_server, page
):
    make_article("Storm over the fields", paragraphs=["A storm hit the farms."], source="Farm Wire")
    search.apply_pending()
    page.goto(f"{live_server.url}/search/?q=storm")
    expect(page.locator(".result")).to_have_count(5)

    page.get_by_role("complementary", name="Narrow the results").get_by_role(
        "link", name="Farm Wire"
    ).click()

    expect(page.locator(".result")).to_have_count(1)
    feed = page.get_by_role("link", name="Atom feed").first.get_attribute("href")
    assert "source=farm-wire" in feed
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert [row["title"] for row in csv.DictReader(io.StringIO(text))] == ["Storm over the fields"]


def test_browse_leads_from_years_to_months_to_days(served_storms, live_server, page, screenshot):
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Browse the archive").get_by_role(
        "link", name="By date"
    ).click()
    page.get_by_role("link", name="2024").click()
    page.get_by_role("link", name="January").click()
    page.get_by_role("link", name="3 January").click()

    expect(page.locator("h1")).to_have_text("3 January 2024")
    expect(page.locator(".article-summary")).to_have_count(2)
    screenshot("browse-day")


def test_the_article_page_offers_a_citation(served_storms, live_server, page, screenshot):
    page.goto(f"{live_server.url}/articles/storm-warning-2/")

    expect(page.locator("#cite-text")).to_contain_text(
        "“Storm warning 2”. Weather Desk, 3 February 2024."
    )
    expect(page.locator("#cite-bibtex")).to_contain_text("@article{weatherdesk2024")
    page.emulate_media(color_scheme="dark")
    screenshot("article-dark")
    page.emulate_media(media="print")
    expect(page.locator(".cite")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()


def test_the_results_page_fits_a_phone_screen(served_storms, live_server, browser, screenshot):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/search/?q=storm")

    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path=screenshot.folder / "results-phone.png", full_page=True)
    context.close()

    assert scroll_width <= 375

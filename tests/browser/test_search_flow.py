import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_from_home_open_a_result_and_land_on_the_highlighted_paragraph(
    served_seed, live_server, page, screenshot
):
    page.goto(live_server.url)
    screenshot("home")
    page.get_by_label("Search the archive").fill("Crimea")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("1 article matches")
    expect(page.locator(".snippet mark").first).to_have_text("Crimea")
    screenshot("results")

    page.get_by_label("Paragraph 12 of Zelensky Hopes").click()

    expect(page).to_have_url(
        f"{live_server.url}/articles/zelensky-hopes-for-meaningful-us-ukraine-talks-next-week/?q=Crimea#p-12"
    )
    target = page.locator("#p-12")
    expect(target.locator("mark")).to_have_text("Crimea")
    assert target.evaluate("el => el.matches(':target')")
    screenshot("article")


def test_the_keyboard_alone_can_search_and_open_a_result(served_seed, live_server, page):
    page.goto(live_server.url)
    page.keyboard.press("Tab")  # the skip link
    expect(page.get_by_text("Skip to content")).to_be_focused()
    page.keyboard.press("Enter")  # jump past the header to the main content
    page.keyboard.press("Tab")  # the home page's search box, first in the content
    expect(page.get_by_label("Search the archive")).to_be_focused()
    page.keyboard.type("negotiation")
    page.keyboard.press("Enter")

    expect(page.locator(".snippet mark").first).to_have_text("negotiations")
    page.locator(".result h3 a").focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Zelensky Hopes")
    expect(page.locator("#p-5 mark")).to_have_text("negotiations")


def test_previous_and_next_hit_links_work_with_the_keyboard(served_seed, live_server, page):
    page.goto(f"{live_server.url}/search/?q=Crimea+OR+Witkoff")
    page.get_by_label("Paragraph 2 of Zelensky Hopes").click()
    expect(page.locator("#p-2 mark").first).to_have_text("Witkoff")

    next_link = page.get_by_role("navigation", name="Hit 1 of 4").get_by_role(
        "link", name="next hit"
    )
    next_link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#p-3$"))
    assert page.locator("#p-3").evaluate("el => el.matches(':target')")

    page.get_by_role("navigation", name="Hit 2 of 4").get_by_role("link", name="next hit").focus()
    page.keyboard.press("Enter")
    page.get_by_role("navigation", name="Hit 3 of 4").get_by_role("link", name="next hit").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#p-12$"))
    page.get_by_role("navigation", name="Hit 4 of 4").get_by_role(
        "link", name="previous hit"
    ).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#p-4$"))


def test_a_typo_offers_a_suggestion_and_a_facet_narrows_to_a_chip(
    served_seed, live_server, page, screenshot
):
    page.goto(f"{live_server.url}/search/?q=Zelenksy")
    expect(page.locator(".suggestion")).to_contain_text("Did you mean Zelensky?")
    page.locator(".suggestion a").click()
    expect(page).to_have_url(f"{live_server.url}/search/?q=Zelensky")
    expect(page.locator("h1")).to_contain_text("1 article matches")

    page.locator(".facet").get_by_role("link", name="Unknown source").click()
    expect(page.get_by_role("link", name="Remove filter source: Unknown source")).to_be_visible()
    screenshot("results-with-facets")
    page.get_by_role("link", name="Remove filter source: Unknown source").click()
    expect(page).to_have_url(f"{live_server.url}/search/?q=Zelensky")

"""A reader in Chromium adds an article to a new collection from its page without leaving it
(the page's script), then another from a results page's link, and exports the collection;
no page breaks the Content-Security-Policy or has a serious accessibility problem."""

import pytest
from django.contrib.auth.models import User

from articles.models import Collection

pytestmark = pytest.mark.browser

PASSWORD = "a-long-reader-pass-phrase"


def test_a_reader_adds_articles_to_a_collection(
    served_storms, live_server, page, serious_violations
):
    User.objects.create_user("reader@example.org", "reader@example.org", PASSWORD)
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    problems = {}
    first, second = served_storms[0], served_storms[2]

    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("E-mail address").fill("reader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/account/searches/")

    article_url = f"{live_server.url}{first.get_absolute_url()}"
    page.goto(article_url)
    problems["article"] = serious_violations()
    page.get_by_label("New collection’s name").fill("Storms")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("status").get_by_text("Added to").wait_for()
    assert page.url == article_url  # the script added it without leaving the page

    page.goto(f"{live_server.url}/search/?q=storm")
    page.get_by_role("link", name=f"Add to a collection: {second.title}").click()
    problems["add form"] = serious_violations()
    page.get_by_label("Collection", exact=True).select_option(label="Storms")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_role("status").get_by_text("Added to").wait_for()
    page.get_by_role("status").get_by_role("link", name="Storms").click()
    page.wait_for_url(f"{live_server.url}/collections/*/")
    problems["collection"] = serious_violations()

    collection = Collection.objects.get()
    assert collection.name == "Storms"
    assert set(collection.items.values_list("article", flat=True)) == {first.pk, second.pk}
    assert second.title in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    exported = download.value.path().read_text(encoding="utf-8-sig")
    assert first.title in exported and second.title in exported
    assert violations == []
    assert problems == {name: [] for name in problems}

"""Every page of a reader's workspace, visited in Chromium with data in it: none breaks the
Content-Security-Policy or has a serious accessibility problem, at both widths, light and
dark, and each is saved as a screenshot."""

import secrets

import pytest
from django.contrib.auth.models import User

from articles.frozen_sets import freeze
from articles.models import Collection, CollectionItem, SavedSearch

pytestmark = pytest.mark.browser

PASSWORD = "a-long-reader-pass-phrase"
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")


@pytest.fixture
def workspace(served_storms):
    """A reader with a saved search, its frozen results and a shared collection."""
    reader = User.objects.create_user("reader@example.org", "reader@example.org", PASSWORD)
    saved = SavedSearch.objects.create(
        user=reader, name="Storm watch", query_string="q=storm", count_then=3
    )
    collection = Collection.objects.create(
        owner=reader, name="Storms", share_token=secrets.token_urlsafe(24)
    )
    CollectionItem.objects.create(collection=collection, article=served_storms[0], note="Start")
    return {"frozen": freeze(saved), "collection": collection}


def test_the_workspace_pages_are_accessible(
    workspace, live_server, page, serious_violations, screenshot
):
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    signed_out = {
        "reset": "/account/reset/",
        "shared-collection": workspace["collection"].get_shared_url(),
        "frozen-set": workspace["frozen"].get_absolute_url(),
    }
    signed_in = {
        "account": "/account/",
        "collections": "/collections/",
        "collection": f"/collections/{workspace['collection'].pk}/",
        "frozen-sets": "/account/frozen/",
    }
    problems = _visit(page, live_server.url, signed_out, serious_violations, screenshot)
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_label("E-mail address").fill("reader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/account/searches/")
    problems |= _visit(page, live_server.url, signed_in, serious_violations, screenshot)

    assert violations == []
    assert problems == {name: [] for name in problems}


def _visit(page, base, paths, serious_violations, screenshot) -> dict[str, list[str]]:
    problems = {}
    for name, path in paths.items():
        for width in WIDTHS:
            for scheme in SCHEMES:
                page.set_viewport_size({"width": width, "height": 900})
                page.emulate_media(color_scheme=scheme)
                response = page.goto(base + path)
                assert response.status == 200, (path, response.status)
                problems[f"{name} {width} {scheme}"] = serious_violations()
                overflow = page.evaluate("document.documentElement.scrollWidth") - width
                assert overflow <= 0, f"{path} is {overflow} px wider than a {width} px screen"
                screenshot(f"{name}-{width}-{scheme}")
    return problems

"""A reader in Chromium: signs up, follows the mailed link, signs in, saves a search from its
results, chooses an alert, gets the alert mail for a new article, stops it from the mail's
link and freezes the search's results; every page keeps the Content-Security-Policy and has
no serious accessibility problem."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from articles.models import SavedSearch

pytestmark = pytest.mark.browser

PASSWORD = "a-long-reader-pass-phrase"


def test_a_reader_signs_up_saves_a_search_chooses_an_alert_stops_it_and_freezes_it(
    served_storms, make_article, live_server, page, serious_violations
):
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    problems = {}

    def check(name):
        problems[name] = serious_violations()

    page.goto(f"{live_server.url}/account/sign-up/")
    check("sign up")
    page.get_by_label("E-mail address").fill("reader@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.get_by_text("Check your mail").first.wait_for()
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_text("Your account is confirmed").wait_for()

    page.goto(f"{live_server.url}/search/?q=storm&sort=newest")
    page.get_by_role("link", name="Save this search").click()
    check("sign in")
    page.get_by_label("E-mail address").fill("Reader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    check("save search")
    page.get_by_label("Name this search").fill("Storm watch")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/account/searches/")
    check("saved searches")
    page.get_by_label("Alert").select_option("weekly")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(f"{live_server.url}/account/searches/")

    saved = SavedSearch.objects.get()
    assert (saved.name, saved.query_string, saved.alert) == (
        "Storm watch",
        "q=storm&sort=newest",
        "weekly",
    )
    assert "Alert: Weekly" in page.content()

    make_article("Storm closes the harbour road", ["A new storm closed the harbour road."])
    call_command("send_alerts")
    alert = mail.outbox[-1]
    assert alert.to == ["reader@example.org"]
    assert "Storm closes the harbour road" in alert.body
    stop_path = re.search(r"https?://[^/\s]+(/alerts/stop/\S+)", alert.body).group(1)
    page.goto(live_server.url + stop_path)
    check("stop alert")
    page.get_by_role("button", name="Stop the alert").click()
    page.get_by_role("heading", name="Alert stopped").wait_for()
    check("alert stopped")
    saved.refresh_from_db()
    assert saved.alert == "none"

    page.goto(f"{live_server.url}/account/searches/")
    page.get_by_role("button", name="Freeze these results of Storm watch").click()
    page.wait_for_url(f"{live_server.url}/frozen/*/")
    check("frozen set")
    assert "Storm closes the harbour road" in page.content()
    assert violations == []
    assert problems == {name: [] for name in problems}

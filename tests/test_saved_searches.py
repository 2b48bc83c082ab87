"""Saved searches: save from a results page, list with counts then and now, rename, choose an
alert, delete; only ever one's own (another reader's ids answer 404 on every URL)."""

import pytest
from django.test import Client

from articles.models import SavedSearch
from articles.saved_searches import stop_token


@pytest.fixture
def harbour_articles(make_article):
    return [
        make_article(title=f"Harbour news {n}", paragraphs=[f"The harbour story {n}."])
        for n in range(3)
    ]


def test_the_results_page_links_to_saving_its_search(client, harbour_articles):
    page = client.get("/search/?q=harbour&sort=newest&page=2").content.decode()

    assert 'href="/account/searches/save/?q=harbour&amp;sort=newest&amp;page=2"' in page


def test_saving_needs_a_sign_in_and_comes_back_after_it(client, harbour_articles):
    response = client.get("/account/searches/save/?q=harbour")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/?next=/account/searches/save/")


def test_a_search_is_saved_with_its_words_filters_and_sort_and_its_count(
    signed_in, reader, harbour_articles
):
    url = "/account/searches/save/?q=harbour&sort=newest&page=2&source=test-wire"
    form = signed_in.get(url)
    assert 'value="harbour"' in form.content.decode()

    response = signed_in.post(url, {"name": "Harbour watch"})

    assert response["Location"] == "/account/searches/"
    saved = SavedSearch.objects.get()
    assert (saved.user, saved.name, saved.count_then) == (reader, "Harbour watch", 3)
    assert saved.query_string == "q=harbour&sort=newest&source=test-wire"
    # Its alerts will list the articles added from now on.
    assert saved.alerted_up_to == max(article.pk for article in harbour_articles)


def test_a_page_without_a_search_cannot_be_saved(signed_in):
    assert signed_in.get("/account/searches/save/").status_code == 400
    assert signed_in.post("/account/searches/save/?q=", {"name": "x"}).status_code == 400
    assert not SavedSearch.objects.exists()


def test_the_list_shows_counts_then_and_now(signed_in, reader, make_article, harbour_articles):
    SavedSearch.objects.create(user=reader, name="Harbour", query_string="q=harbour", count_then=1)
    make_article(title="Another harbour", paragraphs=["The harbour again."])

    page = signed_in.get("/account/searches/").content.decode()

    assert "Harbour" in page
    assert "1 article then" in page
    assert "4 now" in page


def test_a_search_that_cannot_run_now_is_listed_as_such(signed_in, reader):
    SavedSearch.objects.create(
        user=reader, name="Gone", query_string="q=x&source=gone", count_then=2
    )

    assert "cannot be run now" in signed_in.get("/account/searches/").content.decode()


def test_a_saved_search_is_renamed_and_given_an_alert(signed_in, reader):
    saved = SavedSearch.objects.create(user=reader, name="Old", query_string="q=x", count_then=0)

    response = signed_in.post(
        f"/account/searches/{saved.pk}/", {"name": "New name", "alert": "weekly"}
    )

    assert response["Location"] == "/account/searches/"
    saved.refresh_from_db()
    assert (saved.name, saved.alert) == ("New name", "weekly")
    bad = signed_in.post(f"/account/searches/{saved.pk}/", {"name": "", "alert": "hourly"})
    assert bad.status_code == 400


def test_a_saved_search_is_deleted(signed_in, reader):
    saved = SavedSearch.objects.create(user=reader, name="Old", query_string="q=x", count_then=0)

    signed_in.post(f"/account/searches/{saved.pk}/delete/")

    assert not SavedSearch.objects.exists()


def test_another_readers_ids_answer_404_on_every_url(signed_in, other):
    theirs = SavedSearch.objects.create(user=other, name="Theirs", query_string="q=x", count_then=0)

    assert "Theirs" not in signed_in.get("/account/searches/").content.decode()
    for url in (f"/account/searches/{theirs.pk}/", f"/account/searches/{theirs.pk}/delete/"):
        assert signed_in.post(url, {"name": "Mine now", "alert": "daily"}).status_code == 404, url
    theirs.refresh_from_db()
    assert (theirs.name, theirs.alert) == ("Theirs", "none")


def test_every_saved_search_form_refuses_a_post_without_its_csrf_token(reader, harbour_articles):
    saved = SavedSearch.objects.create(user=reader, name="Old", query_string="q=x", count_then=0)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    for url in (
        "/account/searches/save/?q=harbour",
        f"/account/searches/{saved.pk}/",
        f"/account/searches/{saved.pk}/delete/",
        f"/alerts/stop/{stop_token(saved.pk)}/",
    ):
        assert client.post(url, {"name": "X", "alert": "daily"}).status_code == 403, url
    assert list(SavedSearch.objects.values_list("name", "alert")) == [("Old", "none")]


def test_an_alert_is_stopped_from_its_mails_link_without_signing_in(client, reader):
    saved = SavedSearch.objects.create(
        user=reader, name="Watch <b>", query_string="q=x", count_then=0, alert="daily"
    )
    url = f"/alerts/stop/{stop_token(saved.pk)}/"

    page = client.get(url).content.decode()
    saved.refresh_from_db()
    assert saved.alert == "daily"  # a GET (a mail scanner) changes nothing
    assert "Watch &lt;b&gt;" in page

    client.post(url)

    saved.refresh_from_db()
    assert saved.alert == "none"


def test_a_forged_stop_link_answers_404(client, reader):
    SavedSearch.objects.create(user=reader, name="W", query_string="q=x", count_then=0)

    assert client.get("/alerts/stop/1:forged/").status_code == 404
    assert client.post("/alerts/stop/nonsense/").status_code == 404


def test_the_saved_pages_ask_for_a_sign_in(client):
    for url in ("/account/searches/", "/account/searches/1/", "/account/searches/1/delete/"):
        response = client.post(url) if url != "/account/searches/" else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/sign-in/"), url


def test_the_list_of_saved_searches_is_rate_limited_since_it_runs_each_search(settings, signed_in):
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMIT_REQUESTS = 2

    statuses = [signed_in.get("/account/searches/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]

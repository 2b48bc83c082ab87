"""Frozen result sets: a saved search's full matches kept, best first, with the query, the
time and the archive's state, under a public link a paper can cite; later edits and
deletions change nothing in the set and the page says what became of each article; only the
owner freezes, lists and deletes (another reader's ids answer 404), and every form needs its
CSRF token."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from articles import search
from articles.models import Article, FrozenItem, FrozenSet

from .bibtex_reading import latex_to_text, read_entry
from .conftest import READER_PASSWORD


@pytest.fixture
def harbours(make_article):
    """Three articles about harbours, newest first, and one that is not."""
    day = timezone.now() - timedelta(days=30)
    made = [
        make_article(title=title, paragraphs=["The harbour cranes."], published=day - timedelta(n))
        for n, title in enumerate(["Cranes return", "=Dock {strike} ends", "Quay reopens"])
    ]
    make_article(title="Weather", paragraphs=["Rain again."])
    return made


@pytest.fixture
def saved(reader):
    return reader.saved_searches.create(
        name="Harbours", query_string="q=harbour&sort=newest", count_then=3
    )


def freeze(client, saved) -> FrozenSet:
    response = client.post(f"/account/searches/{saved.pk}/freeze/")
    frozen = FrozenSet.objects.latest("pk")
    assert response["Location"] == f"/frozen/{frozen.token}/"
    return frozen


def test_freezing_keeps_the_matching_articles_in_rank_order_and_the_archives_state(
    signed_in, reader, saved, harbours
):
    listing = signed_in.get("/account/searches/").content.decode()
    assert f'action="/account/searches/{saved.pk}/freeze/"' in listing

    frozen = freeze(signed_in, saved)

    assert [item.article_id for item in frozen.items.all()] == [a.pk for a in harbours]
    assert [item.rank for item in frozen.items.all()] == [1, 2, 3]
    assert (frozen.owner, frozen.saved_search, frozen.query) == (reader, saved, "harbour")
    assert frozen.query_string == "q=harbour&sort=newest"
    assert frozen.total == 3
    assert frozen.article_count_at_freeze == 4
    assert frozen.archive_last_change == max(a.updated_at for a in Article.objects.all())
    assert len(frozen.token) >= 22
    page = Client().get(f"/frozen/{frozen.token}/").content.decode()  # public by its link
    assert "Result set “harbour”" in page
    assert "Sorted by" in page and "newest" in page
    assert "3 articles matching every word" in page
    assert "4 articles" in page
    assert page.index("Cranes return") < page.index("=Dock {strike} ends") < page.index("Quay")
    assert "Weather" not in page and "reader@example.org" not in page and "edited since" not in page


def test_a_later_edit_changes_nothing_in_the_set_and_the_page_says_edited(
    signed_in, saved, harbours
):
    frozen = freeze(signed_in, saved)
    article = harbours[0]
    article.title = "Cranes retitled"
    article.save()
    search.apply_pending()

    item = frozen.items.get(rank=1)
    assert item.title == "Cranes return"
    assert frozen.items.count() == 3
    page = Client().get(f"/frozen/{frozen.token}/").content.decode()
    assert "Cranes return" in page and "Cranes retitled" not in page
    assert f"edited since {timezone.localtime(article.updated_at):%-d %B %Y}" in page
    assert page.count("edited since") == 1


def test_a_later_import_of_new_content_says_edited(signed_in, saved, harbours):
    frozen = freeze(signed_in, saved)
    Article.objects.filter(pk=harbours[2].pk).update(content_hash="new")

    page = Client().get(f"/frozen/{frozen.token}/").content.decode()

    assert page.count("edited since") == 1
    assert frozen.items.get(rank=3).content_hash == ""


def test_a_deleted_article_stays_in_the_set_and_the_page_says_deleted(signed_in, saved, harbours):
    frozen = freeze(signed_in, saved)
    deleted_pk = harbours[1].pk
    harbours[1].delete()

    item = frozen.items.get(rank=2)
    assert (item.article, item.article_number, item.title) == (
        None,
        deleted_pk,
        "=Dock {strike} ends",
    )
    page = Client().get(f"/frozen/{frozen.token}/").content.decode()
    assert "=Dock {strike} ends" in page and "deleted since it was frozen" in page
    rows = Client().get(f"/frozen/{frozen.token}/export.jsonl").content.decode().splitlines()
    assert [json.loads(row)["title"] for row in rows][1] == "=Dock {strike} ends"


def test_the_exports_hold_the_frozen_data_not_todays(signed_in, saved, harbours):
    frozen = freeze(signed_in, saved)
    harbours[0].title = "Cranes retitled"
    harbours[0].save()

    response = Client().get(f"/frozen/{frozen.token}/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    lines = Client().get(f"/frozen/{frozen.token}/export.jsonl").content.decode().splitlines()
    jsonl = [json.loads(line) for line in lines]

    assert response["Content-Disposition"].startswith('attachment; filename="frozen-')
    assert [(row["rank"], row["title"]) for row in rows] == [
        ("1", "Cranes return"),
        ("2", "'=Dock {strike} ends"),  # a formula cell is written as text
        ("3", "Quay reopens"),
    ]
    assert rows[0]["url"].endswith(f"/articles/{harbours[0].slug}/")
    assert rows[0]["article_id"] == str(harbours[0].pk)
    assert [row["title"] for row in jsonl] == [
        "Cranes return",
        "=Dock {strike} ends",
        "Quay reopens",
    ]
    assert jsonl[0]["source"] == "Test Wire"
    assert Client().get(f"/frozen/{frozen.token}/export.pdf").status_code == 404


def test_the_set_is_cited_as_plain_text_and_bibtex(signed_in, saved, harbours):
    frozen = freeze(signed_in, saved)
    created = timezone.localtime(frozen.created)
    url = f"http://testserver/frozen/{frozen.token}/"

    page = Client().get(f"/frozen/{frozen.token}/").content.decode()
    bib = Client().get(f"/frozen/{frozen.token}/export.bib").content.decode()

    assert (
        f"News archive. Result set “harbour”, frozen {created.day} {created:%B %Y}, "
        f"3 articles. {url}"
    ) in page
    kind, key, fields = read_entry(bib)
    assert kind == "misc" and key.startswith("newsarchive-")
    assert latex_to_text(fields["title"]) == "Result set “harbour”"
    assert (fields["year"], fields["month"], fields["url"]) == (
        str(created.year),
        f"{created:%B}",
        url,
    )
    assert "3 of 3 matching articles" in fields["note"]
    assert "@misc{" in page


def test_an_unrunnable_search_is_refused_not_frozen(signed_in, reader, harbours):
    broken = reader.saved_searches.create(name="Gone", query_string="source=gone", count_then=0)

    response = signed_in.post(f"/account/searches/{broken.pk}/freeze/")

    assert response.status_code == 400
    assert "cannot be run now" in response.content.decode()
    assert not FrozenSet.objects.exists()


def test_the_owner_lists_and_deletes_frozen_sets(signed_in, saved, harbours):
    frozen = freeze(signed_in, saved)
    listing = signed_in.get("/account/frozen/").content.decode()
    assert f'href="/frozen/{frozen.token}/"' in listing

    saved.delete()  # the set outlives its saved search
    frozen.refresh_from_db()
    assert frozen.saved_search is None
    assert Client().get(f"/frozen/{frozen.token}/").status_code == 200

    signed_in.post(f"/frozen/{frozen.token}/delete/")
    assert not FrozenSet.objects.exists() and not FrozenItem.objects.exists()
    assert Client().get(f"/frozen/{frozen.token}/").status_code == 404


def test_another_readers_ids_answer_404(signed_in, other, harbours):
    theirs = other.saved_searches.create(name="Theirs", query_string="q=harbour", count_then=3)
    their_client = Client()
    their_client.force_login(other)
    frozen = freeze(their_client, theirs)

    assert signed_in.post(f"/account/searches/{theirs.pk}/freeze/").status_code == 404
    assert signed_in.post(f"/frozen/{frozen.token}/delete/").status_code == 404
    assert signed_in.post("/frozen/wrong/delete/").status_code == 404
    assert Client().get("/frozen/wrong/").status_code == 404
    assert Client().get("/frozen/wrong/export.csv").status_code == 404
    listing = signed_in.get("/account/frozen/").content.decode()
    assert frozen.token not in listing
    page = signed_in.get(f"/frozen/{frozen.token}/").content.decode()
    assert "<form" not in page.split('<main id="main"')[1]  # read-only to others
    assert FrozenSet.objects.filter(owner=other).count() == 1


def test_every_frozen_set_form_refuses_a_post_without_its_csrf_token(reader, saved, harbours):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(f"/account/searches/{saved.pk}/freeze/").status_code == 403
    assert not FrozenSet.objects.exists()
    frozen = freeze(_signed_in_client(reader), saved)

    assert client.post(f"/frozen/{frozen.token}/delete/").status_code == 403
    assert FrozenSet.objects.count() == 1


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owners_pages_ask_for_a_sign_in(client, saved):
    assert client.get("/account/frozen/")["Location"].startswith("/account/sign-in/")
    response = client.post(f"/account/searches/{saved.pk}/freeze/")
    assert response["Location"].startswith("/account/sign-in/")


def test_deleting_the_account_deletes_its_frozen_sets(signed_in, saved, harbours):
    frozen = freeze(signed_in, saved)

    signed_in.post("/account/delete/", {"password": READER_PASSWORD})

    assert not User.objects.exists()
    assert not FrozenSet.objects.exists() and not FrozenItem.objects.exists()
    assert Client().get(f"/frozen/{frozen.token}/").status_code == 404
    assert Article.objects.count() == 4  # the articles stay


def test_a_set_keeps_at_most_its_cap_and_says_so(signed_in, saved, harbours, monkeypatch):
    monkeypatch.setattr("articles.frozen_sets.FROZEN_MAX_ITEMS", 2)
    monkeypatch.setattr("articles.views.frozen.FROZEN_MAX_ITEMS", 2)
    monkeypatch.setattr("articles.frozen_sets.BATCH", 1)  # one hit a page: the paging too

    frozen = freeze(signed_in, saved)

    assert [item.article_id for item in frozen.items.all()] == [a.pk for a in harbours[:2]]
    assert frozen.total == 3
    page = Client().get(f"/frozen/{frozen.token}/").content.decode()
    assert "the first 2 of 3 matches" in page

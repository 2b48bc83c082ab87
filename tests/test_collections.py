"""Collections: add an article from its page (a form) or a results page (a link to a form),
notes, remove, rename, delete, exports, a read-only share link; only ever one's own (another
reader's ids answer 404 on every URL) and every form needs its CSRF token."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles.models import Collection, CollectionItem

from .bibtex_reading import latex_to_text, read_entry
from .conftest import READER_PASSWORD


@pytest.fixture
def harbour(make_article):
    return make_article(title="Harbour cranes return", paragraphs=["The harbour story."])


@pytest.fixture
def filled(reader, make_article):
    """The reader's collection of two articles, the first with a note."""
    collection = reader.collections.create(name="Ports")
    first = make_article(title="Harbour cranes return", byline="A. Writer")
    second = make_article(title="=Dock {strike} ends", source="Other Wire")
    collection.items.create(article=first, note="Key source: see ¶2")
    collection.items.create(article=second)
    return collection


def test_an_article_is_added_from_its_page_to_a_new_collection_without_javascript(
    signed_in, reader, harbour
):
    page = signed_in.get(harbour.get_absolute_url()).content.decode()
    assert f'action="/collections/add/{harbour.slug}/"' in page
    assert 'name="csrfmiddlewaretoken"' in page

    response = signed_in.post(
        f"/collections/add/{harbour.slug}/", {"new_name": "Ports", "note": "Cranes"}
    )

    collection = reader.collections.get()
    assert response["Location"] == f"/collections/{collection.pk}/"
    assert collection.name == "Ports"
    assert list(collection.items.values_list("article", "note")) == [(harbour.pk, "Cranes")]
    shown = signed_in.get(response["Location"]).content.decode()
    assert "Harbour cranes return" in shown and "Cranes" in shown


def test_an_article_is_added_to_an_existing_collection_once(signed_in, reader, harbour):
    collection = reader.collections.create(name="Ports")
    page = signed_in.get(harbour.get_absolute_url()).content.decode()
    assert f'<option value="{collection.pk}">Ports</option>' in page

    for _ in range(2):
        signed_in.post(f"/collections/add/{harbour.slug}/", {"collection": collection.pk})

    assert collection.items.count() == 1


def test_the_pages_script_is_answered_in_json(signed_in, reader, harbour):
    url = f"/collections/add/{harbour.slug}/"

    added = signed_in.post(url, {"new_name": "Ports"}, HTTP_ACCEPT="application/json").json()
    refused = signed_in.post(url, {}, HTTP_ACCEPT="application/json")

    collection = reader.collections.get()
    assert added == {
        "added": True,
        "collection": "Ports",
        "collection_id": collection.pk,
        "url": f"/collections/{collection.pk}/",
    }
    assert refused.status_code == 400
    assert "Choose a collection" in refused.content.decode()


def test_signed_out_the_article_page_links_to_signing_in_and_holds_no_form(client, harbour):
    page = client.get(harbour.get_absolute_url()).content.decode()

    assert f'href="/collections/add/{harbour.slug}/"' in page
    assert "csrfmiddlewaretoken" not in page
    response = client.get(f"/collections/add/{harbour.slug}/")
    assert response["Location"].startswith("/account/sign-in/?next=/collections/add/")


def test_a_results_page_links_each_hit_to_the_add_form(signed_in, reader, harbour):
    page = signed_in.get("/search/?q=harbour").content.decode()
    assert f'href="/collections/add/{harbour.slug}/"' in page
    assert "csrfmiddlewaretoken" not in page  # cached for everyone: no token, no user

    form = signed_in.get(f"/collections/add/{harbour.slug}/").content.decode()
    assert "Harbour cranes return" in form and "csrfmiddlewaretoken" in form
    signed_in.post(f"/collections/add/{harbour.slug}/", {"new_name": "From results"})

    assert reader.collections.get().items.get().article == harbour


def test_nothing_a_reader_types_in_the_add_form_fails(signed_in, reader, harbour):
    url = f"/collections/add/{harbour.slug}/"
    for data in ({}, {"collection": "x"}, {"collection": "999999"}, {"new_name": "x" * 300}):
        assert signed_in.post(url, data).status_code == 400, data
    assert signed_in.get("/collections/add/no-such-article/").status_code == 404
    assert not Collection.objects.exists()


def test_the_list_shows_ones_collections_and_makes_a_new_one(signed_in, reader, other):
    other.collections.create(name="Theirs")

    response = signed_in.post("/collections/", {"name": "Mine"})

    mine = reader.collections.get()
    assert response["Location"] == f"/collections/{mine.pk}/"
    page = signed_in.get("/collections/").content.decode()
    assert "Mine" in page and "Theirs" not in page


def test_a_note_is_written_and_an_item_removed(signed_in, filled):
    first, second = filled.items.all()

    signed_in.post(f"/collections/{filled.pk}/items/{first.pk}/note/", {"note": "Rewritten"})
    signed_in.post(f"/collections/{filled.pk}/items/{second.pk}/remove/")

    assert list(filled.items.values_list("note", flat=True)) == ["Rewritten"]
    too_long = signed_in.post(
        f"/collections/{filled.pk}/items/{first.pk}/note/", {"note": "x" * 2001}
    )
    assert too_long.status_code == 400
    assert "at most 2000 characters" in too_long.content.decode()
    page = signed_in.get(f"/collections/{filled.pk}/").content.decode()
    assert "Rewritten" in page and "Dock" not in page


def test_a_collection_is_renamed_and_deleted(signed_in, filled):
    signed_in.post(f"/collections/{filled.pk}/rename/", {"name": "Harbours"})
    filled.refresh_from_db()
    assert filled.name == "Harbours"
    assert signed_in.post(f"/collections/{filled.pk}/rename/", {"name": ""}).status_code == 400

    signed_in.post(f"/collections/{filled.pk}/delete/")

    assert not Collection.objects.exists() and not CollectionItem.objects.exists()


def test_the_csv_export_lists_every_article_with_its_note(signed_in, filled):
    response = signed_in.get(f"/collections/{filled.pk}/export.csv")

    assert response["Content-Disposition"] == 'attachment; filename="collection-ports.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["rank"], row["title"], row["note"]) for row in rows] == [
        ("1", "Harbour cranes return", "Key source: see ¶2"),
        ("2", "'=Dock {strike} ends", ""),  # a formula cell is written as text
    ]
    assert rows[1]["source"] == "Other Wire"
    assert rows[0]["url"].endswith(filled.items.first().article.get_absolute_url())


def test_the_json_lines_export_lists_every_article_with_its_note(signed_in, filled):
    text = signed_in.get(f"/collections/{filled.pk}/export.jsonl").content.decode()

    rows = [json.loads(line) for line in text.splitlines()]
    assert [(row["title"], row["note"], row["byline"]) for row in rows] == [
        ("Harbour cranes return", "Key source: see ¶2", "A. Writer"),
        ("=Dock {strike} ends", "", ""),
    ]


def test_the_bibtex_export_has_an_entry_per_article(signed_in, filled):
    response = signed_in.get(f"/collections/{filled.pk}/export.bib")

    entries = response.content.decode().strip().split("\n\n")
    read = [read_entry(entry) for entry in entries]
    assert [latex_to_text(fields["title"]) for _, _, fields in read] == [
        "Harbour cranes return",
        "=Dock {strike} ends",
    ]
    assert len({key for _, key, _ in read}) == 2
    assert signed_in.get(f"/collections/{filled.pk}/export.pdf").status_code == 404


def test_a_shared_link_shows_the_collection_read_only_to_anyone(signed_in, reader, filled):
    assert filled.share_token is None  # private by default
    signed_in.post(f"/collections/{filled.pk}/share/", {"share": "on"})
    filled.refresh_from_db()
    link = f"/collections/shared/{filled.share_token}/"
    assert len(filled.share_token) >= 32
    assert link in signed_in.get(f"/collections/{filled.pk}/").content.decode()

    page = Client().get(link).content.decode()

    assert "Ports" in page and "Harbour cranes return" in page and "Key source" in page
    assert "reader@example.org" not in page
    assert "<form" not in page.split('<main id="main"')[1]  # nothing to change there
    bib = Client().get(f"{link}export.bib").content.decode()
    assert "Harbour cranes return" in bib


def test_a_revoked_or_wrong_share_link_answers_404(signed_in, filled):
    signed_in.post(f"/collections/{filled.pk}/share/", {"share": "on"})
    filled.refresh_from_db()
    old = filled.share_token

    signed_in.post(f"/collections/{filled.pk}/share/", {"share": "off"})

    for token in (old, "wrong", filled.pk):
        assert Client().get(f"/collections/shared/{token}/").status_code == 404, token
        assert Client().get(f"/collections/shared/{token}/export.csv").status_code == 404
    signed_in.post(f"/collections/{filled.pk}/share/", {"share": "on"})
    filled.refresh_from_db()
    assert filled.share_token not in (None, old)  # sharing again makes a new link


def test_another_readers_ids_answer_404_on_every_url(signed_in, other, harbour):
    theirs = other.collections.create(name="Theirs")
    item = theirs.items.create(article=harbour, note="Their note")
    base = f"/collections/{theirs.pk}"

    for url in (f"{base}/", f"{base}/export.csv", f"{base}/export.jsonl", f"{base}/export.bib"):
        assert signed_in.get(url).status_code == 404, url
    for url in (
        f"{base}/rename/",
        f"{base}/share/",
        f"{base}/items/{item.pk}/note/",
        f"{base}/items/{item.pk}/remove/",
        f"{base}/delete/",
    ):
        assert signed_in.post(url, {"name": "Mine", "note": "Mine", "share": "on"}).status_code == (
            404
        ), url
    # Their item through one's own collection's id is still theirs.
    mine = signed_in.post("/collections/", {"name": "Mine"})
    mine_pk = Collection.objects.get(name="Mine").pk
    assert mine.status_code == 302
    assert signed_in.post(f"/collections/{mine_pk}/items/{item.pk}/remove/").status_code == 404
    # Their collection cannot be chosen in the add form.
    adding = signed_in.post(f"/collections/add/{harbour.slug}/", {"collection": theirs.pk})
    assert adding.status_code == 400
    theirs.refresh_from_db()
    assert (theirs.name, theirs.share_token) == ("Theirs", None)
    assert list(theirs.items.values_list("note", flat=True)) == ["Their note"]


def test_every_collection_form_refuses_a_post_without_its_csrf_token(reader, filled, harbour):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    item = filled.items.first()
    base = f"/collections/{filled.pk}"

    for url in (
        "/collections/",
        f"/collections/add/{harbour.slug}/",
        f"{base}/rename/",
        f"{base}/share/",
        f"{base}/items/{item.pk}/note/",
        f"{base}/items/{item.pk}/remove/",
        f"{base}/delete/",
    ):
        data = {"name": "X", "new_name": "X", "note": "X", "share": "on"}
        assert client.post(url, data).status_code == 403, url
    filled.refresh_from_db()
    assert (filled.name, filled.share_token, filled.items.count()) == ("Ports", None, 2)
    assert Collection.objects.count() == 1


def test_the_collection_pages_ask_for_a_sign_in(client, filled):
    item = filled.items.first()
    base = f"/collections/{filled.pk}"
    for url in ("/collections/", f"{base}/", f"{base}/export.csv"):
        assert client.get(url)["Location"].startswith("/account/sign-in/"), url
    for url in (f"{base}/rename/", f"{base}/delete/", f"{base}/items/{item.pk}/remove/"):
        assert client.post(url)["Location"].startswith("/account/sign-in/"), url


def test_deleting_the_account_deletes_its_collections(signed_in, filled):
    signed_in.post(f"/collections/{filled.pk}/share/", {"share": "on"})
    filled.refresh_from_db()

    signed_in.post("/account/delete/", {"password": READER_PASSWORD})

    assert not User.objects.exists()
    assert not Collection.objects.exists() and not CollectionItem.objects.exists()
    assert Client().get(f"/collections/shared/{filled.share_token}/").status_code == 404

"""Every path that changes articles outside a request's transaction is followed by the index.

These tests commit for real (transaction=True): inside pytest's usual test transaction an
update queued too early looks the same as one queued in time, which hid the admin's
"delete selected" leaving its articles in the index. Each runs on both engines.
"""

import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from articles import importers, search
from articles.importers import save
from articles.indexing import queue
from articles.models import Article, IndexQueueEntry, Paragraph, Source

from .conftest import found_ids

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("engine")]


def assert_index_matches_the_database():
    drift = search.check_index()
    assert (drift.missing, drift.stale, drift.orphaned, drift.pending) == ([], [], [], 0)


@pytest.fixture
def ferries(make_article):
    return [make_article(title=f"Ferry timetable {n}") for n in range(3)]


# --- The admin ---------------------------------------------------------------------------


def test_delete_selected_in_the_admin_removes_the_articles_from_search(
    admin_client, ferries, make_article
):
    kept = make_article(title="Ferry museum")
    data = {"action": "delete_selected", "post": "yes", "_selected_action": [a.pk for a in ferries]}

    response = admin_client.post(reverse("admin:articles_article_changelist"), data)

    assert response.status_code == 302
    assert found_ids("ferry") == [kept.pk]
    assert search.search_articles("timetable").total == 0
    assert_index_matches_the_database()


def test_deleting_one_article_in_the_admin_removes_it_from_search(admin_client, ferries):
    url = reverse("admin:articles_article_delete", args=[ferries[0].pk])

    admin_client.post(url, {"post": "yes"})

    assert sorted(found_ids("ferry")) == sorted(a.pk for a in ferries[1:])
    assert_index_matches_the_database()


def test_an_admin_edit_with_its_paragraphs_is_searchable_after_the_save(admin_client, make_article):
    from .test_admin import paragraph_form

    article = make_article(title="Harbour plans", paragraphs=["Ferries.", "Gulls."])
    data = paragraph_form(article, changes={1: (2, "Trams."), 2: (1, "Gulls.")})

    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert (found_ids("trams"), found_ids("ferries")) == ([article.pk], [])
    assert_index_matches_the_database()


def test_renaming_a_source_in_the_admin_reindexes_its_articles(admin_client, ferries):
    url = reverse("admin:articles_source_change", args=[ferries[0].source_id])

    admin_client.post(url, {"name": "Harbour Gazette", "slug": "harbour-gazette"})

    assert sorted(found_ids("source:gazette")) == sorted(a.pk for a in ferries)


# --- The shell: the ORM's own calls --------------------------------------------------------


def test_saving_and_deleting_an_article_in_the_shell_is_followed(ferries):
    article = ferries[0]
    article.title = "Lighthouse keepers"
    article.save()
    assert found_ids("lighthouse") == [article.pk]

    article.delete()

    assert found_ids("lighthouse") == []
    assert_index_matches_the_database()


def test_a_queryset_update_and_delete_in_the_shell_are_followed(ferries):
    Article.objects.filter(pk__in=[ferries[0].pk, ferries[1].pk]).update(section="Harbours")
    assert sorted(found_ids("section:harbours")) == sorted([ferries[0].pk, ferries[1].pk])

    Article.objects.filter(section="Harbours").delete()

    assert found_ids("ferry") == [ferries[2].pk]
    assert_index_matches_the_database()


def test_paragraph_writes_in_the_shell_are_followed(ferries):
    article = ferries[0]
    article.paragraphs.create(position=2, text="Dolphins follow the boat.")
    assert found_ids("dolphins") == [article.pk]

    Paragraph.objects.filter(article=article, position=2).update(text="Seals bask.")
    assert (found_ids("seals"), found_ids("dolphins")) == ([article.pk], [])

    paragraph = article.paragraphs.get(position=2)
    paragraph.text = "Puffins nest."
    paragraph.save()
    assert found_ids("puffins") == [article.pk]

    paragraph.delete()
    assert found_ids("puffins") == []

    article.paragraphs.all().delete()
    assert found_ids('"some text"') == sorted(a.pk for a in ferries[1:])
    assert_index_matches_the_database()


def test_renaming_a_source_in_the_shell_is_followed(ferries):
    source = Source.objects.get(pk=ferries[0].source_id)
    source.name = "Harbour Gazette"
    source.save()
    assert len(found_ids("source:gazette")) == 3

    Source.objects.filter(pk=source.pk).update(name="Quay Courier", slug="quay-courier")

    assert (len(found_ids("source:courier")), found_ids("source:gazette")) == (3, [])


def test_a_change_rolled_back_leaves_the_index_and_the_queue_as_they_were(ferries):
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=ferries[0].pk).update(title="Lighthouse keepers")
        ferries[1].delete()
        raise RuntimeError("the change fails")

    assert found_ids("lighthouse") == []
    assert len(found_ids("ferry")) == 3
    assert IndexQueueEntry.objects.count() == 0
    assert_index_matches_the_database()


def test_queueing_outside_the_transaction_of_the_change_is_refused(ferries):
    with pytest.raises(queue.OutsideTransaction):
        queue.enqueue([ferries[0].pk])


# --- Commands: the importer and its retries -------------------------------------------------


def test_an_import_and_a_changed_reimport_are_followed(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Harbour reopens\nThe quay is back.\nFerries sail again.\n")
    call_command("import_articles", tmp_path, stdout=None)
    story.write_text("Harbour reopens\nThe quay is back.\nHovercraft sail again.\n")

    call_command("import_articles", tmp_path, stdout=None)

    article = Article.objects.get()
    assert (found_ids("hovercraft"), found_ids("ferries")) == ([article.pk], [])
    assert_index_matches_the_database()


def test_articles_saved_one_by_one_after_a_failed_batch_are_followed(tmp_path, monkeypatch):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Harbour story {n}\nStandfirst.\nFerries {n}.\n")
    write, failed = save._write, []

    def fail_the_first_batch(items, *finding):
        if not failed:
            failed.append(len(items))
            write(items, *finding)  # written, then rolled back with the batch's queue rows
            raise DatabaseError("the batch's transaction failed")
        write(items, *finding)

    monkeypatch.setattr(save, "_write", fail_the_first_batch)

    report = importers.import_paths([tmp_path])
    search.apply_pending()

    assert (failed, report.counts["created"]) == ([3], 3)
    assert len(found_ids("ferries")) == 3
    assert_index_matches_the_database()


def test_articles_loaded_from_a_fixture_are_followed(tmp_path):
    fixture = tmp_path / "harbour.json"
    fixture.write_text(
        json.dumps(
            [
                {"model": "articles.source", "pk": 50, "fields": {"name": "Quay", "slug": "quay"}},
                {
                    "model": "articles.article",
                    "pk": 60,
                    "fields": {
                        "source": 50,
                        "external_key": "fixture:60",
                        "title": "Lighthouse keepers",
                        "slug": "lighthouse-keepers",
                        "created_at": "2026-01-01T00:00:00Z",
                        "updated_at": "2026-01-01T00:00:00Z",
                    },
                },
                {
                    "model": "articles.paragraph",
                    "pk": 70,
                    "fields": {"article": 60, "position": 1, "text": "Puffins nest."},
                },
            ]
        )
    )

    call_command("loaddata", fixture, verbosity=0)

    assert found_ids("puffins") == found_ids("lighthouse") == [60]
    assert_index_matches_the_database()

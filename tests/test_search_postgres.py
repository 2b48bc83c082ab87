"""The PostgreSQL engine's own promises: documents in the article's transaction, no queue,
deletes cascade, drift checks and rebuilds, and pages that work through it.

On SQLite only the first two tests run (the migration is a no-op there, and settings refuse
the engine); the rest need the suite on PostgreSQL (`make test-postgres`).
"""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from articles import search
from articles.indexing import queue
from articles.models import Article, IndexQueueEntry, SearchDocument, Tag

from .conftest import change_behind_the_index

ON_POSTGRES = connection.vendor == "postgresql"
# Left out of the SQLite run and run by the PostgreSQL one (tests/conftest.py).
needs_postgres = pytest.mark.postgres


def test_the_search_tables_exist_on_postgresql_only(db):
    tables = set(connection.introspection.table_names())

    assert ("articles_searchdocument" in tables) is ON_POSTGRES
    assert ("articles_searchword" in tables) is ON_POSTGRES


def test_postgresql_connections_leave_jit_off_and_keep_the_urls_own_options():
    from newsarchive.settings import without_jit

    postgres = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c jit=on"}}
    sqlite = {"ENGINE": "newsarchive.sqlite", "OPTIONS": {"timeout": 20}}

    assert without_jit(postgres)["OPTIONS"]["options"] == "-c jit=off -c jit=on"  # later wins
    assert without_jit({"ENGINE": "django.db.backends.postgresql"})["OPTIONS"] == {
        "options": "-c jit=off"
    }
    assert without_jit(sqlite) == {"ENGINE": "newsarchive.sqlite", "OPTIONS": {"timeout": 20}}


@needs_postgres
def test_searches_run_without_jit_compilation(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_settings_refuse_the_postgres_engine_without_a_postgresql_database():
    env = dict(os.environ, DATABASE_URL="sqlite:///:memory:", NEWSARCHIVE_SEARCH_ENGINE="postgres")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "NEWSARCHIVE_SEARCH_ENGINE=postgres needs a PostgreSQL DATABASE_URL" in result.stderr


@pytest.fixture
def postgres(settings, db):
    settings.SEARCH_ENGINE = "postgres"


@needs_postgres
def test_an_import_writes_documents_in_its_own_transaction_and_queues_nothing(postgres, seed_file):
    out = StringIO()
    call_command("import_articles", str(seed_file.parent), stdout=out)

    assert "each article's search document was written with it" in out.getvalue()
    article = Article.objects.get()
    assert SearchDocument.objects.filter(article=article).exists()
    assert IndexQueueEntry.objects.count() == 0
    assert [hit.article_id for hit in search.search_articles("Zelensky").hits] == [article.pk]


@needs_postgres
def test_a_rolled_back_change_leaves_no_document(postgres, make_article):
    article = make_article(title="Harbour strike", paragraphs=["Dockers walk out."])

    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Airport strike"
        article.save()
        queue.enqueue([article.pk])
        assert search.search_articles("airport").total == 1  # seen inside the transaction
        raise RuntimeError("the save fails after the document was written")

    assert search.search_articles("airport").total == 0
    assert search.search_articles("harbour").total == 1


@needs_postgres
def test_deleting_an_article_deletes_its_document(postgres, make_article):
    article = make_article(title="Harbour strike")

    article.delete()

    assert SearchDocument.objects.count() == 0
    assert search.search_articles("harbour").total == 0


@needs_postgres
def test_a_document_carries_its_articles_tag_ids_through_every_change(postgres, make_article):
    article = make_article(title="Oil talks")
    japan, opec = Tag.named("place", "Japan"), Tag.named("organisation", "OPEC")

    def tag_ids() -> list[int]:
        return SearchDocument.objects.get(article=article).tag_ids

    assert tag_ids() == []
    article.tags.add(japan, opec)
    assert tag_ids() == sorted([japan.pk, opec.pk])
    article.tags.remove(japan)
    assert tag_ids() == [opec.pk]
    opec.delete()
    assert tag_ids() == []


@needs_postgres
def test_a_document_carries_its_quotes_speakers_through_every_change(postgres, make_article):
    article = make_article(paragraphs=['"We will talk again next week," Witkoff said.'])

    def speakers() -> list[str]:
        return SearchDocument.objects.get(article=article).speaker_slugs

    assert speakers() == ["witkoff"]
    paragraph = article.paragraphs.get()
    paragraph.text = '"Talks went well," Zelensky said. "We are ready to talk," Putin said.'
    paragraph.save()
    assert speakers() == ["putin", "zelensky"]
    paragraph.text = "No one was quoted."
    paragraph.save()
    assert speakers() == []


@needs_postgres
def test_admin_edits_are_searchable_at_once(postgres, admin_client, make_article):
    from .test_admin import paragraph_form

    article = make_article(title="Harbour strike", paragraphs=["Dockers walk out."])
    data = paragraph_form(article, changes={1: (1, "Pilots walk out.")})

    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert search.search_articles("pilots").total == 1
    assert search.search_articles("dockers").total == 0
    assert IndexQueueEntry.objects.count() == 0


@needs_postgres
def test_check_index_finds_stale_and_missing_documents_and_rebuild_fixes_them(
    postgres, make_article
):
    kept = make_article(title="Kept")
    stale = make_article(title="Stale")
    change_behind_the_index(stale.pk, "Changed behind search's back")
    SearchDocument.objects.filter(article_id=kept.pk).delete()

    drift = search.check_index()
    assert (drift.missing, drift.stale, drift.in_sync) == ([kept.pk], [stale.pk], False)

    assert search.rebuild_index() == 2
    assert search.check_index().in_sync
    assert search.search_articles("behind").total == 1


@needs_postgres
def test_the_index_commands_work_with_the_postgres_engine(postgres, make_article):
    make_article(title="Kept")
    IndexQueueEntry.objects.create(article_id=Article.objects.get().pk)  # left by Whoosh

    out = StringIO()
    call_command("update_index", stdout=out)
    call_command("check_index", stdout=out)
    call_command("rebuild_index", "--if-missing", stdout=out)

    assert "Search index: 1 article(s) brought up to date." in out.getvalue()
    assert "The index matches the database." in out.getvalue()
    assert "left as it is" in out.getvalue()


@needs_postgres
def test_a_fuzzy_term_reaches_words_one_edit_away_and_no_further(postgres, make_article):
    make_article(title="Tariffs rise", paragraphs=["Exporters object."])

    assert search.search_articles("tarifs~1").total == 1
    assert search.search_articles("trfs~1").total == 0
    assert search.search_articles("exportres~2").notes[1].startswith("Fuzzy matching allows 1")


@needs_postgres
def test_the_search_and_article_pages_work_through_the_postgres_engine(
    postgres, client, seed_article
):
    response = client.get(reverse("articles:search"), {"q": "Crimea annexed"})

    assert response.status_code == 200
    assert '<mark class="hit">annexed</mark>' in response.text
    assert "#p-12" in response.text

    response = client.get(seed_article.get_absolute_url(), {"q": "Crimea"})

    assert response.text.count('<mark class="hit">Crimea</mark>') == 1

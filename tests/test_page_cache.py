"""A repeated results page comes from the cache until the index changes or its time is up."""

import pytest

from articles import search
from articles.indexing import queue
from articles.models import Article
from articles.search.whoosh import storage


@pytest.fixture
def harbour(make_article):
    return make_article("Harbour council budget", ["The harbour council met on the budget."])


def titles_found(client, query="harbour", **params) -> str:
    return client.get("/search/", {"q": query, **params}).content.decode()


def retitle_without_indexing(article, title):
    """Change the database alone, as nothing in the archive does: the page shows the cache."""
    Article.objects.filter(pk=article.pk).update(title=title)


def test_the_same_search_again_is_served_from_the_cache(client, harbour):
    assert "Harbour council budget" in titles_found(client)
    retitle_without_indexing(harbour, "Harbour council renamed")

    assert "Harbour council budget" in titles_found(client)


def test_a_change_to_the_index_shows_at_once(client, harbour, make_article):
    assert "Harbour council budget" in titles_found(client)
    Article.objects.filter(pk=harbour.pk).update(title="Harbour council renamed")
    queue.enqueue([harbour.pk], drain=False)
    search.apply_pending()

    page = titles_found(client)

    assert "Harbour council renamed" in page
    assert "Harbour council budget" not in page


def test_each_query_string_has_its_own_page(client, harbour):
    titles_found(client)
    retitle_without_indexing(harbour, "Harbour council renamed")

    assert "Harbour council renamed" in titles_found(client, sort="newest")


def test_no_caching_when_turned_off(client, harbour, settings):
    settings.PAGE_CACHE_SECONDS = 0
    titles_found(client)
    retitle_without_indexing(harbour, "Harbour council renamed")

    assert "Harbour council renamed" in titles_found(client)


def test_a_damaged_index_is_not_hidden_behind_a_kept_page(client, harbour):
    assert client.get("/search/", {"q": "harbour"}).status_code == 200
    for segment in storage.live_dir().glob("*.seg"):
        segment.write_bytes(b"")  # Truncated: the table of contents still names it.

    assert client.get("/search/", {"q": "harbour"}).status_code == 503

"""A new server worker reads what searches keep per index reader before its first request
(gunicorn.conf.py's post_worker_init calls search.warm_up), on either engine."""

import pytest

from articles import search
from articles.search.whoosh import searching, tag_counts
from articles.search.whoosh.fastpath import docsets

both_engines = pytest.mark.usefixtures("engine")


@both_engines
def test_warm_up_on_an_empty_archive_reads_nothing_and_raises_nothing(db):
    search.warm_up()

    assert search.search_articles("harbour").total == 0


@both_engines
def test_warm_up_leaves_the_searches_answers_as_they_were(make_article):
    make_article(title="Harbour budget", section="Business")
    make_article(title="Harbour works", section="Weather")

    search.warm_up()
    results = search.search_articles(search.SearchParams("harbour", with_days=True))

    assert results.total == 2
    assert {value.key: value.count for value in results.facets["section"]} == {
        "business": 1,
        "weather": 1,
    }


def test_whoosh_warm_up_reads_the_columns_and_tags_a_first_search_would(make_article):
    make_article(title="Harbour budget", section="Business")

    search.warm_up()

    reader = searching._searcher().reader()
    assert docsets._columns["reader"] is reader
    kept = set(docsets._columns["values"])
    assert ("combinations", ("source_slug", "section_key", "year")) in kept  # the facets
    assert any(key[0] == "days" for key in kept)  # the chart
    assert tag_counts._tables["reader"] is reader

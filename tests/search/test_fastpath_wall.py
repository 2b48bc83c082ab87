"""The Whoosh fast path is walled in: turned off by the setting, or by itself under another
Whoosh than 2.7.4, searches give exactly the same results without reading Whoosh's files
directly, and a bug inside it surfaces instead of silently falling back."""

import logging
from datetime import UTC, datetime

import pytest
import whoosh

from articles import search
from articles.search import IndexUnavailable
from articles.search.whoosh import fastpath
from articles.search.whoosh.fastpath import postings

# Words, a phrase, OR, NOT, several words with partial matches, a word in no article.
QUERIES = ["oil", '"oil prices"', "oil OR harbour", "oil -texas", "harbour tug oil", "zebra"]


@pytest.fixture
def market_articles(make_article):
    """Articles over several segments, one of them deleted, in two sources and three years."""
    bodies = [
        "Oil prices rose in Texas.",
        "Prices of oil fell, and oil again.",
        "The harbour tug left.",
        "Oil, oil prices; the tug waited in the harbour.",
    ]
    for n in range(12):
        make_article(
            title=["Oil prices rise", f"Market note {n}", "Tug and harbour"][n % 3],
            paragraphs=[bodies[n % 4], f"Note {n}."],
            source=["Wire", "Paper"][n % 2],
            section=["Business", "Weather"][n % 2],
            published=datetime(2003 + n % 3, 1 + n, 1, tzinfo=UTC),
        )
    make_article(title="Withdrawn oil prices", paragraphs=["Oil prices."]).delete()
    search.apply_pending()


@pytest.fixture
def direct_reads(monkeypatch):
    """Return a list that grows each time the fast path reads a postings list from a file."""
    reads = []
    read = postings._raw_blocks

    def counted(region):
        reads.append(len(region))
        return read(region)

    monkeypatch.setattr(postings, "_raw_blocks", counted)
    return reads


def everything_a_reader_sees() -> list:
    """Return what each query shows: counts, hits in order, facets, days, suggestions."""
    seen = []
    for text in QUERIES:
        for sort in ("relevance", "newest"):
            results = search.search_articles(text, sort=sort, with_days=True, with_partial=True)
            hits = [(hit.article_id, hit.partial, hit.snippets) for hit in results.hits]
            seen.append((text, sort, results.total, results.partial_total, hits))
            seen.append((results.facets, results.days, results.suggestion, results.notes))
    return seen


def test_turned_off_by_the_setting_searches_give_the_same_results(
    market_articles, direct_reads, settings
):
    fast = everything_a_reader_sees()
    assert direct_reads  # on, the fast path read the postings itself
    direct_reads.clear()

    settings.SEARCH_FAST_PATH = False

    assert everything_a_reader_sees() == fast
    assert direct_reads == []


def test_another_whoosh_turns_it_off_with_one_warning_and_the_same_results(
    market_articles, direct_reads, monkeypatch, caplog
):
    fast = everything_a_reader_sees()
    direct_reads.clear()
    try:
        monkeypatch.setattr(whoosh, "__version__", (2, 7, 5))
        with caplog.at_level(logging.WARNING, logger=fastpath.__name__):
            assert fastpath.check_whoosh_version() is False

        assert not fastpath.enabled()
        warnings = [r.getMessage() for r in caplog.records if r.name == fastpath.__name__]
        assert len(warnings) == 1 and warnings[0].startswith("Whoosh 2.7.5 is installed")
        assert everything_a_reader_sees() == fast
        assert direct_reads == []
    finally:
        monkeypatch.undo()
        fastpath.check_whoosh_version()
    assert fastpath.enabled()


def test_a_bug_inside_the_fast_path_surfaces_instead_of_falling_back(market_articles, monkeypatch):
    def broken(region):
        raise AttributeError("a bug in the fast path")

    monkeypatch.setattr(postings, "_raw_blocks", broken)

    with pytest.raises(IndexUnavailable) as raised:
        search.search_articles("oil")
    assert isinstance(raised.value.__cause__, AttributeError)

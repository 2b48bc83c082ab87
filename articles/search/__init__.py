"""Full-text search over the archive: one interface, two engines (settings.SEARCH_ENGINE).

Public API (plain data in, plain data out; no engine object leaves this package):

    search_articles(params: SearchParams) -> Results
    search_articles("text", filters=, sort=, page=, per_page=) -> Results   (the same)
        SearchParams(text, filters=Filters(), sort="relevance" | "newest" | "oldest",
                     page=1, per_page=20, with_facets=True, with_snippets=True,
                     with_days=False, with_partial=False)
        Filters(source="slug", section="key", year=2004, month=3,
                date_from=date, date_to=date, undated=False,
                topic=, place=, person=, organisation=, exchange=, speaker= "slug")
                every part optional
        Results.total: the full matches (every word); .partial_total: the partial matches
            (some words) listed after them, or None if not looked for; .listed, .counted
        Results.page, .per_page, .pages, .reachable, .first, .last, .seconds, .notes
        Results.hits -> [Hit(article_id, snippets=[Snippet(position, html, anchor)], partial)]
        Results.facets -> {"source" | "section" | "year" | "month" | a tag kind (TAG_FIELDS)
            | "speaker" (SPEAKER, who is quoted):
            [FacetValue(key, label, count)]}, counted over the full matches (and the
            partial ones with with_partial); months only when a year is chosen; .days
            likewise; the year facet ends with FacetValue(UNDATED, "Undated", n) when
            undated articles match
        Results.suggestion -> "respelled query" or None
    highlight_paragraphs(text, paragraphs) -> {position: html}
    related_articles(article_id, text, limit=5) -> [article_id]   "more like this"
    frequent_terms(prefix, limit=) -> [str]       complete a word from the archive's words
    generation() -> str | None     changes whenever the index files do; None: cannot tell
    warm_up()                      read what searches keep per process (a new worker's)
    writes_in_transaction() -> bool      True: write_documents in the article's transaction
    write_documents(ids) -> int          write these articles' documents now
    apply_pending(lock_timeout=) -> int          apply the queued index updates
    apply_until(should_stop, on_applied=) -> int   apply them as a bulk import queues them
    rebuild_index(if_missing=) -> int | None     rebuild every document from the database
    check_index() -> Drift                        compare the documents and the database
    index_status() -> IndexStatus                documents, queue length, last update

The types, limits and errors are in types.py, the interface in engine.py; neither imports an
engine. Two engines implement it, each a subpackage imported only when chosen: whoosh/
keeps an index folder on this machine, updated through the queue after commit; postgres/
keeps weighted tsvectors in the database, written in the article's own transaction. Both
find related articles from the article's key terms, never itself nor a copy of its text
(whoosh/related.py, postgres/related.py). search_articles
raises IndexUnavailable when the index cannot be read; nothing a person types raises
(whoosh/query.py and postgres/tsquery.py bound it). Only whoosh/ imports Whoosh.
"""

from importlib import import_module

from django.conf import settings

from .engine import SearchEngine
from .types import (
    MAX_PAGE,
    MAX_QUERY_CHARS,
    SORTS,
    SPEAKER,
    TAG_FIELDS,
    UNDATED,
    Drift,
    FacetValue,
    Filters,
    Hit,
    IndexBusy,
    IndexStatus,
    IndexUnavailable,
    Results,
    SearchParams,
    Snippet,
)

__all__ = [
    "MAX_PAGE",
    "MAX_QUERY_CHARS",
    "SORTS",
    "SPEAKER",
    "TAG_FIELDS",
    "UNDATED",
    "Drift",
    "FacetValue",
    "Filters",
    "Hit",
    "IndexBusy",
    "IndexStatus",
    "IndexUnavailable",
    "Results",
    "SearchParams",
    "Snippet",
    "apply_pending",
    "apply_until",
    "check_index",
    "engine_name",
    "frequent_terms",
    "generation",
    "highlight_paragraphs",
    "index_status",
    "rebuild_index",
    "related_articles",
    "search_articles",
    "warm_up",
    "write_documents",
    "writes_in_transaction",
]

ENGINES = ("whoosh", "postgres")


def engine_name() -> str:
    """Return the configured engine: "whoosh" or "postgres"."""
    return settings.SEARCH_ENGINE


def _engine() -> SearchEngine:
    # Read at each call, so a test (or a command run with another setting) can switch; the
    # engine's subpackage is imported on first use, so the other one is never loaded.
    name = settings.SEARCH_ENGINE
    if name not in ENGINES:
        raise ValueError(f"Unknown search engine {name!r}; choose one of {ENGINES}.")
    return import_module(f"{__name__}.{name}")


def search_articles(params: SearchParams | str, **options) -> Results:
    """Return one page of articles matching the search; a page past the end gives the last.

    Takes a SearchParams, or the query text and SearchParams fields as keywords.
    """
    if isinstance(params, str):
        params = SearchParams(params, **options)
    return _engine().search_articles(params)


def highlight_paragraphs(text: str, paragraphs: list[tuple[int, str]]) -> dict[int, str]:
    """Return {position: html} with the words of the query `text` marked in each paragraph."""
    return _engine().highlight_paragraphs(text, paragraphs)


def related_articles(article_id: int, text: str, *, limit: int = 5) -> list[int]:
    """Return ids of articles most like this one, never itself nor a copy of its text."""
    return _engine().related_articles(article_id, text, limit=limit)


def frequent_terms(prefix: str, *, limit: int = 8) -> list[str]:
    """Return up to `limit` of the archive's words starting with `prefix`, commonest first."""
    return _engine().frequent_terms(prefix, limit=limit)


def warm_up() -> None:
    """Read what searches keep per process, before a new server worker takes requests."""
    _engine().warm_up()


def generation() -> str | None:
    """Return a token that changes whenever the searchable documents change, or None."""
    return _engine().generation()


def writes_in_transaction() -> bool:
    """Return True if the engine writes documents in the article's own transaction."""
    return _engine().writes_in_transaction


def write_documents(article_ids) -> int:
    """Write these articles' documents now; return how many."""
    return _engine().write_documents(article_ids)


def apply_pending(*, lock_timeout: float = 60.0) -> int:
    """Apply the queued index updates; return how many articles were brought up to date."""
    return _engine().apply_pending(lock_timeout=lock_timeout)


def apply_until(should_stop, **options) -> int:
    """Apply queued updates as a bulk import queues them, until should_stop() and none left."""
    return _engine().apply_until(should_stop, **options)


def index_status() -> IndexStatus:
    """Return the engine's document count, the queue length and the last update."""
    return _engine().index_status()


def rebuild_index(*, if_missing: bool = False, lock_timeout: float = 600.0) -> int | None:
    """Rebuild every document from the database; return the count, or None (if_missing)."""
    return _engine().rebuild_index(if_missing=if_missing, lock_timeout=lock_timeout)


def check_index() -> Drift:
    """Compare the engine's documents with the database, article by article."""
    return _engine().check_index()

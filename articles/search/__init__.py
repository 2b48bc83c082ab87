"""Full-text search over the archive: one interface, two engines (settings.SEARCH_ENGINE).

Public API (plain data in, plain data out; no engine object leaves this package):

    search_articles(params: SearchParams) -> Results                        (searching.py)
    search_articles("text", filters=, sort=, page=, per_page=) -> Results   (the same)
        SearchParams(text, filters=Filters(), sort="relevance" | "newest" | "oldest",
                     page=1, per_page=20, with_facets=True, with_snippets=True,
                     with_days=False, with_partial=False)
        Filters(source="slug", section="key", year=2004, month=3,
                date_from=date, date_to=date, undated=False)   every part optional (facets.py)
        Results.total: the full matches (every word); .partial_total: the partial matches
            (some words) listed after them, or None if not looked for; .listed, .counted
        Results.page, .per_page, .pages, .reachable, .first, .last, .seconds, .notes
        Results.hits -> [Hit(article_id, snippets=[Snippet(position, html, anchor)], partial)]
        Results.facets -> {"source" | "section" | "year" | "month": [FacetValue(key, label,
            count)]}, counted over the full matches (and the partial ones with with_partial);
            months only when a year is chosen; .days likewise; the year facet ends with
            FacetValue(UNDATED, "Undated", n) when undated articles match
        Results.suggestion -> "respelled query" or None
    highlight_paragraphs(text, paragraphs) -> {position: html}
    related_articles(article_id, text, limit=5) -> [article_id]   (whoosh only: see below)
    record_changes(ids) -> bool          write documents in this transaction (postgres)
    apply_pending(lock_timeout=) -> int          apply the queued index updates
    rebuild_index(if_missing=) -> int | None     rebuild every document from the database
    check_index() -> Drift                        compare the documents and the database
    frequent_terms(prefix, limit=) -> [str]       complete a word from the index (suggest.py)
    follow(should_stop) -> int                   drain while a bulk import fills the queue
    index_status() -> IndexStatus                documents, queue length, last update
    generation() -> str | None     changes whenever the index files do; None: cannot tell

Two engines answer it. whoosh (whoosh_engine.py over searching.py, indexing.py, ...) keeps an
index folder on this machine, updated through the queue after commit. postgres (postgres/)
keeps weighted tsvectors in the database, written in the article's own transaction. The
PostgreSQL engine has no related articles (an empty list, and the article page then shows
none). search_articles raises IndexUnavailable when the index cannot be read; nothing a
person types raises (query.py and postgres/tsquery.py bound it). Only this package imports
Whoosh.
"""

from types import ModuleType

from django.conf import settings

from .facets import UNDATED, FacetValue, Filters
from .highlight import Snippet
from .indexing import Drift, IndexStatus
from .query import MAX_QUERY_CHARS
from .searching import MAX_PAGE, SORTS, Hit, Results, SearchParams
from .storage import IndexBusy, IndexUnavailable
from .suggest import frequent_terms

__all__ = [
    "MAX_PAGE",
    "MAX_QUERY_CHARS",
    "SORTS",
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
    "check_index",
    "engine_name",
    "follow",
    "frequent_terms",
    "generation",
    "highlight_paragraphs",
    "index_status",
    "pending_count",
    "rebuild_index",
    "record_changes",
    "related_articles",
    "search_articles",
]


def engine_name() -> str:
    """Return the configured engine: "whoosh" or "postgres"."""
    return settings.SEARCH_ENGINE


def _engine() -> ModuleType:
    # Read at each call, so a test (or a command run with another setting) can switch.
    if settings.SEARCH_ENGINE == "postgres":
        from . import postgres

        return postgres
    from . import whoosh_engine

    return whoosh_engine


def search_articles(params: SearchParams | str, **options) -> Results:
    """Return one page of articles matching the search (see searching.search_articles)."""
    return _engine().search_articles(params, **options)


def generation() -> str | None:
    """Return a token that changes whenever the searchable documents change, or None."""
    return _engine().generation()


def highlight_paragraphs(text: str, paragraphs: list[tuple[int, str]]) -> dict[int, str]:
    """Return {position: html} with the words of the query `text` marked in each paragraph."""
    return _engine().highlight_paragraphs(text, paragraphs)


def related_articles(article_id: int, text: str, *, limit: int = 5) -> list[int]:
    """Return ids of articles most like this one; [] where the engine has no such feature."""
    return _engine().related_articles(article_id, text, limit=limit)


def record_changes(article_ids) -> bool:
    """Write these articles' documents in this transaction; False: the engine needs the queue."""
    writer = _engine().record_changes
    if writer is None:
        return False
    writer(article_ids)
    return True


def apply_pending(*, lock_timeout: float = 60.0) -> int:
    """Apply the queued index updates; return how many articles were brought up to date."""
    return _engine().apply_pending(lock_timeout=lock_timeout)


def follow(should_stop, **options) -> int:
    """Apply queued updates while a bulk import fills the queue, until should_stop()."""
    return _engine().follow(should_stop, **options)


def pending_count() -> int:
    """Return how many index updates are queued."""
    return _engine().pending_count()


def index_status() -> IndexStatus:
    """Return the engine's document count, the queue length and the last update."""
    return _engine().index_status()


def rebuild_index(*, if_missing: bool = False, lock_timeout: float = 600.0) -> int | None:
    """Rebuild every document from the database; return the count, or None (if_missing)."""
    return _engine().rebuild_index(if_missing=if_missing, lock_timeout=lock_timeout)


def check_index() -> Drift:
    """Compare the engine's documents with the database, article by article."""
    return _engine().check_index()

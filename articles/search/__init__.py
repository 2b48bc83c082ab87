"""Full-text search over the archive: the only code that imports Whoosh.

Public API (plain data in, plain data out; no Whoosh object leaves this package):

    search_articles(params: SearchParams) -> Results                        (searching.py)
    search_articles("text", filters=, sort=, page=, per_page=) -> Results   (the same)
        SearchParams(text, filters=Filters(), sort="relevance" | "newest" | "oldest",
                     page=1, per_page=20, with_facets=True, with_snippets=True)
        Filters(source="slug", section="key", year=2004, month=3,
                date_from=date, date_to=date)              every part optional (facets.py)
        Results.total, .page, .per_page, .first, .last, .seconds, .notes
        Results.hits -> [Hit(article_id, snippets=[Snippet(position, html, anchor)])]
        Results.facets -> {"source" | "section" | "year" | "month": [FacetValue(key, label,
            count)]}, counted over every match; months only when a year is chosen
        Results.suggestion -> "respelled query" or None; .all_words_total
    highlight_paragraphs(text, paragraphs) -> {position: html}              (searching.py)
    related_articles(article_id, text, limit=5) -> [article_id]             (related.py)
    apply_pending(lock_timeout=) -> int          drain the index queue     (indexing.py)
    rebuild_index(if_missing=) -> int | None     build beside, then swap   (indexing.py)
    check_index() -> Drift                        compare index and database (indexing.py)
    follow(should_stop) -> int                   drain while a bulk import fills the queue
    index_status() -> IndexStatus                documents, queue length, last update

search_articles raises IndexUnavailable when the index is missing or unreadable; nothing a
person types raises (see query.py for the bounds).
"""

from .facets import FacetValue, Filters
from .highlight import Snippet
from .indexing import (
    Drift,
    IndexStatus,
    apply_pending,
    check_index,
    follow,
    index_status,
    pending_count,
    rebuild_index,
)
from .query import MAX_QUERY_CHARS
from .related import related_articles
from .searching import (
    MAX_PAGE,
    SORTS,
    Hit,
    Results,
    SearchParams,
    highlight_paragraphs,
    search_articles,
)
from .storage import IndexBusy, IndexUnavailable

__all__ = [
    "MAX_PAGE",
    "MAX_QUERY_CHARS",
    "SORTS",
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
    "follow",
    "highlight_paragraphs",
    "index_status",
    "pending_count",
    "rebuild_index",
    "related_articles",
    "search_articles",
]

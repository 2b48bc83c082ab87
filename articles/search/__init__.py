"""Full-text search over the archive: the only code that imports Whoosh.

Public API (plain data in, plain data out; no Whoosh object leaves this package):
    search_articles(text, page=, per_page=, sort=) -> Results      (searching.py)
    highlight_paragraphs(text, paragraphs) -> {position: html}     (searching.py)
    apply_pending(lock_timeout=) -> int          drain the index queue    (indexing.py)
    rebuild_index(if_missing=) -> int | None     build beside, then swap  (indexing.py)
    check_index() -> Drift                        compare index and database (indexing.py)
    frequent_terms(prefix, limit=) -> [str]       complete a word from the index (suggest.py)
"""

from .highlight import Snippet
from .indexing import Drift, apply_pending, check_index, pending_count, rebuild_index
from .query import MAX_QUERY_CHARS
from .searching import SORTS, Hit, Results, highlight_paragraphs, search_articles
from .storage import IndexBusy, IndexUnavailable
from .suggest import frequent_terms

__all__ = [
    "MAX_QUERY_CHARS",
    "SORTS",
    "Drift",
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "Results",
    "Snippet",
    "apply_pending",
    "check_index",
    "frequent_terms",
    "highlight_paragraphs",
    "pending_count",
    "rebuild_index",
    "search_articles",
]

"""Full-text search over the archive: the only code that imports Whoosh.

Public API (plain data in, plain data out; no Whoosh object leaves this package):
    search_articles(text, page=, per_page=, sort=) -> Results      (searching.py)
    highlight_paragraphs(text, paragraphs) -> {position: html}     (searching.py)
    apply_pending(lock_timeout=) -> int          drain the index queue    (indexing.py)
    rebuild_index(if_missing=) -> int | None     build beside, then swap  (indexing.py)
    check_index() -> Drift                        compare index and database (indexing.py)
    follow(should_stop) -> int                   drain while a bulk import fills the queue
    index_status() -> IndexStatus                documents, queue length, last update
"""

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
from .searching import SORTS, Hit, Results, highlight_paragraphs, search_articles
from .storage import IndexBusy, IndexUnavailable

__all__ = [
    "MAX_QUERY_CHARS",
    "SORTS",
    "Drift",
    "Hit",
    "IndexBusy",
    "IndexStatus",
    "IndexUnavailable",
    "Results",
    "Snippet",
    "apply_pending",
    "check_index",
    "follow",
    "highlight_paragraphs",
    "index_status",
    "pending_count",
    "rebuild_index",
    "search_articles",
]

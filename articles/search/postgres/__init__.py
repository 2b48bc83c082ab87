"""The PostgreSQL search engine (NEWSARCHIVE_SEARCH_ENGINE=postgres): the same API as Whoosh's.

Documents are weighted tsvectors in `articles_searchdocument` (GIN index), written in the same
transaction as the article, so `enqueue()` writes them at once and nothing is queued.
"""

from .documents import apply_pending, check_index, pending_count, rebuild_index
from .documents import update_documents as record_changes
from .searching import highlight_paragraphs, search_articles

__all__ = [
    "apply_pending",
    "check_index",
    "highlight_paragraphs",
    "pending_count",
    "rebuild_index",
    "record_changes",
    "search_articles",
]

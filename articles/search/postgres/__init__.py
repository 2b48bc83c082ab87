"""The PostgreSQL search engine (NEWSARCHIVE_SEARCH_ENGINE=postgres): the same API as Whoosh's.

Documents are weighted tsvectors in `articles_searchdocument` (GIN index), written in the same
transaction as the article, so `enqueue()` writes them at once and nothing is queued.
"""

from .documents import (
    apply_pending,
    check_index,
    follow,
    index_status,
    pending_count,
    rebuild_index,
)
from .documents import update_documents as record_changes
from .searching import highlight_paragraphs, search_articles


def generation() -> None:
    """Return None: documents change inside the articles' own transactions, with no counter."""
    return None


def related_articles(article_id: int, text: str, *, limit: int = 5) -> list[int]:
    """Return no related articles: this engine has no "more like this" (the page hides it)."""
    return []


__all__ = [
    "apply_pending",
    "check_index",
    "follow",
    "generation",
    "highlight_paragraphs",
    "index_status",
    "pending_count",
    "rebuild_index",
    "record_changes",
    "related_articles",
    "search_articles",
]

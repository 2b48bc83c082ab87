"""Full-text search over the archive: one interface, two engines (settings.SEARCH_ENGINE).

Public API (plain data in, plain data out; no engine object leaves this package):
    search_articles(text, page=, per_page=, sort=) -> Results
    highlight_paragraphs(text, paragraphs) -> {position: html}
    record_changes(ids)                 write documents in this transaction (postgres only)
    apply_pending(lock_timeout=) -> int          apply queued index updates
    rebuild_index(if_missing=) -> int | None     rebuild every document from the database
    check_index() -> Drift                        compare the documents and the database

whoosh (whoosh_engine.py: searching.py, indexing.py, ...) keeps an index folder on this
machine, updated through the queue; postgres (postgres/) keeps tsvectors in the database,
updated in the article's own transaction. Only this package imports Whoosh.
"""

from types import ModuleType

from django.conf import settings

from .highlight import Snippet
from .indexing import Drift
from .query import MAX_QUERY_CHARS
from .searching import SORTS, Hit, Results
from .storage import IndexBusy, IndexUnavailable

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
    "engine_name",
    "highlight_paragraphs",
    "pending_count",
    "rebuild_index",
    "record_changes",
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


def search_articles(text: str, **options) -> Results:
    """Return one page of articles matching `text` (see searching.search_articles)."""
    return _engine().search_articles(text, **options)


def highlight_paragraphs(text: str, paragraphs: list[tuple[int, str]]) -> dict[int, str]:
    """Return {position: html} with the words of the query `text` marked in each paragraph."""
    return _engine().highlight_paragraphs(text, paragraphs)


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


def pending_count() -> int:
    """Return how many index updates are queued."""
    return _engine().pending_count()


def rebuild_index(*, if_missing: bool = False, lock_timeout: float = 600.0) -> int | None:
    """Rebuild every document from the database; return the count, or None (if_missing)."""
    return _engine().rebuild_index(if_missing=if_missing, lock_timeout=lock_timeout)


def check_index() -> Drift:
    """Compare the engine's documents with the database, article by article."""
    return _engine().check_index()

"""The interface both engines implement: whoosh/ and postgres/ each provide these names.

The package's functions (__init__.py) dispatch to the module of the engine that
settings.SEARCH_ENGINE names; tests/search/test_engine.py checks that each engine module
has every member here, with the same signature. Imports no engine.
"""

from collections.abc import Callable, Iterable
from typing import Protocol

from .types import Drift, IndexStatus, Results, SearchParams


class SearchEngine(Protocol):
    """One search engine, as a module: plain data in, plain data out."""

    # True: write_documents runs in the article's own transaction and nothing is queued.
    # False: the queue carries changes to the engine after commit (apply_pending).
    writes_in_transaction: bool

    def search_articles(self, params: SearchParams) -> Results:
        """Return one page of articles matching the search; a page past the end gives the last."""

    def highlight_paragraphs(self, text: str, paragraphs: list[tuple[int, str]]) -> dict[int, str]:
        """Return {position: html} with the words of the query `text` marked in each paragraph."""

    def related_articles(self, article_id: int, text: str, *, limit: int = 5) -> list[int]:
        """Return ids of articles most like this one, never itself nor a copy of its text."""

    def frequent_terms(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Return up to `limit` of the archive's words starting with `prefix`, commonest first."""

    def warm_up(self) -> None:
        """Read what searches keep per process, before a new server worker takes requests."""

    def generation(self) -> str | None:
        """Return a token that changes whenever the searchable documents change, or None."""

    def write_documents(self, article_ids: Iterable[int]) -> int:
        """Write these articles' documents now; return how many."""

    def apply_pending(self, *, lock_timeout: float = 60.0) -> int:
        """Apply the queued index updates; return how many articles were brought up to date."""

    def apply_until(
        self,
        should_stop: Callable[[], bool],
        *,
        on_applied: Callable[[int], None] = ...,
        lock_timeout: float = 60.0,
    ) -> int:
        """Apply queued updates as a bulk import queues them, until should_stop() and none left."""

    def index_status(self) -> IndexStatus:
        """Return the document count, the queue length and the last update."""

    def rebuild_index(self, *, if_missing: bool = False, lock_timeout: float = 600.0) -> int | None:
        """Rebuild every document from the database; return the count, or None (if_missing)."""

    def check_index(self) -> Drift:
        """Compare the engine's documents with the database, article by article."""

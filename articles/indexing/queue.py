"""Record which articles the search engine must catch up with, in the change's transaction.

Every write path calls `enqueue()` inside its transaction (DESIGN.md, "Data"): the queue
row commits or rolls back with the change itself, so no committed edit can miss the index,
whatever process dies when. The drain (drain.py) runs after commit; if it cannot get the
index lock, the rows stay for the next drain or for `update_index`.

The models call it from their own writes (save, delete, and their QuerySets' update and
delete), so the admin, the shell and any code using the ORM are followed by the index. A
bulk writer that records its work itself (the importer) writes inside `recorded_by_caller()`.
"""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, transaction

from .. import search
from .drain import drain_quietly

_caller_records = threading.local()


class OutsideTransaction(RuntimeError):
    """enqueue() was called outside a transaction, so its rows cannot commit with the change."""


def enqueue(article_ids: Iterable[int], *, drain: bool = True) -> None:
    """Queue these articles for re-indexing; drain the queue once the transaction commits.

    Must run inside the transaction that changes the articles: outside one, the drain
    would run at once, before the change (the bug of the admin's "delete selected").
    An engine that writes in the article's transaction (PostgreSQL) writes the documents
    right here instead, and nothing is queued.
    """
    from ..models import IndexQueueEntry  # the models call enqueue(); import here, no cycle

    if not connection.in_atomic_block:
        raise OutsideTransaction("Call enqueue() inside the transaction that changes the articles.")
    article_ids = set(article_ids)
    if not article_ids:
        return
    if search.writes_in_transaction():
        search.write_documents(article_ids)
        return
    pending = _pending_in_this_transaction()
    pending.drain |= drain
    rows = IndexQueueEntry.objects.bulk_create(
        IndexQueueEntry(article_id=article_id)
        for article_id in article_ids - pending.still_queued(article_ids)
    )
    pending.rows.update((row.article_id, row.pk) for row in rows)


class _PendingDrain:
    """The queue rows one transaction wrote, and its drain, run once after it commits.

    An admin save writes the article, its paragraphs and their order: one row and one
    drain for all of them, not one each (a drain waits up to SEARCH_LOCK_TIMEOUT for a
    busy index, and the import's index follower commits before an article it holds again).
    """

    def __init__(self, savepoints: tuple[str, ...]):
        self.savepoints = savepoints
        self.rows: dict[int, int] = {}  # article id -> pk of its row
        self.drain = False

    def __call__(self) -> None:
        if self.drain:
            drain_quietly()

    def still_queued(self, article_ids: set[int]) -> set[int]:
        """Return those of these articles whose row from this transaction is still there."""
        from ..models import IndexQueueEntry

        pks = [self.rows[article_id] for article_id in article_ids if article_id in self.rows]
        if not pks:
            return set()
        # A drain inside the transaction (tests do it) may have applied and deleted them.
        return set(IndexQueueEntry.objects.filter(pk__in=pks).values_list("article_id", flat=True))


def _pending_in_this_transaction() -> _PendingDrain:
    """Return the drain registered at this savepoint, registering one on first use.

    Rows written under the same savepoints share their fate: they commit, or roll back,
    together (a savepoint rolled back takes its on_commit callbacks with it, so a drain
    found here is one that runs if and when these rows commit).
    """
    savepoints = tuple(sid for sid in connection.savepoint_ids if sid is not None)
    for _, callback, *_ in connection.run_on_commit:
        if isinstance(callback, _PendingDrain) and callback.savepoints == savepoints:
            return callback
    pending = _PendingDrain(savepoints)
    transaction.on_commit(pending)
    return pending


def enqueue_from_models(article_ids: Iterable[int]) -> None:
    """Queue articles a model write changed, unless the caller records its work itself."""
    if not caller_records():
        enqueue(article_ids)


def caller_records() -> bool:
    """Return True inside recorded_by_caller(): the caller also writes what derives from
    its rows (the importer stores the quotes of the paragraphs it inserts)."""
    return bool(getattr(_caller_records, "depth", 0))


@contextmanager
def recorded_by_caller():
    """Within this block the models queue nothing: the caller enqueues what it changed.

    For bulk writers only (the importer): one queue row per article and batch keeps the
    index follower's commits large, where each model write would queue the article again.
    """
    depth = getattr(_caller_records, "depth", 0)
    _caller_records.depth = depth + 1
    try:
        yield
    finally:
        _caller_records.depth = depth


def pending_count() -> int:
    """Return how many index updates are queued."""
    from ..models import IndexQueueEntry

    return IndexQueueEntry.objects.count()

"""Index while a bulk import fills the queue: one writer kept open across many batches.

An import commits a batch of articles every fraction of a second. Committing the index as
often would write a small segment each time and spend the import merging them; instead
one writer takes each queued article as it appears and commits every COMMIT_EVERY
articles, and once the import has ended. Queue rows are deleted only after the commit
that holds their documents, so whatever dies when, the rows stay for `update_index`.

With settings.SEARCH_INDEX_PROCS > 1 the writer is Whoosh's multi-process writer: this
process reads the database while that many others analyse the text, each writing its own
segment, so the import's second core indexes too (bench/import_bench.py measures both).
"""

import time
from collections.abc import Callable

from django.conf import settings

from ...models import IndexQueueEntry
from . import storage
from .indexing import QUERY_CHUNK, WRITER_MEMORY_MB, add_documents

# Articles per index commit: few commits (each merges and syncs), yet bounded work to
# redo from the queue if the process dies before one.
COMMIT_EVERY = 50_000
# How often to look for new queue rows when the writer has caught up with the import.
POLL_SECONDS = 0.05
# Queue rows deleted per query (SQLite bounds the parameters of one query).
DELETE_CHUNK = 5_000


def apply_until(
    should_stop: Callable[[], bool],
    *,
    on_applied: Callable[[int], None] = lambda n: None,
    lock_timeout: float = 60.0,
) -> int:
    """Index the queue as a bulk import fills it, until should_stop() and it is empty.

    Holds the write lock throughout, so the index has one writer: this one. Returns how
    many articles were applied.
    """
    applied = 0
    with storage.write_lock(lock_timeout):
        index = storage.open_live()
        while done := _commit_once(index, should_stop, settings.SEARCH_INDEX_PROCS):
            applied += done
            on_applied(done)
    return applied


def _commit_once(index, should_stop: Callable[[], bool], procs: int) -> int:
    """Index queued articles in one writer until it is full or the import ended; commit.

    Returns how many articles the commit applied: 0 only when the import has ended and
    nothing is queued.
    """
    rows = _next_rows(should_stop, after=0, limit=min(QUERY_CHUNK, COMMIT_EVERY))
    if not rows:
        return 0
    taken, added = [], set()
    with _writer(index, procs) as writer, writer.searcher() as searcher:
        while rows:
            fresh = _until_repeated(rows, added)
            article_ids = [article_id for _, article_id in fresh]
            for article_id in article_ids:
                writer.delete_by_term("id", str(article_id), searcher=searcher)
            add_documents(writer, article_ids)
            taken += [pk for pk, _ in fresh]
            added.update(article_ids)
            if len(fresh) < len(rows) or len(added) >= COMMIT_EVERY:
                break
            room = min(QUERY_CHUNK, COMMIT_EVERY - len(added))
            rows = _next_rows(should_stop, after=taken[-1], limit=room)
    _check_helpers(writer)
    _delete_rows(taken)
    return len(added)


class IndexingIncomplete(Exception):
    """A helper process of the multi-process writer died; its documents were not committed."""


def _check_helpers(writer) -> None:
    """Raise if a helper process of Whoosh's multi-process writer failed.

    Whoosh commits the segments of the helpers that finished and silently leaves out one
    that died (killed for memory, say). Raising here keeps the queue rows, so the next
    drain or `update_index` indexes those articles again.
    """
    failed = [task.exitcode for task in getattr(writer, "tasks", ()) if task.exitcode != 0]
    if failed:
        raise IndexingIncomplete(f"An indexing process exited with {failed}; updates stay queued.")


def _writer(index, procs: int):
    options = {"procs": procs, "multisegment": True} if procs > 1 else {}
    return index.writer(timeout=5, limitmb=WRITER_MEMORY_MB, **options)


def _next_rows(should_stop: Callable[[], bool], after: int, limit: int) -> list[tuple[int, int]]:
    """Wait for up to `limit` queue rows after pk `after`; [] if the import ended and none came."""
    while True:
        stopping = should_stop()  # read before the queue: rows committed earlier are seen
        rows = list(
            IndexQueueEntry.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "article_id")[:limit]
        )
        if rows or stopping:
            return rows
        time.sleep(POLL_SECONDS)


def _until_repeated(rows: list[tuple[int, int]], added: set[int]) -> list[tuple[int, int]]:
    """Return the rows before the first article already in this writer (or in `rows`).

    An article queued again (updated twice during an import) must wait for the next
    commit: this writer cannot delete a document it has not yet committed.
    """
    seen = set(added)
    for position, (_, article_id) in enumerate(rows):
        if article_id in seen:
            return rows[:position]
        seen.add(article_id)
    return rows


def _delete_rows(pks: list[int]) -> None:
    for start in range(0, len(pks), DELETE_CHUNK):
        IndexQueueEntry.objects.filter(pk__in=pks[start : start + DELETE_CHUNK]).delete()

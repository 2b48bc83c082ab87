"""Find the names of an import's batch in a worker process while the batch is written.

The finder is pure Python over text (finder.py: no database, no Django), and it was the
importer's largest cost after the database (issue 19: +26% wall time with names on). The
importer hands a batch's new texts to one worker process before it opens the batch's
transaction, writes the articles, paragraphs, quotes and tags meanwhile, and collects the
names just before store.py stores them, inside that transaction as before.

What is stored does not change: store.find_and_store still decides, inside the
transaction, which articles are read again (their digest), and reads here, serially, any
that the worker did not (a batch too small to be worth a worker, a failed worker).
"""

import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from django.conf import settings
from django.db import connection, connections

from .finder import FoundName, find_names

# A batch this small is read here: a worker's start, and its gazetteer tables (about a
# second), would cost more than it saves. Tests importing a few articles stay in-process.
MIN_ARTICLES = 100

Texts = Sequence[tuple[str, Sequence[str]]]


def worker_pays() -> bool:
    """True if a core is left for the worker: the importer and the index follower's
    helpers (SEARCH_INDEX_PROCS) keep that many busy. On 2 cores the worker only added its
    own costs (docs/benchmarks.md, 30 November 2026, import cost): read in-process there."""
    return (os.cpu_count() or 1) > settings.SEARCH_INDEX_PROCS + 1


class NamesBeside:
    """One import run's worker process, started at the first batch big enough to use it.

    Use as a context manager, so that the worker ends with the run.
    """

    def __init__(self):
        self._pool: ProcessPoolExecutor | None = None
        self._broken = not worker_pays()

    def __enter__(self) -> "NamesBeside":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, keys: list, texts: Texts) -> "Pending | None":
        """Start finding the names of `texts` (title, paragraphs) in the worker; None if
        they are too few, no core is left for a worker, or it failed before (they are
        then found in-process)."""
        if len(texts) < MIN_ARTICLES or self._broken:
            return None
        if self._pool is None:
            if not connection.in_atomic_block:
                # The worker is a fork: it must never hold our database connections
                # (it uses none; closed here, they reopen on our next query).
                connections.close_all()
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
        try:
            return Pending(self, keys, self._pool.submit(find_all, list(texts)))
        except Exception:  # no worker could start (memory): find them in-process
            self._broken = True
            return None


class Pending:
    """Names being found in the worker for `keys` (one per text, in order)."""

    def __init__(self, beside: NamesBeside, keys: list, future: Future):
        self._beside, self._keys, self._future = beside, keys, future

    def result(self, key_of=lambda key: key) -> dict:
        """Return {key_of(key): [FoundName]}; {} if the worker failed (the caller then
        finds them itself)."""
        try:
            found = self._future.result()
        except Exception:  # a worker killed (memory) or broken: find them in-process
            self._beside._broken = True
            return {}
        return {key_of(key): names for key, names in zip(self._keys, found, strict=True)}


def _watch_parent(parent: int) -> None:
    """Run in the worker: end it if the importer dies without ending it (killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def find_all(texts: Texts) -> list[list[FoundName]]:
    """Run in the worker: the names of each (title, paragraphs)."""
    return [find_names(title, paragraphs) for title, paragraphs in texts]

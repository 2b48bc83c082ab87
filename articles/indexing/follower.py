"""Index while importing: a second process drains the index queue as batches commit.

The importing process parses and writes the database on one core while this one indexes
on the other (DESIGN.md: the database is the truth, the queue says what to index). It is
a fork, started after the parent closed its database connections, so each process has its
own. If the importer dies, the follower notices its parent is gone, drains what was
committed and exits; if the follower dies, its rows stay queued for `update_index`.
"""

import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, connections

from .. import search

log = logging.getLogger(__name__)
EXIT_BUSY, EXIT_UNAVAILABLE, EXIT_ERROR = 3, 4, 5


def can_follow() -> bool:
    """Return True if a forked process can see what this one commits (a file database)."""
    if connection.in_atomic_block:
        return False  # inside a transaction (as in tests): nothing is visible until commit
    if connection.vendor == "sqlite":
        return not connection.is_in_memory_db()
    return True


@dataclass
class Following:
    """What the follower did beside an import: set when the import's block has ended."""

    ran: bool
    applied: int = 0
    exit_code: int | None = None

    @property
    def stopped_early(self) -> bool:
        """Return True if the follower ran and did not end cleanly (its rows stay queued)."""
        return self.ran and self.exit_code != 0


@contextmanager
def beside_import(enabled: bool = True) -> Iterator[Following]:
    """Index in a second process while the block imports, if enabled and can_follow().

    If the block raises, the follower is killed and its work stays queued; otherwise it
    is told to stop, drains what was committed and exits.
    """
    follower = IndexFollower().start() if enabled and can_follow() else None
    following = Following(ran=follower is not None)
    try:
        yield following
    except BaseException:
        if follower:
            follower.kill()
        raise
    if follower:
        following.applied, following.exit_code = follower.finish()


class IndexFollower:
    """A child process running search.apply_until() until told to stop."""

    def __init__(self):
        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._applied = context.Value("q", 0)
        self._process = context.Process(
            target=_follow, args=(self._stop, self._applied, os.getpid()), name="index-follower"
        )

    def start(self) -> "IndexFollower":
        connections.close_all()  # the child must open its own connections, never share ours
        self._process.start()
        return self

    def finish(self) -> tuple[int, int]:
        """Wait for the queue to be drained; return (articles applied, exit code)."""
        self._stop.set()
        self._process.join()
        return self._applied.value, self._process.exitcode

    def kill(self) -> None:
        """Stop at once (the parent is failing); queued rows stay for update_index."""
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _follow(stop, applied, parent_pid: int) -> None:
    def should_stop() -> bool:
        return stop.is_set() or os.getppid() != parent_pid

    def count(n: int) -> None:
        with applied.get_lock():
            applied.value += n

    try:
        search.apply_until(should_stop, on_applied=count)
    except search.IndexBusy:
        sys.exit(EXIT_BUSY)
    except search.IndexUnavailable:
        sys.exit(EXIT_UNAVAILABLE)
    except Exception:
        log.exception("Index follower failed; updates stay queued.")
        sys.exit(EXIT_ERROR)
    finally:
        connections.close_all()

"""Compare the engine's documents with the database, and queue whatever differs."""

from django.db import transaction

from .. import search
from . import queue


def queue_drifted_articles() -> int:
    """Queue every article the index lacks, has stale, or has without a row; return how many."""
    drift = search.check_index()
    drifted = [*drift.missing, *drift.stale, *drift.orphaned]
    with transaction.atomic():
        queue.enqueue(drifted, drain=False)
    return len(drifted)

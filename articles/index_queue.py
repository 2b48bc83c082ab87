"""Record which articles the search index must catch up with, and drain after commit.

Every write path calls `enqueue()` inside its transaction (DESIGN.md, "Data"): the queue
row commits or rolls back with the change itself, so no committed edit can miss the index,
whatever process dies when. The drain runs after commit; if it cannot get the index lock,
the rows stay for the next drain or for `update_index`.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .models import IndexQueueEntry

log = logging.getLogger(__name__)


def enqueue(article_ids: Iterable[int], *, drain: bool = True) -> None:
    """Queue these articles for re-indexing; drain the queue once the transaction commits.

    The PostgreSQL engine writes the documents right here instead, in this transaction.
    """
    from . import search  # search imports the models; import here to keep start-up light

    article_ids = set(article_ids)
    if search.record_changes(article_ids):
        return
    IndexQueueEntry.objects.bulk_create(
        IndexQueueEntry(article_id=article_id) for article_id in article_ids
    )
    if drain:
        transaction.on_commit(drain_quietly)


def drain_quietly() -> None:
    """Drain the queue, logging instead of raising: an index error never fails a save."""
    from . import search  # search imports the models; import here to keep start-up light

    try:
        search.apply_pending(lock_timeout=settings.SEARCH_LOCK_TIMEOUT)
    except search.IndexBusy:
        log.info("Search index busy; updates stay queued for the next drain.")
    except Exception:
        log.exception("Search index update failed; updates stay queued for update_index.")

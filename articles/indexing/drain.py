"""Apply the queued index updates after a commit, without ever failing the change itself."""

import logging

from django.conf import settings

from .. import search

log = logging.getLogger(__name__)


def drain_quietly() -> None:
    """Drain the queue, logging instead of raising: an index error never fails a save."""
    try:
        search.apply_pending(lock_timeout=settings.SEARCH_LOCK_TIMEOUT)
    except search.IndexBusy:
        log.info("Search index busy; updates stay queued for the next drain.")
    except Exception:
        log.exception("Search index update failed; updates stay queued for update_index.")

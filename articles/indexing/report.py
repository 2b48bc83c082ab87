"""Drain the queue and say what happened, for the commands that write articles."""

from .. import search
from . import queue


def drain_and_report(command, lock_timeout: float = 60.0, *, applied_before: int = 0) -> bool:
    """Apply queued index updates and say what happened; return True if the queue is empty.

    `applied_before` counts articles already indexed by this command (an import's index
    follower): one line then says how many the whole run brought up to date.
    """
    try:
        applied = applied_before + search.apply_pending(lock_timeout=lock_timeout)
    except search.IndexBusy:
        command.stdout.write(
            command.style.WARNING(
                f"Search index busy: {queue.pending_count()} update(s) stay queued; "
                "they apply with the next drain or `manage.py update_index`."
            )
        )
        return False
    except search.IndexUnavailable as error:
        command.stdout.write(
            command.style.WARNING(
                f"{error} {queue.pending_count()} update(s) stay queued until then."
            )
        )
        return False
    if search.writes_in_transaction() and not applied:
        command.stdout.write("Search: each article's search document was written with it.")
        return True
    command.stdout.write(f"Search index: {applied} article(s) brought up to date.")
    return True

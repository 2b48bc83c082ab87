"""Recognise a disk that cannot be written (full, read-only, over quota) and say so in the log.

The archive keeps reading when var/ cannot be written (docs/operating.md, Deployment): the database
opens read-only (sqlite/base.py), the counters' cache stops counting (cache.py), and what
must write answers 503 (errors.py). Each says why in one log line, at most once a minute
per process, so that a full disk does not also fill the log.
"""

import errno
import logging
import time

log = logging.getLogger("newsarchive.storage")

UNWRITABLE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EIO}
# What SQLite says when it cannot write or create its files (sqlite3.OperationalError).
SQLITE_MESSAGES = (
    "attempt to write a readonly database",
    "database or disk is full",
    "disk i/o error",
    "unable to open database file",
)
# PostgreSQL's SQLSTATEs for a full disk (53100) and a read-only transaction (25006).
POSTGRES_STATES = {"53100", "25006"}
LOG_EVERY_SECONDS = 60

_last_logged: dict[str, float] = {}


def cause(error: BaseException | None) -> str | None:
    """Return why `error` is a disk that cannot be written, or None if it is something else."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in UNWRITABLE_ERRNOS:
            return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
        if any(message in str(error).lower() for message in SQLITE_MESSAGES):
            return f"SQLite: {error}"
        if getattr(error, "sqlstate", None) in POSTGRES_STATES:
            return f"PostgreSQL: {error}"
        error = error.__cause__ or error.__context__
    return None


def warn(what: str, reason: str) -> None:
    """Log `what` happened because of `reason`, at most once a minute for each `what`."""
    now = time.monotonic()
    if now - _last_logged.get(what, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
        return
    _last_logged[what] = now
    log.error(
        "%s (%s). Pages are still served; saving answers 503 until it is fixed.", what, reason
    )

"""Copy the live index out for a backup, and back in for a restore.

A backup holds the index write lock when it can, so no drain changes the index, or removes
queue rows, while the database is copied too: the copied queue then lists every change the
index copy lacks. A bulk import holds that lock for its whole run; then the index is copied
without it, checked, and the copy may lag the database: the restore reconciles the two
(articles missing, stale or orphaned are re-indexed), so it ends in sync either way.
"""

import shutil
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from . import storage

COPY_ATTEMPTS = 5


@contextmanager
def frozen(lock_timeout: float = 60.0):
    """Hold the index write lock: the index and the queue stay as they are meanwhile."""
    with storage.write_lock(lock_timeout):
        yield


@contextmanager
def frozen_if_free(lock_timeout: float):
    """Hold the index write lock if it comes within `lock_timeout`; yield whether it did."""
    with ExitStack() as stack:
        try:
            stack.enter_context(storage.write_lock(lock_timeout))
        except storage.IndexBusy:
            yield False
        else:
            yield True


def copy_live_index(destination: Path) -> bool:
    """Copy the live index folder to `destination`; return False if there is no readable one.

    Call inside frozen(). Whoosh writes new files and renames its table of contents last,
    so a copy taken while no writer runs is a complete index.
    """
    if not _readable(storage.live_dir()):
        return False
    shutil.copytree(storage.live_dir(), destination)
    return True


def copy_while_written(destination: Path) -> bool:
    """Copy the live index while a writer may commit; return True once a copy reads whole.

    A commit writes new segment files, then the table of contents, then may delete merged
    segments: a copy taken meanwhile can miss a file, and then it fails to read. Try again.
    """
    for _ in range(COPY_ATTEMPTS):
        shutil.rmtree(destination, ignore_errors=True)
        folder = storage.live_dir()
        if folder is None or not _readable(folder):
            return False
        try:
            shutil.copytree(folder, destination, ignore=shutil.ignore_patterns("*WRITELOCK"))
        except (OSError, shutil.Error):
            continue  # A file went away under the copy.
        if _readable(destination):
            return True
    shutil.rmtree(destination, ignore_errors=True)
    return False


def _readable(folder: Path | None) -> bool:
    """Return True if the index in `folder` opens and every stored document reads."""
    if folder is None:
        return False
    try:
        index = FileStorage(str(folder), supports_mmap=False).open_index()
        with index.searcher() as searcher:
            return sum(1 for _ in searcher.all_stored_fields()) == searcher.doc_count()
    except Exception:  # Missing or damaged (many types, DESIGN.md).
        return False


def install_index(source: Path) -> Path:
    """Copy an index folder beside the live one and swap it in; call inside frozen()."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = storage.root() / f"{storage.BUILD_PREFIX}{stamp}-restored"
    shutil.copytree(source, folder)
    storage.swap_in(folder)
    return folder

"""Where the index lives on disk: the live index, the write lock, and atomic swaps.

Layout of settings.SEARCH_INDEX_DIR:

    current -> index-20261126T181400-1234   symlink to the live index
    index-20261126T181400-1234/             one complete Whoosh index
    write.lock                              held by whoever writes (drain or rebuild)

A rebuild writes a new `index-*` folder beside the live one and replaces the symlink in
one atomic rename, so readers see either the old index or the new one, never half of one.
"""

import fcntl
import os
import pickle
import shutil
import struct
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from whoosh import index
from whoosh.filedb.filestore import FileStorage

from ..types import IndexBusy, IndexUnavailable
from .analysis import build_schema

CURRENT_LINK = "current"
LOCK_FILE = "write.lock"
BUILD_PREFIX = "index-"


# What Whoosh 2.7.4 raises reading a truncated or otherwise damaged segment (DESIGN.md).
DAMAGED_INDEX_ERRORS = (EOFError, pickle.UnpicklingError, struct.error, TypeError, ValueError)


def root() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def live_dir() -> Path | None:
    """Return the folder of the live index, or None if there is none."""
    link = root() / CURRENT_LINK
    try:
        return root() / os.readlink(link)
    except OSError:
        return None


def open_live() -> index.Index:
    """Open the live index; never create one (a missing index is an operator's matter)."""
    folder = live_dir()
    if folder is None or not folder.is_dir():
        raise IndexUnavailable(f"No search index in {root()}; run `manage.py rebuild_index`.")
    try:
        # No mmap: a segment file truncated under a live reader would kill the whole worker
        # with SIGBUS; read() raises an exception the search boundary turns into a 503.
        return FileStorage(str(folder), supports_mmap=False).open_index()
    except Exception as error:  # Whoosh raises many types on damaged files (DESIGN.md).
        raise IndexUnavailable(
            f"The search index in {folder} cannot be opened: {error!r}"
        ) from error


@contextmanager
def damage_reported():
    """Turn a damaged file met while reading the live index into IndexUnavailable.

    Opening an index reads only its table of contents: a truncated segment shows only when
    a reader or writer opens it, which is where commands met a raw EOFError.
    """
    try:
        yield
    except DAMAGED_INDEX_ERRORS as error:
        raise IndexUnavailable(
            f"The search index in {live_dir()} is damaged ({type(error).__name__}: {error}); "
            "run `manage.py rebuild_index` to rebuild it from the database."
        ) from error


def create_build() -> tuple[Path, index.Index]:
    """Create an empty index in a new folder beside the live one.

    Without mmap, as the live index is read (open_live): the build's last steps open its
    new segment, and a mapped segment's pages count in the process's resident memory, the
    whole index at once (docs/benchmarks.md, "rebuild_index ... where its memory is").
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = root() / f"{BUILD_PREFIX}{stamp}-{os.getpid()}"
    folder.mkdir(parents=True)
    return folder, FileStorage(str(folder), supports_mmap=False).create_index(build_schema())


def swap_in(folder: Path) -> None:
    """Make `folder` the live index atomically, then remove every other index folder."""
    temporary_link = root() / f".{CURRENT_LINK}-{os.getpid()}"
    temporary_link.unlink(missing_ok=True)
    os.symlink(folder.name, temporary_link)
    os.replace(temporary_link, root() / CURRENT_LINK)
    for old in root().glob(f"{BUILD_PREFIX}*"):
        if old != folder:
            # Processes still reading the old files keep them open until they refresh.
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def write_lock(timeout: float):
    """Hold the index write lock, waiting at most `timeout` seconds for it.

    An OS-level lock (flock) is released by the kernel when its holder dies, so a killed
    import never leaves the index locked.
    """
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / LOCK_FILE, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        "The search index is being written by another process."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

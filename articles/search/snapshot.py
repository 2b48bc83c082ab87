"""Copy the live index out for a backup, and back in for a restore.

Both hold the index write lock, so no drain changes the index, or removes queue rows,
while the database is copied too: the queue in a backed-up database then lists every
change its index copy lacks, and a drain after restore closes the gap.
"""

import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from . import storage


@contextmanager
def frozen(lock_timeout: float = 60.0):
    """Hold the index write lock: the index and the queue stay as they are meanwhile."""
    with storage.write_lock(lock_timeout):
        yield


def copy_live_index(destination: Path) -> bool:
    """Copy the live index folder to `destination`; return False if there is no readable one.

    Call inside frozen(). Whoosh writes new files and renames its table of contents last,
    so a copy taken while no writer runs is a complete index.
    """
    try:
        storage.open_live().doc_count()
    except Exception:  # Missing or damaged (many types, DESIGN.md): back up the database only.
        return False
    shutil.copytree(storage.live_dir(), destination)
    return True


def install_index(source: Path) -> Path:
    """Copy an index folder beside the live one and swap it in; call inside frozen()."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = storage.root() / f"{storage.BUILD_PREFIX}{stamp}-restored"
    shutil.copytree(source, folder)
    storage.swap_in(folder)
    return folder

"""Consistent backups of the SQLite database and the search index, and their restore.

The database copy uses SQLite's online backup API, which reads one consistent snapshot
while the site goes on serving and importing (https://sqlite.org/backup.html). PostgreSQL
is backed up with pg_dump instead (docs/operating.md, "Backups and restore").
"""

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

from .search.whoosh import snapshot

DATABASE_FILE = "db.sqlite3"
INDEX_FOLDER = "index"
MANIFEST_FILE = "backup.json"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    created: str
    articles: int
    queued_index_updates: int
    has_index: bool
    # False when a bulk import held the index: the copy may lag the database (see restore).
    index_frozen: bool = True


def _require_sqlite() -> Path:
    database = settings.DATABASES["default"]
    if database["ENGINE"] not in {"django.db.backends.sqlite3", "newsarchive.sqlite"}:
        raise BackupError(
            "backup and restore copy SQLite databases; for PostgreSQL use pg_dump and "
            "pg_restore, then `rebuild_index` (docs/operating.md, Backups and restore)."
        )
    return Path(database["NAME"])


def _copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # pages=-1 copies everything in one step: one read transaction, one snapshot.
    source.backup(target, pages=-1)
    verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"The copied database failed its integrity check: {verdict}")


def _counts(db: sqlite3.Connection) -> tuple[int, int]:
    articles = db.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    queued = db.execute("SELECT COUNT(*) FROM articles_indexqueueentry").fetchone()[0]
    return articles, queued


def backup(destination: Path, *, lock_timeout: float = 10.0) -> Manifest:
    """Write the database, the index and a manifest into the new folder `destination`."""
    _require_sqlite()
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; name a new folder for the backup.")
    destination.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    # The index first, then the database: a copy made without the lock may then lag the
    # database, never run ahead of it, and restore() re-indexes what it lacks.
    with snapshot.frozen_if_free(lock_timeout) as frozen:
        copy_index = snapshot.copy_live_index if frozen else snapshot.copy_while_written
        has_index = copy_index(destination / INDEX_FOLDER)
        with sqlite3.connect(destination / DATABASE_FILE) as copy:
            _copy_database(connection.connection, copy)
            articles, queued = _counts(copy)
    manifest = Manifest(datetime.now(UTC).isoformat(), articles, queued, has_index, frozen)
    (destination / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def read_manifest(source: Path) -> Manifest:
    """Return the manifest of the backup in `source`, or say why it is not a backup."""
    try:
        manifest = Manifest(**json.loads((source / MANIFEST_FILE).read_text()))
    except (OSError, ValueError, TypeError) as error:
        raise BackupError(f"{source} is not a backup made by `backup`: {error}") from error
    if not (source / DATABASE_FILE).is_file():
        raise BackupError(f"{source} has no {DATABASE_FILE}.")
    return manifest


def restore(source: Path, *, replace: bool = False, lock_timeout: float = 60.0) -> Manifest:
    """Replace the database (and the index, if backed up) with the backup in `source`."""
    _require_sqlite()
    manifest = read_manifest(source)
    if not replace and _has_articles():
        raise BackupError(
            "The database already holds articles; stop the site and add --replace to "
            "overwrite them with the backup."
        )
    with snapshot.frozen(lock_timeout):
        connection.close()
        with (
            sqlite3.connect(f"file:{source / DATABASE_FILE}?mode=ro", uri=True) as backup_db,
            sqlite3.connect(_require_sqlite(), timeout=30) as live,
        ):
            _copy_database(backup_db, live)
        if manifest.has_index:
            snapshot.install_index(source / INDEX_FOLDER)
    return manifest


def _has_articles() -> bool:
    from .models import Article

    try:
        return Article.objects.exists()
    except DatabaseError:  # No tables yet: a fresh database is fine to restore into.
        return False

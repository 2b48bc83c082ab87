"""Django's SQLite backend, reading on when the database's folder cannot be written.

In WAL mode every connection, readers too, must create and size the `-shm` file beside the
database. On a full or read-only disk that fails ("disk I/O error", "unable to open database
file") and every page answered 500. When the usual open fails so, this opens the database
with SQLite's `immutable=1`: read-only, without the `-shm` and `-wal` files. Pages are
served; a write fails with "attempt to write a readonly database", which answers 503
(newsarchive/errors.py). Changes still in the `-wal` file, not yet copied into the database,
are not seen until the disk can be written again.
"""

from urllib.parse import quote

from django.db.backends.sqlite3 import base

from .. import storage_errors


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except base.Database.OperationalError as error:
            reason = storage_errors.cause(error)
            if reason is None or conn_params["database"].startswith("file:"):
                raise
            storage_errors.warn(
                f"The database's folder is full or read-only: {conn_params['database']} "
                "is opened read-only",
                reason,
            )
            self.transaction_mode = None  # BEGIN IMMEDIATE would ask for the write lock
            read_only = f"file:{quote(conn_params['database'])}?immutable=1"
            return super().get_new_connection({**conn_params, "database": read_only})

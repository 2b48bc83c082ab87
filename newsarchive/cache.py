"""The file cache of rate-limit and sign-in counters and cached pages, failing soft on a bad disk.

Django's file cache raises OSError when var/cache cannot be written (a full or read-only
disk), and every rate-limited page answered 500. Here a failed write is logged and the
request goes on, uncounted: limits stop counting until the disk is writable, which is
better than the whole site answering errors.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

from . import storage_errors


class FailSoftFileBasedCache(FileBasedCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OSError as error:
            self._warn(error)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OSError as error:
            self._warn(error)
            return False

    def _delete(self, fname):
        """Remove an expired or deleted entry: reading one must not fail on a bad disk."""
        try:
            return super()._delete(fname)
        except OSError as error:
            self._warn(error)
            return False

    def _warn(self, error: OSError) -> None:
        storage_errors.warn(
            f"The cache folder {self._dir} cannot be written: rate limits do not count "
            "and pages are not cached",
            storage_errors.cause(error) or repr(error),
        )

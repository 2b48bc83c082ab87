"""The shared cache of counters and cached pages, failing soft on a bad disk or a Redis down.

Django's file cache raises OSError when var/cache cannot be written (a full or read-only
disk), and every rate-limited page answered 500. Here a failed write is logged and the
request goes on, uncounted: limits stop counting until the disk is writable, which is
better than the whole site answering errors. Django's Redis cache (NEWSARCHIVE_CACHE_URL)
raises redis's errors when the server is down or does not answer; the same rule applies.
"""

import fcntl
import logging
import os
import time
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from . import storage_errors

log = logging.getLogger("newsarchive.cache")


class FailSoftFileBasedCache(FileBasedCache):
    """Django's file cache, failing soft, whose add and incr are atomic on one machine."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._lock():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._lock():
            return super().incr(key, delta, version)

    @contextmanager
    def _lock(self):
        """Hold the folder's lock file: Django's add and incr are a read then a write, and
        without it eight workers counting at once lost most of their counts (33 of 200)."""
        try:
            os.makedirs(self._dir, exist_ok=True)
            lock = open(os.path.join(self._dir, "counters.lock"), "a")  # noqa: SIM115
        except OSError as error:  # An unwritable folder counts nothing anyway (set, below).
            self._warn(error)
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

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


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache that keeps nothing while Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient


class FailSoftRedisCacheClient(RedisCacheClient):
    """Each operation, on a Redis error, logs it and answers as if nothing were stored: a
    count starts again at one, a slot is free, a key is missing."""

    def add(self, key, value, timeout):
        return self._soft(super().add, True, key, value, timeout)

    def get(self, key, default):
        return self._soft(super().get, default, key, default)

    def set(self, key, value, timeout):
        return self._soft(super().set, None, key, value, timeout)

    def touch(self, key, timeout):
        return self._soft(super().touch, False, key, timeout)

    def delete(self, key):
        return self._soft(super().delete, False, key)

    def get_many(self, keys):
        return self._soft(super().get_many, {}, keys)

    def has_key(self, key):
        return self._soft(super().has_key, False, key)

    def incr(self, key, delta):
        return self._soft(super().incr, delta, key, delta)

    def set_many(self, data, timeout):
        return self._soft(super().set_many, [], data, timeout)

    def delete_many(self, keys):
        return self._soft(super().delete_many, None, keys)

    def clear(self):
        return self._soft(super().clear, False)

    @staticmethod
    def _soft(operation, fallback, *args):
        try:
            return operation(*args)
        except RedisError as error:
            _warn_once_a_minute(error)
            return fallback


_last_warned = [-60.0]


def _warn_once_a_minute(error: RedisError) -> None:
    now = time.monotonic()
    if now - _last_warned[0] >= 60:
        _last_warned[0] = now
        log.error(
            "The Redis cache (NEWSARCHIVE_CACHE_URL) failed: rate limits and sign-in failures "
            "do not count until it answers (%r). Pages are still served.",
            error,
        )

"""The Redis server the shared-cache tests use: 127.0.0.1:6379, as NEWSARCHIVE_CACHE_URL says.

Without one they skip, saying so, so that `make test` passes on a machine with no Redis;
REQUIRE_REDIS=1 (as .ci/run sets) makes a missing server a failure instead.
"""

import os
import socket
import uuid
from contextlib import contextmanager

import pytest
import redis

HOST, PORT = "127.0.0.1", 6379
URL = f"redis://{HOST}:{PORT}/0"


def answers() -> bool:
    """Return True when something accepts connections on Redis's port."""
    try:
        socket.create_connection((HOST, PORT), timeout=3).close()
    except OSError:
        return False
    return True


def require() -> str:
    """Return the server's URL; skip the test without one, or fail if REQUIRE_REDIS is set."""
    if answers():
        return URL
    reason = f"nothing answers on {HOST}:{PORT} (start redis-server, or .ci/run does)"
    if os.environ.get("REQUIRE_REDIS"):
        pytest.fail(f"Redis is required (REQUIRE_REDIS is set), but {reason}")
    pytest.skip(f"needs Redis: {reason}")


@contextmanager
def private_cache(settings):
    """Make the default cache Redis for one test, under a key prefix of its own; its keys are
    deleted after, so that tests never meet each other's counts on a shared server."""
    url = require()
    prefix = f"newsarchive-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsarchive.cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    try:
        yield url
    finally:
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()

"""With NEWSARCHIVE_CACHE_URL the counters live in Redis, shared by every web node; without it,
in files, shared by one machine's workers. Both count atomically; a Redis that does not answer
never costs a page."""

import logging
import subprocess
import sys
import threading

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from newsarchive import login_throttle, ratelimit

from .live.site import free_port

BASE_DIR = django_settings.BASE_DIR


def default_cache_backend(**env) -> subprocess.CompletedProcess:
    show = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {show}"],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "newsarchive.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_cache_is_files_by_default_and_redis_with_a_cache_url():
    files = default_cache_backend()
    shared = default_cache_backend(NEWSARCHIVE_CACHE_URL="redis://127.0.0.1:6379/0")
    wrong = default_cache_backend(NEWSARCHIVE_CACHE_URL="memcached://127.0.0.1:11211")

    assert files.stdout.strip() == "newsarchive.cache.FailSoftFileBasedCache"
    assert shared.stdout.strip() == "newsarchive.cache.FailSoftRedisCache"
    assert wrong.returncode != 0
    assert "NEWSARCHIVE_CACHE_URL must be a redis://" in wrong.stderr


def at_once(work, threads: int = 8) -> list:
    """Run `work` in `threads` threads released together; return what each returned."""
    start, results = threading.Barrier(threads), []

    def run():
        start.wait()
        results.append(work())

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def test_hits_at_once_are_each_counted_once(counters_cache, monkeypatch):
    monkeypatch.setattr("newsarchive.ratelimit.time.time", lambda: 1_800_000_030.0)

    counts = at_once(lambda: [ratelimit.hit("search:192.0.2.1", 60)[0] for _ in range(25)])

    assert sorted(n for thread in counts for n in thread) == list(range(1, 8 * 25 + 1))


def test_failed_sign_ins_at_once_are_all_counted(counters_cache, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 16
    counters = login_throttle.Counters("editor", "192.0.2.1")

    at_once(lambda: [counters.record_failure() for _ in range(2)])

    assert counters.refusal() == (
        "Too many failed sign-in attempts from your address. Try again in 15 minutes."
    )


@pytest.fixture
def redis_down(settings):
    """Point the cache at a port where nothing listens, as when Redis is down."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsarchive.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        },
    }
    settings.RATE_LIMIT_ENABLED = True
    settings.RATE_LIMIT_REQUESTS = 3


def test_with_redis_down_searches_and_sign_ins_work_uncounted_and_the_log_says_why(
    client, seed_article, redis_down, caplog, monkeypatch
):
    monkeypatch.setattr("newsarchive.cache._last_warned", [-60.0])
    User.objects.create_user("editor", password="right-horse-battery", is_staff=True)

    with caplog.at_level(logging.ERROR, logger="newsarchive.cache"):
        searches = [client.get("/search/", {"q": "Zelensky"}).status_code for _ in range(5)]
        signed_in = client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": "right-horse-battery"},
        )

    assert searches == [200] * 5
    assert signed_in.status_code == 302
    assert "The Redis cache (NEWSARCHIVE_CACHE_URL) failed" in caplog.text

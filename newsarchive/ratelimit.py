"""Count requests per client address in fixed time windows, in the shared cache.

The library django-ratelimit does this per view; it is not used: it answers 403 (a 429
needs our own view), says nothing of when to try again, and its system checks reject the
file cache and warn on Django's own Redis cache.

Used by RateLimitMiddleware (searches, the API, feeds, suggestions and sitemaps).
Fixed windows aligned on the clock keep one cache entry per address and window, and make
the wait until the next window exact, which is what Retry-After must say.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render

from .client_address import client_address


def _window(name: str, seconds: int) -> tuple[str, int]:
    now = time.time()
    start = int(now // seconds * seconds)
    return f"limit:{name}:{start}", max(1, math.ceil(start + seconds - now))


def hit(name: str, seconds: int) -> tuple[int, int]:
    """Record one hit; return (hits in this window including it, seconds until it ends)."""
    key, remaining = _window(name, seconds)
    # add() then incr(): add never overwrites, and incr is atomic: one INCR in Redis
    # (NEWSARCHIVE_CACHE_URL), which counts every worker of every web node; under a lock
    # file in the file cache (cache.py), which counts the workers of one machine.
    cache.add(key, 0, timeout=remaining + 1)
    try:
        return cache.incr(key), remaining
    except ValueError:  # Expired between add and incr.
        cache.set(key, 1, timeout=remaining + 1)
        return 1, remaining


class RateLimitMiddleware:
    """Answer 429 with Retry-After to an address that sends too many searches or API calls."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = self._limited_prefix(request.path)
        if prefix is None:
            return self.get_response(request)
        name = f"{prefix}:{client_address(request)}"
        hits, retry_after = hit(name, settings.RATE_LIMIT_WINDOW)
        if hits > settings.RATE_LIMIT_REQUESTS:
            return _too_many(request, prefix, retry_after)
        return self.get_response(request)

    @staticmethod
    def _limited_prefix(path: str) -> str | None:
        if not settings.RATE_LIMIT_ENABLED:
            return None
        return next((p for p in settings.RATE_LIMIT_PATHS if path.startswith(p)), None)


def _too_many(request, prefix: str, retry_after: int):
    message = (
        f"Too many requests from your address: at most {settings.RATE_LIMIT_REQUESTS} "
        f"every {settings.RATE_LIMIT_WINDOW} seconds. Try again in {retry_after} seconds."
    )
    if prefix.startswith("/api/"):
        response = JsonResponse({"error": message, "retry_after": retry_after}, status=429)
    else:
        context = {"message": message, "retry_after": retry_after}
        response = render(request, "rate_limited.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response

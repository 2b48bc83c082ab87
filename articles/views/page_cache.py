"""Serve a repeated results page from a shared cache while the index it came from is unchanged.

Many readers ask the same few searches; each page costs a search, facets, a chart and a
template (about 200 ms of CPU at 24,000 articles) and is the same for everyone: it holds no
session, user or CSRF token. So a page is kept for PAGE_CACHE_SECONDS in a cache all workers
share (files under NEWSARCHIVE_CACHE_DIR/pages by default), keyed by the host, the whole path
with its query string, and the index's generation (a fingerprint of its files). Any change to
the index (a save, an import, a rebuild swapped in, damage) makes a new generation, so an edit
shows as soon as the index has it and a damaged index answers 503 as without the cache; the
time limit bounds what the database alone changed meanwhile. An engine without a generation
(PostgreSQL, where documents change in the articles' own transactions) caches nothing.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from .. import search

log = logging.getLogger(__name__)


def cached_page(view):
    """Decorate a GET view whose page depends only on the URL and the index."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _key(request) if settings.PAGE_CACHE_SECONDS > 0 else None
        if key is None:
            return view(request, *args, **kwargs)
        stored = caches["pages"].get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _keep(key, (response.content, response["Content-Type"]))
        return response

    return wrapper


def _keep(key: str, page: tuple[bytes, str]) -> None:
    try:
        caches["pages"].set(key, page, settings.PAGE_CACHE_SECONDS)
    except OSError:  # A full or read-only disk costs the next reader a search, nothing more.
        log.warning("Could not keep a results page in the cache", exc_info=True)


def _key(request) -> str | None:
    if request.method != "GET":
        return None
    generation = search.generation()
    if generation is None:
        return None
    url = f"{request.get_host()}\n{request.get_full_path()}\n{generation}"
    return "page:" + hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()

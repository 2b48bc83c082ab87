"""Saved searches: what is kept of a results page's address, and running it again.

A saved search is the query string of its results page, keeping only what SearchForm reads
(words, filters, sort; not the page), so that it is read back through the one path every
search takes. A search that can no longer run (its source was deleted, the index is
unavailable) counts as None, never an error.
"""

from django.core import signing
from django.http import QueryDict

from . import search
from .forms import SearchForm

KEPT = ("q", "sort", "source", "section", "year", "month", "from", "to", "partial")
STOP_SALT = "articles.alert-stop"


def kept_query_string(query: QueryDict) -> str:
    """Return the part of a results page's query string that a saved search keeps."""
    kept = QueryDict(mutable=True)
    for name in KEPT:
        value = query.get(name, "").replace("\x00", "").strip()
        if value:
            kept[name] = value
    return kept.urlencode()


def valid_form(query_string: str) -> SearchForm | None:
    """Return the validated SearchForm of a saved query string, or None if it cannot run."""
    form = SearchForm(QueryDict(query_string))
    if not form.is_valid() or not form.cleaned_data["q"]:
        return None
    return form


def count_matches(query_string: str) -> int | None:
    """Return how many articles the search matches now, or None if it cannot run."""
    form = valid_form(query_string)
    if form is None:
        return None
    params = form.search_params(page=1, per_page=1, with_facets=False, with_snippets=False)
    try:
        return search.search_articles(params).total
    except search.IndexUnavailable:
        return None


def stop_token(saved_search_id: int) -> str:
    """Return the token of an alert's "stop this alert" link (no sign-in needed)."""
    return signing.dumps(saved_search_id, salt=STOP_SALT)


def stopped_id(token: str) -> int | None:
    """Return the saved search a stop token names, or None for a forged or damaged one."""
    try:
        return int(signing.loads(token, salt=STOP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None

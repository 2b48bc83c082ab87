"""The results page's links: the search it shows with one thing changed (a facet chosen, a
filter removed, a chart bar's period, the query as searched), built from its query string."""

from datetime import date
from urllib.parse import quote_plus, urlencode

from django.urls import reverse

from .. import search
from ..tag_kinds import TAG_KINDS

FILTER_FIELDS = ("source", "section", *TAG_KINDS, search.SPEAKER, "year", "month", "from", "to")


def with_query(query_string, query: str):
    """Return a copy of the query string with `q` replaced."""
    changed = query_string.copy()
    changed["q"] = query
    return changed


def facet_links(query_string, facets: dict[str, list[search.FacetValue]]) -> dict[str, list]:
    """Return {facet: [(value, link narrowing the search to it)]} for the facet lists.

    Each link is what {% querystring name=key page=None %} makes (a year also drops the
    month), built here in one pass: a search can show a hundred sections and a hundred
    tags, and the tag costs a page several milliseconds for them. The parameters before
    and after the facet's own are encoded once a facet, only its value once a link.
    """
    links = {}
    for name, values in facets.items():
        dropped = {"page", "month"} if name == "year" else {"page"}
        kept = [(key, query_string.getlist(key)) for key in query_string if key not in dropped]
        at = next((i for i, (key, _) in enumerate(kept) if key == name), len(kept))
        before = urlencode(kept[:at], doseq=True)
        after = urlencode(kept[at + 1 :], doseq=True)
        chosen = f"{quote_plus(name)}="  # urlencode({name: key}), the name encoded once
        links[name] = [(value, _narrowed(before, chosen, value.key, after)) for value in values]
    return links


def _narrowed(before: str, chosen: str, key, after: str) -> str:
    return "?" + "&".join(part for part in (before, chosen + quote_plus(str(key)), after) if part)


def chips(query_string, facets: dict[str, list[search.FacetValue]]) -> list[tuple[str, str]]:
    """Return (label, link without it) for each filter in use, to show as removable chips."""
    labels = {name: {value.key: value.label for value in values} for name, values in facets.items()}
    result = []
    for name in FILTER_FIELDS:
        value = query_string.get(name, "")
        if not value:
            continue
        remaining = {
            key: query_string.getlist(key)
            for key in query_string
            if key not in (name, "page") and not (name == "year" and key == "month")
        }
        shown = labels.get(name, {}).get(value, value)
        label = {"from": f"from {value}", "to": f"to {value}"}.get(name, f"{name}: {shown}")
        result.append((label, "?" + urlencode(remaining, doseq=True)))
    return result


def period_link(query_string, start: date, end: date) -> str:
    """Return the results page's address for this search limited to a period."""
    query = query_string.copy()
    for name in ("page", "year", "month"):
        query.pop(name, None)
    query["from"], query["to"] = start.isoformat(), end.isoformat()
    return f"{reverse('articles:search')}?{query.urlencode()}"


def undated_link(query_string) -> str:
    """Return the results page's address for this search limited to undated articles."""
    query = query_string.copy()
    for name in ("page", "month", "from", "to"):
        query.pop(name, None)
    query["year"] = search.UNDATED
    return f"{reverse('articles:search')}?{query.urlencode()}"

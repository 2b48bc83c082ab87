"""Tag facets as both engines give them: each kind's tags by count, most frequent first.

Shared by whoosh/ and postgres/, which count (slug, name) pairs their own way (the Whoosh
index keeps each tag's name beside its slug, so naming them costs no query); imports no
engine.
"""

import heapq

from .types import FacetValue

# The commonest tags of each kind a search returns (the results page shows 10 of them and
# the rest under "more", the API all of these). A common word's results have tens of
# thousands of different names found in the text; making and sorting a value for each cost
# more than the rest of the search (docs/benchmarks.md). A tag's own page lists all of its
# articles.
TAG_FACET_VALUES = 100


def tag_facets(counts: dict[str, dict[tuple[str, str], int]]) -> dict[str, list[FacetValue]]:
    """Return {kind: [FacetValue(slug, name, count)]}, the TAG_FACET_VALUES commonest, most
    frequent first (ties by name), for each kind with a tag among the counted articles."""
    facets = {}
    for kind, by_tag in counts.items():
        ranked = sorted(
            (-count, name.lower(), slug, name) for (slug, name), count in _commonest(by_tag)
        )
        if ranked:
            facets[kind] = [FacetValue(slug, name, -minus) for minus, _, slug, name in ranked]
    return facets


def _commonest(by_tag: dict[tuple[str, str], int]) -> list[tuple[tuple[str, str], int]]:
    """Return the TAG_FACET_VALUES commonest (tag, count) pairs; of the tags tied at the
    last count, those first by name, so that the same search always lists the same tags."""
    counted = [(tag, count) for tag, count in by_tag.items() if tag[0] and count]
    if len(counted) <= TAG_FACET_VALUES:
        return counted
    last = heapq.nlargest(TAG_FACET_VALUES, (count for _, count in counted))[-1]
    above = [(tag, count) for tag, count in counted if count > last]
    tied = [(tag[1].lower(), tag) for tag, count in counted if count == last]
    wanted = TAG_FACET_VALUES - len(above)
    return above + [(tag, last) for _, tag in heapq.nsmallest(wanted, tied)]

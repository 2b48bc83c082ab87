"""Tag facets as both engines give them: each kind's tags by count, most frequent first.

Shared by whoosh/ and postgres/, which count (slug, name) pairs their own way (the Whoosh
index keeps each tag's name beside its slug, so naming them costs no query); imports no
engine.
"""

from .types import FacetValue


def tag_facets(counts: dict[str, dict[tuple[str, str], int]]) -> dict[str, list[FacetValue]]:
    """Return {kind: [FacetValue(slug, name, count)]}, most frequent first, for each kind
    with a tag among the counted articles."""
    facets = {}
    for kind, by_tag in counts.items():
        values = [
            FacetValue(slug, name, count)
            for (slug, name), count in by_tag.items()
            if slug and count
        ]
        if values:
            facets[kind] = sorted(values, key=lambda value: (-value.count, value.label.lower()))
    return facets

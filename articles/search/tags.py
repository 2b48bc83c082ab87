"""Tag facets as both engines give them: each kind's tags by count, named from the database.

Shared by whoosh/ and postgres/ (each counts slugs its own way); imports no engine.
"""

from django.db.models import Q

from ..models import Tag
from .types import FacetValue


def tag_facets(counts: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Return {kind: [FacetValue(slug, name, count)]}, most frequent first, for each kind
    with a tag among the counted articles."""
    wanted = Q(pk__in=[])
    for kind, by_slug in counts.items():
        if by_slug:
            wanted |= Q(kind=kind, slug__in=list(by_slug))
    names = {(kind, slug): name for kind, slug, name in _names(wanted)}
    facets = {}
    for kind, by_slug in counts.items():
        values = [
            FacetValue(slug, names.get((kind, slug), slug), count)
            for slug, count in by_slug.items()
            if slug and count
        ]
        if values:
            facets[kind] = sorted(values, key=lambda value: (-value.count, value.label.lower()))
    return facets


def _names(wanted: Q):
    return Tag.objects.filter(wanted).values_list("kind", "slug", "name")

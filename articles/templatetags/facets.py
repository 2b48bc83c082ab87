"""The results page's facet values as list items, written in one pass.

A search shows up to twenty values of each tag kind and of the speakers beside its other
facets: a hundred items, each a link and a count. The template language renders them item
by item (a loop, three lookups and `intcomma` each), which cost the page about as much as
counting the tags (docs/benchmarks.md); format_html_join escapes them alike.
"""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def facet_items(values) -> str:
    """Return `<li>` items for (FacetValue, link) pairs: the label linked, then the count."""
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="facet-count">{}</span></li>',
        ((link, value.label, f"{value.count:,}") for value, link in values),
    )

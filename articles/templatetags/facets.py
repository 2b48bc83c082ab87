"""The results page's facet values as list items, written in one pass.

A search shows up to twenty values of each tag kind and of the speakers beside its other
facets: a hundred items, each a link and a count. The template language renders them item
by item (a loop, three lookups and `intcomma` each), which cost the page about as much as
counting the tags (docs/benchmarks.md). Each link and label is escaped as
conditional_escape would (format_html_join did, at seven times the cost).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_items(values) -> str:
    """Return `<li>` items for (FacetValue, link) pairs: the label linked, then the count."""
    return mark_safe(  # noqa: S308 - every value in it is escaped
        "\n".join(
            f'<li><a href="{_escaped(link)}">{_escaped(value.label)}</a> '
            f'<span class="facet-count">{value.count:,}</span></li>'
            for value, link in values
        )
    )


def _escaped(text) -> str:
    """Return `text` escaped for HTML, or as it is if it is safe already (conditional_escape)."""
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))

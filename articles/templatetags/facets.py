"""The results page's facet lists, written in one pass.

A search shows up to a hundred values of each tag kind and of the speakers beside its other
facets (ten, the rest under "more"): hundreds of items, each a link and a count, in up to
nine lists. The template language
renders them node by node (a loop, three lookups and `intcomma` an item, a dozen tags and
filters a list), which cost the page about as much as counting the tags (docs/benchmarks.md).
Each link, label and name is escaped as the template's autoescaping (conditional_escape)
would.
"""

from html import escape

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

register = template.Library()

# Each list shows this many values, the rest under "more".
SHOWN = 10


@register.simple_tag
def facet_sections(facet_links: dict[str, list]) -> str:
    """Return a `<section>` for each facet with values: its title, its first SHOWN values
    and the rest under "more" (facet_links: {name: [(FacetValue, link)]})."""
    return mark_safe(  # noqa: S308 - every value in it is escaped
        "".join(_section(name, values) for name, values in facet_links.items() if values)
    )


def _section(name: str, values: list) -> str:
    name = _escaped(name)
    title = "Who said it" if name == "speaker" else _escaped(capfirst(name))
    more = ""
    if len(values) > SHOWN:
        more = (
            '\n    <details class="facet-more">\n'
            f"      <summary>{intcomma(len(values) - SHOWN)} more "
            f'<span class="visually-hidden">{name} values</span></summary>\n'
            f"      <ul>\n        {facet_items(values[SHOWN:])}\n      </ul>\n"
            "    </details>\n    "
        )
    return (
        f'\n  <section class="facet" aria-labelledby="facet-{name}">\n'
        f'    <h2 id="facet-{name}">{title}</h2>\n'
        f"    <ul>\n      {facet_items(values[:SHOWN])}\n    </ul>\n"
        f"    {more}\n  </section>\n"
    )


def facet_items(values: list) -> str:
    """Return `<li>` items for (FacetValue, link) pairs: the label linked, then the count."""
    return "\n".join(
        f'<li><a href="{_escaped(link)}">{_escaped(value.label)}</a> '
        f'<span class="facet-count">{value.count:,}</span></li>'
        for value, link in values
    )


def _escaped(text) -> str:
    """Return `text` escaped for HTML, or as it is if it is safe already (conditional_escape)."""
    return text.__html__() if hasattr(text, "__html__") else escape(str(text))

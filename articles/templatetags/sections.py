"""{{ article.section|section_name }}: a section as a reader knows it (articles.sections)."""

from django import template

from .. import sections

register = template.Library()


@register.filter
def section_name(section: str) -> str:
    return sections.section_name(section or "")

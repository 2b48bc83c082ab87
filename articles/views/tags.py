"""A page per tag (`/tags/place/japan/`): its articles, newest first, their attention over
time, and its feeds; a person's page also lists what they are quoted saying."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from .. import charts, search
from ..forms import PER_PAGE
from ..models import Quote, Tag

# Quotes a person's page lists, newest article first; the rest are a search away.
PAGE_QUOTES = 20


def tag_for(kind: str, slug: str) -> Tag:
    """Return the tag of this kind and slug, or answer 404."""
    return get_object_or_404(Tag, kind=kind, slug=slug)


def tag_articles(tag: Tag):
    """Return the tag's articles as lists show them, newest first, undated last."""
    return tag.articles.for_listing().newest_first()


def tag_detail(request, kind, slug):
    tag = tag_for(kind, slug)
    articles = tag_articles(tag)
    return render(
        request,
        "articles/tag_detail.html",
        {
            "tag": tag,
            "crumbs": [("Browse", reverse("articles:browse"))],
            "page_obj": Paginator(articles, PER_PAGE).get_page(request.GET.get("page")),
            "chart": _attention(tag, articles),
            "search_url": _search_url(tag),
            **_quotes(tag),
        },
    )


def _quotes(tag: Tag) -> dict:
    """Return a person's quotes (their speaker's slug is the tag's), each with its paragraph
    and article, and the search for every article quoting them; nothing for other kinds."""
    if tag.kind != Tag.Kind.PERSON:
        return {}
    quotes = Quote.objects.by_person(tag)
    query = urlencode({"q": f'speaker:"{tag.name}"', search.SPEAKER: tag.slug})
    return {
        "quotes": list(quotes[:PAGE_QUOTES]),
        "quote_count": quotes.count(),
        "quotes_search_url": f"{reverse('articles:search')}?{query}",
    }


def _attention(tag: Tag, articles) -> charts.Chart | None:
    """Return the chart of the tag's articles per period; each bar searches that period."""
    days = [
        timezone.localdate(published) if published else None
        for published in articles.values_list("published", flat=True)
    ]

    def link(start, end):
        return _search_url(tag, {"from": start.isoformat(), "to": end.isoformat()})

    return charts.attention(days, link, _search_url(tag, {"year": search.UNDATED}))


def _search_url(tag: Tag, more: dict | None = None) -> str:
    """Return the results page's address for every article with this tag (a tag field)."""
    query = {"q": f"{search.TAG_FIELDS[tag.kind]}:{tag.slug}", **(more or {})}
    return f"{reverse('articles:search')}?{urlencode(query)}"

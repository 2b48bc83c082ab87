"""Atom and RSS feeds of the latest articles, per source, section or tag, and for any search.

Every text goes through cleaning.xml_safe() on its way into the XML: a control character
or a noncharacter, in an article or in a search typed into a feed address, would otherwise
make the feed a server error or a document no reader can parse.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .. import counts, search
from ..cleaning import xml_safe
from ..forms import SearchForm
from ..models import Article, Source, Tag

FEED_ITEMS = 30


class ArticleFeed(Feed):
    """The latest articles of the whole archive, as RSS 2.0.

    Every feed lists articles by publication date, newest first, and undated ones after all
    dated ones (newest_first(); searches sort the same way), so an article imported today
    without a date never looks like today's news: it appears only where fewer than
    FEED_ITEMS articles have a date.
    """

    feed_type = Rss201rev2Feed
    title = "News archive: latest articles"
    description = "The most recently published articles in the news archive."

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = _xml_safe(feed.feed)
        feed.items = [_xml_safe(item) for item in feed.items]
        return feed

    def link(self, obj=None):
        return reverse("articles:home")

    def items(self, obj=None):
        return Article.objects.for_listing().newest_first()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst or item.title

    def item_pubdate(self, item):
        # An undated article has no publication date here either: a feed reader would show
        # the import time as the day it was published (RSS leaves pubDate out; Atom keeps
        # the required `updated`, when the archive last changed it).
        return item.published

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or item.source.name

    def item_categories(self, item):
        return [item.section] if item.section else []


class SourceFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, obj):
        return f"News archive: {obj.name}"

    def description(self, obj):
        return f"The latest articles from {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return obj.articles.for_listing().newest_first()[:FEED_ITEMS]


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        names = counts.section_names(slug)
        if not names:
            raise Http404("No such section.")
        articles = Article.objects.filter(section__in=names)
        return {"name": min(names), "slug": slug, "articles": articles}

    def title(self, obj):
        return f"News archive: {obj['name']}"

    def description(self, obj):
        return f"The latest articles in the section {obj['name']}."

    def link(self, obj):
        return reverse("articles:browse_section", args=[obj["slug"]])

    def items(self, obj):
        return obj["articles"].for_listing().newest_first()[:FEED_ITEMS]


class TagFeed(ArticleFeed):
    """The latest articles with one tag (`/feeds/tags/place/japan.atom`)."""

    def get_object(self, request, kind, slug):
        return get_object_or_404(Tag, kind=kind, slug=slug)

    def title(self, obj):
        return f"News archive: {obj.name}"

    def description(self, obj):
        return f"The latest articles about {obj.name} ({obj.kind})."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return obj.articles.for_listing().newest_first()[:FEED_ITEMS]


class RefusedSearch(Exception):
    """A search whose filters the form refused; the message says why."""


class SearchFeed(ArticleFeed):
    """The newest articles matching a search: a saved search becomes a subscription."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except RefusedSearch as refused:
            # As the search page, the API and the exports answer a filter they cannot read.
            return HttpResponse(str(refused), status=400, content_type="text/plain")
        except search.IndexUnavailable:
            return HttpResponse("The search index is unavailable.", status=503)

    def get_object(self, request):
        form = SearchForm.from_request(request)
        if not form.is_valid():
            raise RefusedSearch(" ".join(form.error_messages()))
        return {
            "form": form,
            "query": form.cleaned_data["q"],
            "querystring": request.GET.urlencode(),
        }

    def title(self, obj):
        return f"News archive: search for {obj['query']}" if obj["query"] else "News archive"

    def description(self, obj):
        return f"The newest articles matching {obj['query']!r}."

    def link(self, obj):
        return f"{reverse('articles:search')}?{obj['querystring']}"

    def items(self, obj):
        if not obj["query"]:
            return []
        form = obj["form"]
        params = form.search_params(page=1, per_page=FEED_ITEMS, sort="newest", with_facets=False)
        results = search.search_articles(params)
        # As the page counts: the articles with all the words, the partial ones only if asked.
        hits = [hit for hit in results.hits if params.with_partial or not hit.partial]
        return [article for article, _ in Article.objects.for_hits(hits)]


def atom(feed_class: type[Feed]) -> type[Feed]:
    """Return the Atom 1.0 twin of an RSS feed class."""
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": Atom1Feed})


def _xml_safe(value):
    """Return a feed's or an item's data (a dict of texts, lists, dates...) made xml_safe."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_xml_safe(item) for item in value]
    return value

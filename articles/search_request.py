"""Read a search from the query string exactly as the search page does, for the page's
siblings: its feed, the JSON API, the exports and the chart."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from . import search
from .forms import SearchForm
from .models import Article


@dataclass(frozen=True)
class SearchRequest:
    query: str
    page: int
    sort: str

    @classmethod
    def from_request(cls, request) -> "SearchRequest":
        """Return the validated search of this request (an empty query if none)."""
        form = SearchForm.from_request(request)
        form.is_valid()  # Every field cleans to a usable value; see SearchForm.
        data = form.cleaned_data
        return cls(data.get("q", ""), data.get("page", 1), data.get("sort", "relevance"))

    def narrowed_url(self, request, start: date, end: date) -> str:
        """Return the search page's address for this search limited to a period."""
        query = request.GET.copy()
        query.pop("page", None)
        query["from"], query["to"] = start.isoformat(), end.isoformat()
        return f"{reverse('articles:search')}?{query.urlencode()}"

    def run(self, *, page: int | None = None, per_page: int = 20, sort: str | None = None):
        """Return the search's results for one page; raises search.IndexUnavailable."""
        return search.search_articles(
            self.query, page=page or self.page, per_page=per_page, sort=sort or self.sort
        )


def with_articles(hits: list[search.Hit]) -> list[tuple[Article, search.Hit]]:
    """Pair hits with their articles in one query, skipping any deleted meanwhile."""
    articles = Article.objects.for_listing().in_bulk([hit.article_id for hit in hits])
    return [(articles[hit.article_id], hit) for hit in hits if hit.article_id in articles]


def hit_batches(search_request: SearchRequest, *, limit: int, batch: int = 200):
    """Yield lists of (article, hit) for every result up to `limit`, a page at a time."""
    page, sent = 1, 0
    while sent < limit:
        results = search_request.run(page=page, per_page=batch)
        if results.page < page:
            return  # Past the end, the search gives its last page again.
        yield with_articles(results.hits[: limit - sent])
        sent += len(results.hits)
        if sent >= results.total:
            return
        page += 1


CHART_MAX_HITS = 5000


def matching_days(search_request: SearchRequest):
    """Return the publication day (None if undated) of every article the search finds."""
    ids = [
        article.pk
        for pairs in hit_batches(search_request, limit=CHART_MAX_HITS)
        for article, _ in pairs
    ]
    published = Article.objects.filter(pk__in=ids).values_list("published", flat=True)
    return [timezone.localdate(when) if when else None for when in published]

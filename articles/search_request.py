"""Read a search from the query string exactly as the search page does, for the page's
siblings: its feed, the JSON API, the exports and the chart."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.urls import reverse

from . import search
from .forms import SearchForm
from .models import Article

PER_PAGE = 20  # the search page's
BATCH = 200


@dataclass(frozen=True)
class SearchRequest:
    query: str
    page: int = 1
    sort: str = "relevance"
    filters: search.Filters = field(default_factory=search.Filters)
    # Count the partial matches too (partial=1 in the query string).
    partial: bool = False
    # Filters the form refused (an impossible date range...), as sentences for the user.
    errors: tuple[str, ...] = ()

    @classmethod
    def from_request(cls, request) -> "SearchRequest":
        """Return the validated search of this request (an empty query if none)."""
        form = SearchForm.from_request(request)
        valid = form.is_valid()  # q, page and sort always clean; filters may be refused.
        data = form.cleaned_data
        return cls(
            query=data.get("q", ""),
            page=data.get("page", 1),
            sort=data.get("sort", "relevance"),
            filters=form.filters() if valid else search.Filters(),
            partial=bool(data.get("partial")),
            errors=() if valid else tuple(form.error_messages()),
        )

    def params(self, **changes) -> search.SearchParams:
        """Return the search package's parameters for this search, with `changes`."""
        params = search.SearchParams(
            self.query,
            filters=self.filters,
            sort=self.sort,
            page=self.page,
            per_page=PER_PAGE,
            with_partial=self.partial,
        )
        return replace(params, **changes)

    def run(self, **changes) -> search.Results:
        """Return the results, as the page shows them unless `changes` say otherwise."""
        return search.search_articles(self.params(**changes))

    def narrowed_url(self, request, start: date, end: date) -> str:
        """Return the search page's address for this search limited to a period."""
        query = request.GET.copy()
        for name in ("page", "year", "month"):
            query.pop(name, None)
        query["from"], query["to"] = start.isoformat(), end.isoformat()
        return f"{reverse('articles:search')}?{query.urlencode()}"

    def undated_url(self, request) -> str:
        """Return the search page's address for this search limited to undated articles."""
        query = request.GET.copy()
        for name in ("page", "month", "from", "to"):
            query.pop(name, None)
        query["year"] = search.UNDATED
        return f"{reverse('articles:search')}?{query.urlencode()}"


def with_articles(hits: list[search.Hit]) -> list[tuple[Article, search.Hit]]:
    """Pair hits with their articles in one query, skipping any deleted meanwhile."""
    articles = Article.objects.for_listing().in_bulk([hit.article_id for hit in hits])
    return [(articles[hit.article_id], hit) for hit in hits if hit.article_id in articles]


def hit_batches(wanted: SearchRequest, *, limit: int):
    """Yield lists of (article, hit) for every counted result up to `limit`, a batch at a time.

    The counted results are the full matches, and the partial ones after them only if the
    search asks for them (partial=1): the same articles as the page's total and facets.
    """
    page, sent = 1, 0
    while sent < limit:
        results = wanted.run(page=page, per_page=BATCH, with_facets=False)
        if results.page < page:
            return  # Past the end, the search gives its last page again.
        counted = [hit for hit in results.hits if wanted.partial or not hit.partial]
        counted = counted[: limit - sent]
        if counted:
            yield with_articles(counted)
        sent += len(counted)
        if len(counted) < len(results.hits) or results.last >= results.reachable:
            return
        page += 1

"""The JSON API: /api/search (the search page's results as data) and /api/articles/<slug>.

Errors are JSON too: {"error": message} with a 4xx status (503 while the index is down).
"""

from html import unescape
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import strip_tags

from .. import search
from ..forms import PER_PAGE, SearchForm
from ..models import Article


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def article_data(request, article: Article) -> dict:
    """Return the metadata of an article, with absolute URLs."""
    return {
        "slug": article.slug,
        "title": article.title,
        "standfirst": article.standfirst,
        "byline": article.byline,
        "source": article.source.name,
        "section": article.section,
        "published": article.published.isoformat() if article.published else None,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "original_url": article.web_url,
        "api_url": request.build_absolute_uri(reverse("articles:api_article", args=[article.slug])),
        "tags": [tag_data(request, tag) for tag in article.tag_list],
    }


def tag_data(request, tag) -> dict:
    """Return a tag as the API and the exports give it, its page's address absolute."""
    url = request.build_absolute_uri(tag.get_absolute_url())
    return {"kind": tag.kind, "slug": tag.slug, "name": tag.name, "url": url}


def article_detail(request, slug):
    article = Article.objects.for_listing().filter(slug=slug).first()
    if article is None:
        return error(f"No article with the slug {slug!r}.", 404)
    paragraphs = [
        {
            "number": p.position,
            "text": p.text,
            "url": request.build_absolute_uri(p.get_absolute_url()),
        }
        for p in article.paragraphs.all()
    ]
    return JsonResponse({**article_data(request, article), "paragraphs": paragraphs})


def search_results(request):
    form = SearchForm.from_request(request)
    if not form.is_valid():
        return error(" ".join(form.error_messages()), 400)
    if not form.cleaned_data["q"]:
        return error("Give the words to search for in the q parameter, e.g. ?q=peace+talks.", 400)
    params = form.search_params()
    try:
        results = search.search_articles(params)
    except search.IndexUnavailable:
        return error("The search index is unavailable; try again in a few minutes.", 503)
    return JsonResponse(_results_data(request, params, results))


def _results_data(request, params: search.SearchParams, results: search.Results) -> dict:
    """Return one page of results as the API answers it, with absolute URLs."""
    page_obj = Paginator(range(results.reachable), PER_PAGE).get_page(results.page)
    return {
        "query": params.text,
        "sort": params.sort,
        "total": results.total,
        "partial_total": results.partial_total,
        "may_lack": results.may_lack,
        "counts_partial": results.counts_partial,
        "listed": results.listed,
        "page": results.page,
        "pages": page_obj.paginator.num_pages,
        "reachable": results.reachable,
        "per_page": PER_PAGE,
        "notes": results.notes,
        "suggestion": results.suggestion,
        "filters": _filters_data(params.filters),
        "facets": {
            name: [
                {"key": value.key, "label": value.label, "count": value.count} for value in values
            ]
            for name, values in results.facets.items()
        },
        "next": _page_url(request, page_obj.next_page_number()) if page_obj.has_next() else None,
        "previous": _page_url(request, page_obj.previous_page_number())
        if page_obj.has_previous()
        else None,
        "results": [
            _hit_data(request, article, hit, params.text)
            for article, hit in Article.objects.prefetch_related("tags").for_hits(results.hits)
        ],
    }


def _filters_data(filters: search.Filters) -> dict:
    return {
        "source": filters.source or None,
        "section": filters.section or None,
        "year": search.UNDATED if filters.undated else filters.year,
        "month": filters.month,
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        **{kind: slug or None for kind, slug in _tag_filters(filters)},
    }


def _tag_filters(filters: search.Filters) -> list[tuple[str, str]]:
    return [(kind, getattr(filters, kind)) for kind in (*search.TAG_FIELDS, search.SPEAKER)]


def _hit_data(request, article: Article, hit: search.Hit, query: str) -> dict:
    marked_url = f"{article.get_absolute_url()}?{urlencode({'q': query})}"
    return {
        **article_data(request, article),
        "match": "partial" if hit.partial else "full",
        "highlights": [
            {
                "paragraph": snippet.position,
                "html": str(snippet.html),
                "text": unescape(strip_tags(snippet.html)),
                "url": request.build_absolute_uri(f"{marked_url}#{snippet.anchor}"),
            }
            for snippet in hit.snippets
        ],
    }


def _page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = page
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

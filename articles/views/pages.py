"""The archive's pages: home, the search results (and their chart as CSV), the search and
API help pages, and an article. Each validates the query string with SearchForm, asks the
models or the search package, and renders."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import charts, counts, search
from ..citation import describe
from ..collection_forms import AddToCollectionForm
from ..forms import PER_PAGE, SearchForm, as_searched
from ..models import Article, Source
from ..sections import with_section_names
from . import links
from .export import EXPORT_MAX_ROWS
from .page_cache import cached_page
from .syntax_examples import SYNTAX_EXAMPLES

HOME_LATEST = 10
HOME_SECTIONS = 12
# The most frequent tags of each kind the results page lists (eight, the rest under "more"):
# a common word's results have hundreds, and listing all of them cost the page a fifth
# of its time (docs/benchmarks.md). The API and the tag pages give them all.
PAGE_TAG_VALUES = 20


def home(request):
    latest = Article.objects.for_listing().newest_first()[:HOME_LATEST]
    context = {
        "form": SearchForm(),
        "latest": latest,
        "totals": counts.totals(),
        "sources": counts.with_article_counts(Source.objects.all()).order_by("-n", "name")[:8],
        "sections": counts.largest_sections(HOME_SECTIONS),
    }
    return render(request, "articles/home.html", context)


@cached_page
def search_page(request):
    form = SearchForm.from_request(request)
    valid = form.is_valid()  # q, page and sort always clean; filters may be refused.
    query = form.cleaned_data.get("q", "")
    sort = form.cleaned_data.get("sort", "relevance")
    context = {"form": form, "query": _linked_as_searched(request, query), "sort": sort}
    if not valid:
        context["errors"] = form.error_messages()
        return render(request, "articles/search.html", context, status=400)
    if not query:
        return render(request, "articles/search.html", context)
    try:
        results = search.search_articles(form.search_params(with_days=True))
    except search.IndexUnavailable:
        return render(request, "articles/search_unavailable.html", context, status=503)
    context.update(_results_context(request.GET, results))
    return render(request, "articles/search.html", context)


def _linked_as_searched(request, query: str) -> str:
    """Return the query as searched, and make the page's links carry it (not all typed)."""
    shown = as_searched(query)
    if shown != query:
        # The page repeats the query in each of its links (facets, chart bars, pages, feeds):
        # they carry the search as run, not all that was typed (4 KB made a 700 KB page).
        request.GET = links.with_query(request.GET, shown)
    return shown


def _results_context(query_string, results: search.Results) -> dict:
    """Return what the results page shows of the results, its links built on `query_string`."""
    facets = _fewer_tags(with_section_names(results.facets))
    return {
        "results": results,
        "hits": Article.objects.for_hits(results.hits),
        "chips": links.chips(query_string, facets),
        "facet_links": links.facet_links(query_string, facets),
        # Only the pages a search can reach are offered (search.MAX_PAGE).
        "page_obj": Paginator(range(results.reachable), PER_PAGE).get_page(results.page),
        "chart": _attention(query_string, results),
        "export_max_rows": EXPORT_MAX_ROWS,
    }


def _fewer_tags(facets: dict[str, list]) -> dict[str, list]:
    """Return the facets with each tag kind's list (and the speakers') cut to its
    PAGE_TAG_VALUES commonest."""
    cut = {*search.TAG_FIELDS, search.SPEAKER}
    return {
        name: values[:PAGE_TAG_VALUES] if name in cut else values for name, values in facets.items()
    }


def _attention(query_string, results: search.Results) -> charts.Chart | None:
    """Return the chart of the search's articles over time (`results` counted their days)."""

    def link(start, end):
        return links.period_link(query_string, start, end)

    return charts.attention(results.days, link, links.undated_link(query_string))


def search_chart_csv(request):
    form = SearchForm.from_request(request)
    if not form.is_valid():
        return HttpResponse(" ".join(form.error_messages()), status=400, content_type="text/plain")
    chart, undated = None, 0
    try:
        if form.cleaned_data["q"]:
            params = form.search_params(with_facets=False, with_snippets=False, with_days=True)
            counted = search.search_articles(params)
            chart, undated = _attention(request.GET, counted), counted.days.get(None, 0)
    except search.IndexUnavailable:
        return HttpResponse("The search index is unavailable.", status=503)
    response = HttpResponse(charts.as_csv(chart, undated), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attention.csv"'
    return response


def search_help(request):
    return render(request, "articles/search_help.html", {"examples": SYNTAX_EXAMPLES})


def api_help(request):
    limits = {
        "export_max_rows": EXPORT_MAX_ROWS,
        "max_query_chars": search.MAX_QUERY_CHARS,
        "max_url_chars": settings.MAX_URL_CHARS,
    }
    return render(request, "articles/api_help.html", limits)


def article_detail(request, slug):
    # Its tags in one query: the page and its JSON-LD both list them.
    article = get_object_or_404(Article.objects.for_listing().prefetch_related("tags"), slug=slug)
    paragraphs = list(article.paragraphs.all())
    query = SearchForm.from_request(request).data.get("q", "").strip()[: search.MAX_QUERY_CHARS]
    marked = (
        search.highlight_paragraphs(query, [(p.position, p.text) for p in paragraphs])
        if query
        else {}
    )
    own_text = "\n\n".join([article.title, article.standfirst, *(p.text for p in paragraphs)])
    related_ids = search.related_articles(article.pk, own_text)
    related = Article.objects.for_listing().in_bulk(related_ids)
    url = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "paragraphs": _with_hit_links(paragraphs, marked),
            "hit_count": sum(1 for html in marked.values() if "<mark" in html),
            "query": query,
            "form": SearchForm(initial={"q": query}),
            "related": [related[pk] for pk in related_ids if pk in related],
            "meta": describe(article, url, paragraphs[0].text if paragraphs else ""),
            # This page is never cached (page_cache.py), so it may hold the reader's form.
            "collect_form": AddToCollectionForm(owner=request.user)
            if request.user.is_authenticated
            else None,
        },
    )


def _with_hit_links(paragraphs, marked: dict[int, str]) -> list[dict]:
    """Return each paragraph with its marked html and links to the previous and next hit."""
    hits = [p.anchor for p in paragraphs if "<mark" in marked.get(p.position, "")]
    rows = []
    for paragraph in paragraphs:
        html = marked.get(paragraph.position)
        row = {"paragraph": paragraph, "marked": html, "hit": None}
        if html and "<mark" in html:
            n = hits.index(paragraph.anchor)
            row["hit"] = {
                "number": n + 1,
                "previous": hits[n - 1] if n > 0 else None,
                "next": hits[n + 1] if n + 1 < len(hits) else None,
            }
        rows.append(row)
    return rows

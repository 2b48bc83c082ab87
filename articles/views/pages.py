"""The archive's pages: plain functions that validate input, ask, and render."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import charts, search
from ..citation import describe
from ..forms import SearchForm, as_searched, chips, facet_links, with_query
from ..models import Article, Source
from ..search_request import SearchRequest, with_articles
from .browse import archive_totals
from .export import EXPORT_MAX_ROWS
from .page_cache import cached_page
from .syntax_examples import SYNTAX_EXAMPLES

PER_PAGE = 20
HOME_LATEST = 10


def home(request):
    latest = Article.objects.for_listing().newest_first()[:HOME_LATEST]
    context = {
        "form": SearchForm(),
        "latest": latest,
        "totals": archive_totals(),
        "sources": Source.objects.filter(articles__isnull=False).distinct()[:12],
        "sections": [(name, slug) for name, slug, _ in Article.objects.section_counts()[:12]],
    }
    return render(request, "articles/home.html", context)


@cached_page
def search_page(request):
    form = SearchForm.from_request(request)
    valid = form.is_valid()  # q, page and sort always clean; filters may be refused.
    query = form.cleaned_data.get("q", "")
    shown = as_searched(query)
    if shown != query:
        # The page repeats the query in each of its links (facets, chart bars, pages, feeds):
        # they carry the search as run, not all that was typed (4 KB made a 700 KB page).
        request.GET = with_query(request.GET, shown)
    context = {"form": form, "query": shown, "sort": form.cleaned_data.get("sort", "relevance")}
    if not valid:
        context["errors"] = form.error_messages()
        return render(request, "articles/search.html", context, status=400)
    if not query:
        return render(request, "articles/search.html", context)
    params = search.SearchParams(
        query,
        filters=form.filters(),
        sort=context["sort"],
        page=form.cleaned_data["page"],
        per_page=PER_PAGE,
        with_days=True,
        with_partial=form.cleaned_data["partial"],
    )
    try:
        results = search.search_articles(params)
        chart = _attention(request, SearchRequest.from_request(request), results)
    except search.IndexUnavailable:
        return render(request, "articles/search_unavailable.html", context, status=503)
    context.update(
        results=results,
        hits=with_articles(results.hits),
        chips=chips(request.GET, results.facets),
        facet_links=facet_links(request.GET, results.facets),
        # Only the pages a search can reach are offered (search.MAX_PAGE).
        page_obj=Paginator(range(results.reachable), PER_PAGE).get_page(results.page),
        chart=chart,
        export_max_rows=EXPORT_MAX_ROWS,
    )
    return render(request, "articles/search.html", context)


def _attention(request, wanted: SearchRequest, results: search.Results) -> charts.Chart | None:
    """Return the chart of the search's articles over time (`results` counted their days)."""

    def link(start, end):
        return wanted.narrowed_url(request, start, end)

    return charts.attention(results.days, link, wanted.undated_url(request))


def search_chart_csv(request):
    wanted = SearchRequest.from_request(request)
    if wanted.errors:
        return HttpResponse(" ".join(wanted.errors), status=400, content_type="text/plain")
    chart, undated = None, 0
    try:
        if wanted.query:
            counted = wanted.run(with_facets=False, with_snippets=False, with_days=True)
            chart, undated = _attention(request, wanted, counted), counted.days.get(None, 0)
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
    article = get_object_or_404(Article.objects.for_listing(), slug=slug)
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

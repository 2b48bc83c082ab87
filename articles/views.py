"""The archive's pages: plain functions that validate input, ask, and render."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from . import charts, search
from .browse import archive_totals
from .citation import describe
from .export import EXPORT_MAX_ROWS
from .forms import SearchForm
from .models import Article, Source
from .search_request import SearchRequest, matching_days, with_articles

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


def search_page(request):
    form = SearchForm.from_request(request)
    form.is_valid()  # Every field cleans to a usable value; see SearchForm.
    query = form.cleaned_data.get("q", "")
    context = {"form": form, "query": query, "sort": form.cleaned_data.get("sort", "relevance")}
    if not query:
        return render(request, "articles/search.html", context)
    try:
        results = search.search_articles(
            query, page=form.cleaned_data["page"], per_page=PER_PAGE, sort=context["sort"]
        )
        chart = _attention(request, SearchRequest.from_request(request))
    except search.IndexUnavailable:
        return render(request, "articles/search_unavailable.html", context, status=503)
    context.update(
        results=results,
        hits=with_articles(results.hits),
        page_obj=Paginator(range(results.total), PER_PAGE).get_page(results.page),
        chart=chart,
        export_max_rows=EXPORT_MAX_ROWS,
    )
    return render(request, "articles/search.html", context)


def search_chart_csv(request):
    wanted = SearchRequest.from_request(request)
    try:
        chart = _attention(request, wanted) if wanted.query else None
    except search.IndexUnavailable:
        return HttpResponse("The search index is unavailable.", status=503)
    response = HttpResponse(charts.as_csv(chart), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attention.csv"'
    return response


def _attention(request, wanted: SearchRequest) -> charts.Chart | None:
    def link(start, end):
        return wanted.narrowed_url(request, start, end)

    return charts.attention(matching_days(wanted), link)


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.for_listing(), slug=slug)
    paragraphs = list(article.paragraphs.all())
    query = SearchForm.from_request(request).data.get("q", "").strip()[: search.MAX_QUERY_CHARS]
    marked = (
        search.highlight_paragraphs(query, [(p.position, p.text) for p in paragraphs])
        if query
        else {}
    )
    url = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "paragraphs": [(p, marked.get(p.position)) for p in paragraphs],
            "query": query,
            "form": SearchForm(initial={"q": query}),
            "meta": describe(article, url, paragraphs[0].text if paragraphs else ""),
        },
    )


def api_help(request):
    return render(request, "articles/api_help.html", {"export_max_rows": EXPORT_MAX_ROWS})

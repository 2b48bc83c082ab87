"""The archive's pages: plain functions that validate input, ask, and render."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import search
from .forms import SearchForm
from .models import Article

PER_PAGE = 20


def home(request):
    latest = Paginator(Article.objects.for_listing().newest_first(), PER_PAGE)
    return render(
        request,
        "articles/home.html",
        {"form": SearchForm(), "page_obj": latest.get_page(request.GET.get("page"))},
    )


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
    except search.IndexUnavailable:
        return render(request, "articles/search_unavailable.html", context, status=503)
    context.update(
        results=results,
        hits=_with_articles(results.hits),
        page_obj=Paginator(range(results.total), PER_PAGE).get_page(results.page),
    )
    return render(request, "articles/search.html", context)


def _with_articles(hits: list[search.Hit]) -> list[tuple[Article, search.Hit]]:
    """Pair hits with their articles in one query, skipping any deleted meanwhile."""
    articles = Article.objects.for_listing().in_bulk([hit.article_id for hit in hits])
    return [(articles[hit.article_id], hit) for hit in hits if hit.article_id in articles]


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.for_listing(), slug=slug)
    paragraphs = list(article.paragraphs.all())
    query = SearchForm.from_request(request).data.get("q", "").strip()[: search.MAX_QUERY_CHARS]
    marked = (
        search.highlight_paragraphs(query, [(p.position, p.text) for p in paragraphs])
        if query
        else {}
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "paragraphs": [(p, marked.get(p.position)) for p in paragraphs],
            "query": query,
            "form": SearchForm(initial={"q": query}),
        },
    )

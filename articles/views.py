"""The archive's pages: plain functions that validate input, ask, and render."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import search
from .forms import SearchForm, chips
from .models import Article
from .syntax_examples import SYNTAX_EXAMPLES

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
    valid = form.is_valid()  # q, page and sort always clean; filters may be refused.
    query = form.cleaned_data.get("q", "")
    context = {"form": form, "query": query, "sort": form.cleaned_data.get("sort", "relevance")}
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
    )
    try:
        results = search.search_articles(params)
    except search.IndexUnavailable:
        return render(request, "articles/search_unavailable.html", context, status=503)
    context.update(
        results=results,
        hits=_with_articles(results.hits),
        chips=chips(request.GET, results.facets),
        page_obj=Paginator(range(results.total), PER_PAGE).get_page(results.page),
    )
    return render(request, "articles/search.html", context)


def search_help(request):
    return render(request, "articles/search_help.html", {"examples": SYNTAX_EXAMPLES})


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
    own_text = "\n\n".join([article.title, article.standfirst, *(p.text for p in paragraphs)])
    related_ids = search.related_articles(article.pk, own_text)
    related = Article.objects.for_listing().in_bulk(related_ids)
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

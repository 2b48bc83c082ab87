"""Comparing queries (/compare/?q=rebels&q=insurgents): each query's matching articles per
month, as counts and as a share of all the archive's articles that month, in a table with
bars and as CSV. The filters are the results page's, read by the same SearchForm."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .. import search
from ..comparison import MAX_QUERIES, TooManyQueries, compare, compared_queries
from ..forms import SearchForm
from . import links

# What a compared search carries besides its queries: the filters and the partial switch.
CARRIED = (*links.FILTER_FIELDS, "partial")


def compare_page(request):
    form, queries, errors = _read(request)
    context = {
        "queries": queries,
        "max_queries": MAX_QUERIES,
        "carried": _carried(request),
        "chips": links.chips(request.GET, {}),
    }
    if errors:
        return render(request, "articles/compare.html", context | {"errors": errors}, status=400)
    if not queries:
        return render(request, "articles/compare.html", context)
    try:
        comparison = compare(queries, form.search_params())
    except search.IndexUnavailable:
        return render(request, "articles/search_unavailable.html", status=503)
    context |= {
        "comparison": comparison,
        "lines": [_line(request.GET, one, queries) for one in comparison.series],
    }
    return render(request, "articles/compare.html", context)


def compare_csv(request):
    form, queries, errors = _read(request)
    if errors or not queries:
        message = " ".join(errors) or "Give at least one query: /compare/data.csv?q=…"
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    try:
        comparison = compare(queries, form.search_params())
    except search.IndexUnavailable:
        return HttpResponse("The search index is unavailable.", status=503)
    response = HttpResponse(_as_csv(comparison), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
    return response


def _read(request) -> tuple[SearchForm, list[str], list[str]]:
    """Return the form (for its filters), the queries, and the errors that refuse them."""
    form = SearchForm.from_request(request)
    errors = [] if form.is_valid() else form.error_messages()
    try:
        queries = compared_queries(form.data.getlist("q"))
    except TooManyQueries as too_many:
        queries, errors = [], [str(too_many), *errors]
    return form, queries, errors


def _carried(request) -> list[tuple[str, str]]:
    """Return the (name, value) of the filters in use, for the form that adds a query."""
    return [(name, request.GET[name]) for name in CARRIED if request.GET.get(name)]


def _line(query_string, series, queries: list[str]) -> dict:
    """Return a query's line: its search's address with the same filters, and the
    comparison's address without it."""
    searched = links.with_query(query_string, series.query)
    searched.pop("page", None)
    without = query_string.copy()
    without.setlist("q", [query for query in queries if query != series.query])
    return {
        "series": series,
        "search_url": f"{reverse('articles:search')}?{searched.urlencode()}",
        "remove_url": f"{reverse('articles:compare')}?{without.urlencode()}",
    }


def _as_csv(comparison) -> str:
    """Return one row per month and query: its articles, the month's, and the share (%)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["month_start", "month_end", "query", "articles", "all_articles", "share_percent"]
    )
    for month in comparison.months:
        for series, cell in zip(comparison.series, month.cells, strict=True):
            share = "" if cell.share is None else f"{cell.share:.4f}"
            row = [month.start, month.end, series.query, cell.count, month.all_articles, share]
            writer.writerow(row)
    for series in comparison.series:
        if series.undated:
            writer.writerow(["undated", "", series.query, series.undated, "", ""])
    return out.getvalue()

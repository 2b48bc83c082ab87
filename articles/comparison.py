"""Comparing queries: how many articles match each of up to five queries month by month, as
counts and as a share of all the archive's articles published that month (/compare/).

Each query is searched as the results page searches it (the same filters, the same counts:
its chart's per-day counts, Results.days, summed by month with charts.per_month); the
archive's own month totals are one GROUP BY over Article.published, in the time zone the
search counts days in.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from . import charts, search
from .forms import as_searched
from .models import Article

MAX_QUERIES = 5


class TooManyQueries(ValueError):
    """More than MAX_QUERIES distinct queries were asked for."""


def compared_queries(typed: list[str]) -> list[str]:
    """Return the distinct non-empty queries, each as the search takes it, in order typed.

    Raises TooManyQueries past MAX_QUERIES: silently dropping one would chart a comparison
    the reader did not ask for.
    """
    queries = []
    for value in typed:
        query = as_searched(value.replace("\x00", "").strip()[: search.MAX_QUERY_CHARS * 4])
        if query and query not in queries:
            queries.append(query)
    if len(queries) > MAX_QUERIES:
        raise TooManyQueries(
            f"Compare at most {MAX_QUERIES} queries at once; this asks for {len(queries)}. "
            "Remove some and try again."
        )
    return queries


@dataclass(frozen=True)
class Series:
    query: str
    months: Counter  # {first day of a month: matching articles}
    undated: int
    notes: tuple[str, ...] = ()

    @property
    def dated(self) -> int:
        return sum(self.months.values())


@dataclass(frozen=True)
class Cell:
    count: int
    share: float | None  # percent of all the archive's articles that month; None if it has none
    width: float = 0.0  # the bar's length, in percent of the largest share on the page


@dataclass(frozen=True)
class Month:
    start: date
    all_articles: int
    cells: tuple[Cell, ...]

    @property
    def label(self) -> str:
        return charts.month_label(self.start)

    @property
    def end(self) -> date:
        return charts.month_end(self.start)


@dataclass(frozen=True)
class Comparison:
    series: list[Series]
    months: list[Month]


def compare(queries: list[str], params: search.SearchParams) -> Comparison:
    """Return each query's articles per month, searched with `params` (its filters, partial)."""
    counting = replace(params, page=1, with_facets=False, with_snippets=False, with_days=True)
    series = [_series(replace(counting, text=query)) for query in queries]
    dated = [start for one in series for start in one.months]
    if not dated:
        return Comparison(series, [])
    starts = charts.months_between(min(dated), max(dated))
    totals = month_totals(starts[0], starts[-1])
    rows = [_cells(series, start, totals.get(start, 0)) for start in starts]
    peak = max((cell.share or 0 for cells in rows for cell in cells), default=0)
    months = [
        Month(start, totals.get(start, 0), tuple(_with_width(cell, peak) for cell in cells))
        for start, cells in zip(starts, rows, strict=True)
    ]
    return Comparison(series, months)


def _series(params: search.SearchParams) -> Series:
    results = search.search_articles(params)
    return Series(
        params.text,
        charts.per_month(results.days),
        results.days.get(None, 0),
        tuple(results.notes),
    )


def _cells(series: list[Series], start: date, all_articles: int) -> list[Cell]:
    return [
        Cell(count, 100 * count / all_articles if all_articles else None)
        for count in (one.months.get(start, 0) for one in series)
    ]


def _with_width(cell: Cell, peak: float) -> Cell:
    return replace(cell, width=100 * cell.share / peak if cell.share and peak else 0.0)


def month_totals(first: date, last: date) -> dict[date, int]:
    """Return {first day of a month: the archive's articles published in it}, from `first`'s
    month to `last`'s, months counted in the current time zone as search days are."""
    zone = timezone.get_current_timezone()
    after = charts.month_end(last) + timedelta(days=1)
    rows = (
        Article.objects.filter(
            published__gte=datetime.combine(first, time.min, tzinfo=zone),
            published__lt=datetime.combine(after, time.min, tzinfo=zone),
        )
        .annotate(month=TruncMonth("published", output_field=DateField(), tzinfo=zone))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return dict(rows)

"""Pages to wander the archive without searching: by date, by source, by section, undated."""

import calendar
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..forms import PER_PAGE
from ..models import Article, Source
from ..sections import section_name

SOURCES_PER_PAGE = 100
BROWSE_SECTIONS = 20  # the largest; /browse/sections/ lists them all


def archive_totals() -> dict:
    """Return the article and source counts, the span of publication dates, and how many
    articles are dated and undated (the span says nothing about the undated ones)."""
    span = Article.objects.aggregate(
        articles=Count("pk"),
        dated=Count("published"),
        first=Min("published"),
        last=Max("published"),
    )
    return {
        "articles": span["articles"],
        "sources": Source.objects.filter(articles__isnull=False).distinct().count(),
        "first": span["first"],
        "last": span["last"],
        "dated": span["dated"],
        "undated": span["articles"] - span["dated"],
    }


def _counts(articles, part) -> list[tuple[int, int]]:
    """Return (value, article count) for a date part (year, month, day), in order."""
    rows = articles.annotate(part=part("published")).values("part").annotate(n=Count("pk"))
    return [(row["part"], row["n"]) for row in rows.order_by("part")]


def _page(request, articles):
    return Paginator(articles.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )


def browse_index(request):
    dated = Article.objects.dated()
    years = [
        (year, n, reverse("articles:browse_year", args=[year]))
        for year, n in _counts(dated, ExtractYear)
    ]
    sources = Source.objects.annotate(n=Count("articles")).filter(n__gt=0)
    totals = archive_totals()
    context = {
        "years": years,
        "sources": sources,
        "sections": Article.objects.largest_sections(BROWSE_SECTIONS),
        "totals": totals,
        "undated": totals["undated"],
    }
    return render(request, "articles/browse/index.html", context)


def _checked_date(year: int, month: int = 1, day: int = 1) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Http404("No such date.") from error


def browse_year(request, year):
    _checked_date(year)
    articles = Article.objects.filter(published__year=year)
    months = [
        (calendar.month_name[month], n, reverse("articles:browse_month", args=[year, month]))
        for month, n in _counts(articles, ExtractMonth)
    ]
    return _date_page(request, str(year), articles, ("By month", months))


def browse_month(request, year, month):
    _checked_date(year, month)
    articles = Article.objects.filter(published__year=year, published__month=month)
    days = [
        (
            f"{day} {calendar.month_name[month]}",
            n,
            reverse("articles:browse_day", args=[year, month, day]),
        )
        for day, n in _counts(articles, ExtractDay)
    ]
    title = f"{calendar.month_name[month]} {year}"
    crumbs = [(str(year), reverse("articles:browse_year", args=[year]))]
    return _date_page(request, title, articles, ("By day", days), crumbs)


def browse_day(request, year, month, day):
    when = _checked_date(year, month, day)
    articles = Article.objects.filter(published__date=when)
    crumbs = [
        (str(year), reverse("articles:browse_year", args=[year])),
        (calendar.month_name[month], reverse("articles:browse_month", args=[year, month])),
    ]
    return _date_page(
        request, f"{day} {calendar.month_name[month]} {year}", articles, ("", []), crumbs
    )


def _date_page(request, title, articles, periods, crumbs=()):
    return render(
        request,
        "articles/browse/list.html",
        {
            "title": title,
            "periods_title": periods[0],
            "periods": periods[1],
            "crumbs": [("Browse", reverse("articles:browse")), *crumbs],
            "page_obj": _page(request, articles),
        },
    )


def browse_sources(request):
    sources = Source.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("name")
    page_obj = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/browse/sources.html", {"page_obj": page_obj})


def browse_sections(request):
    by_name = sorted(Article.objects.section_counts(), key=lambda row: section_name(row[0]).lower())
    return render(request, "articles/browse/sections.html", {"sections": by_name})


def browse_source(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return _list_page(request, source.name, source.articles.all(), "source", source.slug)


def browse_section(request, slug):
    articles = Article.objects.in_section(slug)
    names = set(articles.values_list("section", flat=True))
    if not names:
        raise Http404("No such section.")
    return _list_page(request, section_name(min(names)), articles, "section", slug)


def browse_undated(request):
    return _list_page(request, "Undated articles", Article.objects.undated())


def _list_page(request, title, articles, feed_kind="", feed_slug=""):
    return render(
        request,
        "articles/browse/list.html",
        {
            "title": title,
            "crumbs": [("Browse", reverse("articles:browse"))],
            "page_obj": _page(request, articles),
            "feed_kind": feed_kind,
            "feed_slug": feed_slug,
        },
    )

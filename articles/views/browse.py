"""Pages to wander the archive without searching: by date, by source, by section, undated."""

import calendar
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .. import counts
from ..forms import PER_PAGE
from ..models import Article, ArticleQuerySet, Source
from ..sections import section_name

SOURCES_PER_PAGE = 100
BROWSE_SECTIONS = 20  # the largest; /browse/sections/ lists them all


def _page(request, articles, count: int):
    """Return the asked-for page of the articles, newest first; `count` (from counts.py) is
    how many there are, so the paginator never counts them."""
    paginator = Paginator(articles.for_listing().newest_first(), PER_PAGE)
    paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def browse_index(request):
    years = [(year, n, reverse("articles:browse_year", args=[year])) for year, n in counts.years()]
    totals = counts.totals()
    context = {
        "years": years,
        "sources": counts.with_article_counts(Source.objects.all()),
        "sections": counts.largest_sections(BROWSE_SECTIONS),
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
    articles = _published_in(counts.period(year))
    months = [
        (calendar.month_name[month], n, reverse("articles:browse_month", args=[year, month]))
        for month, n in counts.months(year)
    ]
    total = sum(n for _, n, _ in months)
    return _date_page(request, str(year), (articles, total), ("By month", months))


def browse_month(request, year, month):
    _checked_date(year, month)
    articles = _published_in(counts.period(year, month))
    days = [
        (
            f"{day} {calendar.month_name[month]}",
            n,
            reverse("articles:browse_day", args=[year, month, day]),
        )
        for day, n in counts.days(year, month)
    ]
    title = f"{calendar.month_name[month]} {year}"
    crumbs = [(str(year), reverse("articles:browse_year", args=[year]))]
    total = sum(n for _, n, _ in days)
    return _date_page(request, title, (articles, total), ("By day", days), crumbs)


def browse_day(request, year, month, day):
    _checked_date(year, month, day)
    articles = _published_in(counts.period(year, month, day))
    total = dict(counts.days(year, month)).get(day, 0)
    crumbs = [
        (str(year), reverse("articles:browse_year", args=[year])),
        (calendar.month_name[month], reverse("articles:browse_month", args=[year, month])),
    ]
    title = f"{day} {calendar.month_name[month]} {year}"
    return _date_page(request, title, (articles, total), ("", []), crumbs)


def _published_in(period: tuple) -> ArticleQuerySet:
    start, end = period
    return Article.objects.filter(published__gte=start, published__lt=end)


def _date_page(request, title, counted, periods, crumbs=()):
    """Render a date's page; `counted` is (its articles, how many)."""
    return render(
        request,
        "articles/browse/list.html",
        {
            "title": title,
            "periods_title": periods[0],
            "periods": periods[1],
            "crumbs": [("Browse", reverse("articles:browse")), *crumbs],
            "page_obj": _page(request, *counted),
        },
    )


def browse_sources(request):
    sources = counts.with_article_counts(Source.objects.order_by("name"))
    page_obj = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/browse/sources.html", {"page_obj": page_obj})


def browse_sections(request):
    by_name = sorted(counts.section_counts(), key=lambda row: section_name(row[0]).lower())
    return render(request, "articles/browse/sections.html", {"sections": by_name})


def browse_source(request, slug):
    source = get_object_or_404(Source, slug=slug)
    counted = (source.articles.all(), counts.in_source(source.pk))
    return _list_page(request, source.name, counted, "source", source.slug)


def browse_section(request, slug):
    names = counts.section_names(slug)
    if not names:
        raise Http404("No such section.")
    counted = (Article.objects.filter(section__in=names), counts.in_sections(names))
    return _list_page(request, section_name(min(names)), counted, "section", slug)


def browse_undated(request):
    return _list_page(request, "Undated articles", (Article.objects.undated(), counts.undated()))


def _list_page(request, title, counted, feed_kind="", feed_slug=""):
    """Render a list of articles; `counted` is (the articles, how many)."""
    return render(
        request,
        "articles/browse/list.html",
        {
            "title": title,
            "crumbs": [("Browse", reverse("articles:browse"))],
            "page_obj": _page(request, *counted),
            "feed_kind": feed_kind,
            "feed_slug": feed_slug,
        },
    )

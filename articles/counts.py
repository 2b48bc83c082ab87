"""How many articles, for the pages that list or count: read from the counts the database
keeps (models.SourceSectionCount and PublishedCount, kept by triggers: migration 0013).

Each answer reads a few small rows, however large the archive: counting the article table
at every request cost the home and browse pages more than a second at a million articles
(docs/benchmarks.md). Dates are local (settings.TIME_ZONE): a local year, month or day
starts on a UTC quarter hour in every time zone, so it is a whole range of PublishedCount
rows.
"""

import calendar
from datetime import MAXYEAR, UTC, date, datetime, timedelta

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.text import slugify

from .models import PublishedCount, SourceSectionCount


def totals() -> dict:
    """Return the article and source counts, the span of publication dates, and how many
    articles are dated and undated (the span says nothing about the undated ones).

    The span is that of the first and last quarter hours with articles: a local day never
    starts within a quarter hour, so their dates are those of the first and last articles.
    """
    sums = SourceSectionCount.objects.aggregate(
        articles=Sum("articles"), undated=Sum("undated"), sources=Count("source_id", distinct=True)
    )
    span = PublishedCount.objects.aggregate(first=Min("period"), last=Max("period"))
    articles, undated = sums["articles"] or 0, sums["undated"] or 0
    return {
        "articles": articles,
        "sources": sums["sources"],
        "first": span["first"],
        "last": span["last"],
        "dated": articles - undated,
        "undated": undated,
    }


def undated() -> int:
    return SourceSectionCount.objects.aggregate(n=Sum("undated"))["n"] or 0


def with_article_counts(sources):
    """Return the sources that have articles, each annotated with their count as `n`."""
    per_source = (
        SourceSectionCount.objects.filter(source_id=OuterRef("pk"))
        .order_by()
        .values("source_id")
        .annotate(total=Sum("articles"))
        .values("total")
    )
    return sources.annotate(n=Subquery(per_source)).filter(n__gt=0)


def in_source(source_id: int) -> int:
    rows = SourceSectionCount.objects.filter(source_id=source_id)
    return rows.aggregate(n=Sum("articles"))["n"] or 0


def section_counts() -> list[tuple[str, str, int]]:
    """Return (name, slug, article count) for each section that has a slug, by name."""
    rows = (
        SourceSectionCount.objects.exclude(section="")
        .order_by("section")
        .values_list("section")
        .annotate(n=Sum("articles"))
    )
    counts = [(name, slugify(name), n) for name, n in rows]
    return [(name, slug, n) for name, slug, n in counts if slug]


def largest_sections(limit: int) -> list[tuple[str, str, int]]:
    """Return section_counts() of the `limit` sections with the most articles."""
    return sorted(section_counts(), key=lambda row: (-row[2], row[0]))[:limit]


def section_names(section_slug: str) -> list[str]:
    """Return the section names that slugify to `section_slug` (several may: "Tech", "tech")."""
    return [name for name, slug, _ in section_counts() if slug == section_slug]


def in_sections(names: list[str]) -> int:
    rows = SourceSectionCount.objects.filter(section__in=names)
    return rows.aggregate(n=Sum("articles"))["n"] or 0


def _local(year: int, month: int = 1, day: int = 1) -> datetime:
    if year > MAXYEAR:  # the end of the last year a datetime holds
        return datetime(MAXYEAR, 12, 31, 23, 45, tzinfo=UTC)
    return timezone.make_aware(datetime(year, month, day), timezone.get_current_timezone())


def period(year: int, month: int | None = None, day: int | None = None):
    """Return [start, end) of a local year, month or day: the date pages list their articles
    by this range of the indexed `published`, where a lookup by month or date ran a date
    function on every article of the year, or of the whole table."""
    if day is not None:
        first = date(year, month, day)
        if first == date.max:
            return _local(year, month, day), _local(MAXYEAR + 1)
        following = first + timedelta(days=1)
        return _local(year, month, day), _local(following.year, following.month, following.day)
    if month is not None:
        return _local(year, month), _local(year + month // 12, month % 12 + 1)
    return _local(year), _local(year + 1)


def _count_periods(periods: list[tuple[datetime, datetime]]) -> list[int]:
    """Return the articles published in each [start, end), in one query over their rows."""
    if not periods:
        return []
    rows = PublishedCount.objects.filter(period__gte=periods[0][0], period__lt=periods[-1][1])
    sums = rows.aggregate(
        **{
            f"p{n}": Sum("articles", filter=Q(period__gte=start, period__lt=end))
            for n, (start, end) in enumerate(periods)
        }
    )
    return [sums[f"p{n}"] or 0 for n in range(len(periods))]


def _nonzero(keys: list[int], periods: list[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    return [(key, n) for key, n in zip(keys, _count_periods(periods), strict=True) if n]


def years() -> list[tuple[int, int]]:
    """Return (year, article count) of each local year with a dated article, in order."""
    span = PublishedCount.objects.aggregate(first=Min("period"), last=Max("period"))
    first, last = span["first"], span["last"]
    if first is None:
        return []
    span = list(range(timezone.localtime(first).year, timezone.localtime(last).year + 1))
    return _nonzero(span, [(_local(year), _local(year + 1)) for year in span])


def months(year: int) -> list[tuple[int, int]]:
    """Return (month, article count) of each month of `year` with articles."""
    ends = [_local(year + month // 12, month % 12 + 1) for month in range(1, 13)]
    starts = [_local(year, 1), *ends[:-1]]
    return _nonzero(list(range(1, 13)), list(zip(starts, ends, strict=True)))


def days(year: int, month: int) -> list[tuple[int, int]]:
    """Return (day, article count) of each day of the month with articles."""
    length = calendar.monthrange(year, month)[1]
    starts = [_local(year, month, day) for day in range(1, length + 1)]
    ends = [*starts[1:], _local(year + month // 12, month % 12 + 1)]
    return _nonzero(list(range(1, length + 1)), list(zip(starts, ends, strict=True)))


def published_between(start: datetime, end: datetime) -> int:
    return _count_periods([(start, end)])[0]

"""The Whoosh engine's filters and facet counts, over the sortable columns of the index.

Facets read Whoosh's column storage (source_slug, section_key, year, month), so counting
every matching article costs one list lookup per hit (docsets.py), not a stored-field read.
"""

import calendar
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from whoosh import query as q

from ..types import TAG_FIELDS, FacetValue, Filters, undated_value
from .analysis import SPEAKER_KEY
from .fastpath.docsets import column_values, per_segment, segment_column

# An article without a date has no year or month; the column then holds this sentinel.
_NO_NUMBER = 2**31 - 1
FACET_COLUMNS = {
    "source": "source_slug",
    "section": "section_key",
    "year": "year",
    "month": "month",
}


def filter_terms(filters: Filters) -> list[q.Query]:
    """Return the term queries for the source, section, tag and speaker filters."""
    parts = []
    if filters.source:
        parts.append(q.Term("source_slug", filters.source))
    if filters.section:
        parts.append(q.Term("section_key", filters.section.lower()))
    parts += [q.Term(TAG_FIELDS[kind], slug) for kind, slug in filters.tags()]
    if filters.speaker:
        parts.append(q.Term(SPEAKER_KEY, filters.speaker))
    return parts


def date_bounds(filters: Filters) -> tuple[datetime, datetime] | None:
    """Return the first and last moment the year, month and date range filters allow."""
    starts, ends = [], []
    if filters.year is not None:
        first_month, last_month = (filters.month, filters.month) if filters.month else (1, 12)
        last_day = calendar.monthrange(filters.year, last_month)[1]
        starts.append(datetime(filters.year, first_month, 1))
        ends.append(datetime.combine(date(filters.year, last_month, last_day), time.max))
    if filters.date_from:
        starts.append(datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        ends.append(datetime.combine(filters.date_to, time.max))
    if not starts and not ends:
        return None
    # Day 2 of year 1: an undated article's empty column value sorts before any real date.
    return max(starts, default=datetime(1, 1, 2)), min(ends, default=datetime.max)


# Whoosh stores a date as microseconds since datetime.min (whoosh.util.times). Every time
# zone's offset is a whole number of quarter hours, so all of one quarter hour falls on
# the same local day: each distinct quarter is converted only once.
_QUARTER_HOUR = 15 * 60 * 1_000_000


def undated_docs(searcher) -> set[int]:
    """Return the documents of articles without a publication date."""
    return {docnum for docnum, undated in enumerate(column_values(searcher, "undated")) if undated}


def count_days(searcher, docs: set[int]) -> dict[date | None, int]:
    """Return {publication day in the current time zone, or None if undated: count}."""
    return dict(Counter(map(_local_days(searcher).__getitem__, docs)))


def _local_days(searcher) -> list[date | None]:
    """Return each document's publication day in the current time zone, kept by segment."""
    zone = timezone.get_current_timezone_name()
    return per_segment(searcher, ("days", zone), _segment_days)


def _segment_days(reader) -> list[date | None]:
    undated = segment_column(reader, "undated")
    published = segment_column(reader, "published", raw=True)
    by_quarter = {}
    days = [None] * len(published)
    for docnum, moment in enumerate(published):
        if not undated[docnum]:
            quarter = moment // _QUARTER_HOUR
            if quarter not in by_quarter:
                utc = datetime.min.replace(tzinfo=UTC) + timedelta(minutes=15 * quarter)
                by_quarter[quarter] = timezone.localdate(utc)
            days[docnum] = by_quarter[quarter]
    return days


def facet_columns(filters: Filters) -> list[tuple[str, str]]:
    """Return the (facet, column) pairs to count: months only once a year is chosen."""
    names = ["source", "section", "year"] + (["month"] if filters.year is not None else [])
    return [(name, FACET_COLUMNS[name]) for name in names]


def counted(counts: dict[str, dict], source_names: dict[str, str]) -> dict[str, list[FacetValue]]:
    """Return each facet's values with their counts, most frequent first (years: newest).

    The year facet ends with the undated articles, if any match, so they are counted and
    one click away like any year.
    """
    facets = {}
    for name, by_value in counts.items():
        values = [
            FacetValue(_key(name, key), _label(name, key, source_names), count)
            for key, count in by_value.items()
            if key not in ("", None, _NO_NUMBER)
        ]
        if name in ("year", "month"):
            values.sort(key=lambda value: int(value.key), reverse=name == "year")
        else:
            values.sort(key=lambda value: (-value.count, value.label.lower()))
        if name == "year" and by_value.get(_NO_NUMBER):
            values.append(undated_value(by_value[_NO_NUMBER]))
        facets[name] = values
    return facets


def _label(name: str, key, source_names: dict[str, str]) -> str:
    if name == "source":
        return source_names.get(key, key)
    if name == "month":
        return calendar.month_name[key % 100]
    return str(key)


def _key(name: str, key) -> str:
    # Months are chosen within a year, so their key is the month number alone.
    return str(key % 100 if name == "month" else key)

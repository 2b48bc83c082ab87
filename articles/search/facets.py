"""Filters that narrow a search, and facet counts over the sortable columns of the index.

Facets read Whoosh's column storage (source_slug, section_key, year, month), so counting
every matching article costs one column lookup per hit, not a scan of stored fields.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time

from whoosh import query as q
from whoosh.sorting import FieldFacet

# An article without a date has no year or month; the column then holds this sentinel.
_NO_NUMBER = 2**31 - 1
FACET_COLUMNS = {
    "source": "source_slug",
    "section": "section_key",
    "year": "year",
    "month": "month",
}


@dataclass(frozen=True)
class Filters:
    """What the results are narrowed to; every part is optional and they combine."""

    source: str = ""  # a source slug, e.g. "bbc-news"
    section: str = ""  # a section key, lower case, e.g. "business"
    year: int | None = None
    month: int | None = None  # 1..12, within `year`
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive

    def __bool__(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class FacetValue:
    key: str  # the value to put in the query string
    label: str
    count: int


def filter_query(filters: Filters) -> q.Query | None:
    """Return the Whoosh query that keeps only articles passing `filters`, or None."""
    parts = []
    if filters.source:
        parts.append(q.Term("source_slug", filters.source))
    if filters.section:
        parts.append(q.Term("section_key", filters.section.lower()))
    if filters.year is not None:
        parts.append(q.NumericRange("year", filters.year, filters.year))
        if filters.month is not None:
            yyyymm = filters.year * 100 + filters.month
            parts.append(q.NumericRange("month", yyyymm, yyyymm))
    if filters.date_from or filters.date_to:
        start = datetime.combine(filters.date_from, time.min) if filters.date_from else None
        end = datetime.combine(filters.date_to, time.max) if filters.date_to else None
        parts.append(q.DateRange("published", start, end))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)


def grouping(filters: Filters) -> dict[str, FieldFacet]:
    """Return the facets to count: months only once a year is chosen."""
    names = ["source", "section", "year"] + (["month"] if filters.year is not None else [])
    return {name: FieldFacet(FACET_COLUMNS[name]) for name in names}


def counted(results, names, source_names: dict[str, str]) -> dict[str, list[FacetValue]]:
    """Return each facet's values with their counts, most frequent first (years: newest)."""
    facets = {}
    for name in names:
        counts = results.groups(name) if results is not None else {}
        values = [
            FacetValue(_key(name, key), _label(name, key, source_names), count)
            for key, count in counts.items()
            if key not in ("", None, _NO_NUMBER)
        ]
        if name in ("year", "month"):
            values.sort(key=lambda value: int(value.key), reverse=name == "year")
        else:
            values.sort(key=lambda value: (-value.count, value.label.lower()))
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

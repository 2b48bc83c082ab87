"""The Whoosh engine's filters and facet counts, over the sortable columns of the index.

Facets read Whoosh's column storage (source_slug, section_key, year, month), so counting
every matching article costs one list lookup per hit (docsets.py), not a stored-field read.
"""

import calendar
import heapq
import threading
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import chain

from django.utils import timezone
from whoosh import query as q

from ..tags import TAG_FACET_VALUES
from ..types import SPEAKER, TAG_FIELDS, FacetValue, Filters, undated_value
from .analysis import SPEAKER_KEY
from .fastpath.docsets import column_values

# An article without a date has no year or month; the column then holds this sentinel.
_NO_NUMBER = 2**31 - 1
FACET_COLUMNS = {
    "source": "source_slug",
    "section": "section_key",
    "year": "year",
    "month": "month",
}


def filter_terms(filters: Filters) -> list[q.Query]:
    """Return the term queries for the source and section filters."""
    parts = []
    if filters.source:
        parts.append(q.Term("source_slug", filters.source))
    if filters.section:
        parts.append(q.Term("section_key", filters.section.lower()))
    parts += [q.Term(TAG_FIELDS[kind], slug) for kind, slug in filters.tags()]
    if filters.speaker:
        parts.append(q.Term(SPEAKER_KEY, filters.speaker))
    return parts


# Columns of `slug<TAB>name` lines, one per tag kind, and the quoted speakers' as one more.
_KEYWORD_FACETS = TAG_FIELDS | {SPEAKER: SPEAKER_KEY}

# A tag in at most this many articles of the whole archive is counted only when it could
# reach the facets' list (count_tags).
RARE_TAG_ARTICLES = 7

_tags_lock = threading.Lock()
_tags: dict = {"reader": None, "kinds": {}}


def count_tags(searcher, docs: set[int]) -> dict[str, Counter]:
    """Return {kind: {(slug, name): number of `docs` tagged with it}} for the kinds the
    index has (one built before tags has none: rebuild_index adds them), the quoted
    speakers as one more kind, SPEAKER: exact for the TAG_FACET_VALUES commonest of each
    kind and any tied with the last of them, which is all that tags.tag_facets lists.

    Each document's tags of a kind are kept as tuples (read once per reader), and the
    matches' tuples are chained into a Counter, at C speed. A common word's results name
    tens of thousands of people and bodies found in the text, most of them in a handful of
    articles of the whole archive: those (RARE_TAG_ARTICLES or fewer) are counted only when
    the commonest tags' last count does not already exceed what any of them could reach.
    """
    counts = {}
    for kind, field in _KEYWORD_FACETS.items():
        if field in searcher.schema:
            common, rare = _document_tags(searcher, kind, field)
            counted = Counter(chain.from_iterable(map(common.__getitem__, docs)))
            if _rare_may_rank(counted):
                counted.update(chain.from_iterable(map(rare.__getitem__, docs)))
            counts[kind] = counted
    return counts


def _rare_may_rank(counted: Counter) -> bool:
    """Return True if a rare tag could be among, or tie with, the commonest `counted`."""
    if len(counted) < TAG_FACET_VALUES:
        return True
    return heapq.nlargest(TAG_FACET_VALUES, counted.values())[-1] <= RARE_TAG_ARTICLES


def _slug_and_name(line: str) -> tuple[str, str]:
    slug, _, name = line.partition("\t")
    return slug, name or slug


def _document_tags(searcher, kind: str, field: str) -> tuple[list[tuple], list[tuple]]:
    """Return each document's (slug, name) tags of a kind, by document number: those in more
    than RARE_TAG_ARTICLES articles of the archive, and the rest; from the kind's column,
    cached per reader. Documents with the same tags share their tuples."""
    reader = searcher.reader()
    with _tags_lock:
        if _tags["reader"] is reader and kind in _tags["kinds"]:
            return _tags["kinds"][kind]
    parsed: dict[str | None, tuple] = {"": (), None: ()}  # a document without the kind
    values = column_values(searcher, field)
    for value in values:
        if value not in parsed:
            parsed[value] = tuple(map(_slug_and_name, value.split("\n")))
    articles = Counter(chain.from_iterable(map(parsed.__getitem__, values)))
    split = {value: _split_by_rarity(tags, articles) for value, tags in parsed.items()}
    common = [split[value][0] for value in values]
    rare = [split[value][1] for value in values]
    with _tags_lock:
        if _tags["reader"] is not reader:
            _tags.update(reader=reader, kinds={})
        _tags["kinds"][kind] = (common, rare)
    return common, rare


def _split_by_rarity(tags: tuple, articles: Counter) -> tuple[tuple, tuple]:
    common = tuple(tag for tag in tags if articles[tag] > RARE_TAG_ARTICLES)
    return common, tuple(tag for tag in tags if articles[tag] <= RARE_TAG_ARTICLES)


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
_days_lock = threading.Lock()
_days: dict = {"key": None, "days": None}


def undated_docs(searcher) -> set[int]:
    """Return the documents of articles without a publication date."""
    return {docnum for docnum, undated in enumerate(column_values(searcher, "undated")) if undated}


def count_days(searcher, docs: set[int]) -> dict[date | None, int]:
    """Return {publication day in the current time zone, or None if undated: count}."""
    return dict(Counter(map(_local_days(searcher).__getitem__, docs)))


def _local_days(searcher) -> list[date | None]:
    """Return each document's publication day in the current time zone, cached per reader."""
    key = (searcher.reader(), timezone.get_current_timezone_name())
    with _days_lock:
        if _days["key"] != key:
            undated = column_values(searcher, "undated")
            published = column_values(searcher, "published", raw=True)
            by_quarter = {}
            days = [None] * len(published)
            for docnum, moment in enumerate(published):
                if not undated[docnum]:
                    quarter = moment // _QUARTER_HOUR
                    if quarter not in by_quarter:
                        utc = datetime.min.replace(tzinfo=UTC) + timedelta(minutes=15 * quarter)
                        by_quarter[quarter] = timezone.localdate(utc)
                    days[docnum] = by_quarter[quarter]
            _days.update(key=key, days=days)
        return _days["days"]


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

"""The Whoosh engine's filters and facet counts, over the sortable columns of the index.

Facets read Whoosh's column storage (source_slug, section_key, year, month), so counting
every matching article costs one list lookup per hit (docsets.py), not a stored-field read.
"""

import calendar
import heapq
import threading
from bisect import bisect_right
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from itertools import accumulate, chain

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

# A tag in at most this many articles of the whole archive is rare: count_tags counts it
# only while it could still reach the facets' list.
RARE_TAG_ARTICLES = 7
# What counting a kind's rare tags costs, as parts of visiting one rare tag (count_tags):
# each of its documents looked up among the matches; reading the kind's rare tags of each
# matching document instead, and each such tag read.
_PROBE_COST = 0.05
_DOCUMENT_COST = 0.4
_READ_COST = 0.3
# The rare tags are read at once when visiting all that could be listed would cost this
# many times more than reading them (visits usually stop well before: the last count rises).
_READ_RATHER = 4

_tags_lock = threading.Lock()
_tags: dict = {"key": None, "table": None}


def count_tags(searcher, docs: set[int]) -> dict[str, dict[tuple[str, str], int]]:
    """Return {kind: {(slug, name): number of `docs` tagged with it}} for the kinds the
    index has (one built before tags has none: rebuild_index adds them), the quoted
    speakers as one more kind, SPEAKER: the tags tags.tag_facets lists, each kind's
    TAG_FACET_VALUES commonest (of those tied with the last, the first by name), exactly
    counted.

    The common tags of the matches (each in more than RARE_TAG_ARTICLES articles of the
    archive), numbered, are counted in one pass at C speed. A common word's results also
    name tens of thousands of people and bodies found in the text, most of them rare: those
    are visited from the most articles in the archive down, each counted by intersecting
    its few articles with the matches, and only while a tag's articles are at least the
    count of its kind's last listed tag (a tag in fewer can neither reach nor tie it). When
    the matches are so few that reading their rare tags costs less, they are read instead.
    """
    table = _tag_table(searcher)
    if not table.rare:  # an index built before tags and quotes
        return {}
    by_kind: dict[str, dict[int, int]] = {kind: {} for kind in table.rare}
    kinds = table.kinds
    for number, count in _tally(table.common, docs).items():
        by_kind[kinds[number]][number] = count
    return {
        kind: _listed(counts, _count_rare(counts, table, kind, docs), table)
        for kind, counts in by_kind.items()
    }


def _tally(tags: list[tuple[int, ...]], docs: set[int]) -> Counter:
    """Return {tag number: how many of `docs` have it} from each document's `tags`."""
    return Counter(chain.from_iterable(map(tags.__getitem__, docs)))


def _count_rare(counts: dict[int, int], table: "_TagTable", kind: str, docs: set[int]):
    """Add to a kind's `counts` (of its common tags) those of its rare tags that could be
    listed: visited from the most articles down while they cost less than reading them, or
    read at once if visiting all that could be listed would cost far more. Return the
    TAG_FACET_VALUES largest counts as a heap when the visits kept it, else None."""
    rare = table.rare_by_kind[kind]
    if not rare:
        return None
    budget = len(docs) * (_DOCUMENT_COST + _READ_COST * table.rare_per_document[kind])
    last = sorted(counts.values())[-TAG_FACET_VALUES:]  # ascending: a heap of the top counts
    # At most the rare tags in as many articles as the last count so far can be visited.
    least = last[0] if len(last) == TAG_FACET_VALUES else 1
    most = bisect_right(rare, -least, key=_fewer_articles)
    if most + _PROBE_COST * table.rare_documents[kind][most] > _READ_RATHER * budget:
        counts.update(_tally(table.rare[kind], docs))
        return None
    found = {}
    for number, documents in rare:
        if len(last) == TAG_FACET_VALUES and len(documents) < last[0]:
            break  # this tag, and every one after it, is in fewer articles than the last count
        budget -= 1 + _PROBE_COST * len(documents)
        if budget < 0:  # read the matches' rare tags instead: the same counts
            counts.update(_tally(table.rare[kind], docs))
            return None
        count = len(docs.intersection(documents))
        if count:
            found[number] = count
            if len(last) < TAG_FACET_VALUES:
                heapq.heappush(last, count)
            elif count > last[0]:
                heapq.heapreplace(last, count)
    counts.update(found)
    return last


def _fewer_articles(rare_tag: tuple[int, tuple]) -> int:
    return -len(rare_tag[1])


def _listed(counts: dict[int, int], top: list | None, table: "_TagTable") -> dict:
    """Return {(slug, name): count} of the TAG_FACET_VALUES commonest of `counts` (`top`:
    their counts, if known); of those tied with the last, the first by name (as
    tags.tag_facets chooses them)."""
    names = table.names
    if len(counts) <= TAG_FACET_VALUES:
        return {names[number]: count for number, count in counts.items()}
    if top is None or len(top) < TAG_FACET_VALUES:
        top = heapq.nlargest(TAG_FACET_VALUES, counts.values())
    last = min(top)
    kept = [number for number, count in counts.items() if count >= last]
    if len(kept) > TAG_FACET_VALUES:
        above = [number for number in kept if counts[number] > last]
        tied = [number for number in kept if counts[number] == last]
        wanted = TAG_FACET_VALUES - len(above)
        kept = above + heapq.nsmallest(wanted, tied, key=table.by_name.__getitem__)
    return {names[number]: counts[number] for number in kept}


def _slug_and_name(line: str) -> tuple[str, str]:
    slug, _, name = line.partition("\t")
    return slug, name or slug


def _tag_table(searcher) -> "_TagTable":
    key = (searcher.reader(), RARE_TAG_ARTICLES)
    with _tags_lock:
        if _tags["key"] == key:
            return _tags["table"]
    table = _TagTable(searcher)
    with _tags_lock:
        _tags.update(key=key, table=table)
    return table


class _TagTable:
    """The index's tags, numbered, and which documents have them, read once per reader.

    `names[number]` is a tag's (slug, name), `kinds[number]` its kind and `by_name[number]`
    its place by name (ties at the last listed count go by name). `common[docnum]`
    are the numbers of a document's tags in more than RARE_TAG_ARTICLES articles, of every
    kind; `rare[kind][docnum]` those of a kind in fewer, and `rare_by_kind[kind]` the kind's
    rare tags, most articles first, each as (number, its documents). Documents with the same
    tags share their tuples. A tag without a slug is never listed, so never numbered. A tag's
    articles include versions the index has deleted but not yet merged away: never fewer
    than it has among any matches, which is all the pruning needs.
    """

    def __init__(self, searcher):
        self.names: list[tuple[str, str]] = []
        self.kinds: list[str] = []
        by_kind = {
            kind: self._numbered(kind, column_values(searcher, field))
            for kind, field in _KEYWORD_FACETS.items()
            if field in searcher.schema
        }
        articles = Counter()
        for tags in by_kind.values():
            articles.update(chain.from_iterable(tags))
        common, self.rare = {}, {}
        for kind, tags in by_kind.items():
            common[kind], self.rare[kind] = _split(tags, articles)
        self.common = list(map(tuple, map(chain.from_iterable, zip(*common.values(), strict=True))))
        self.rare_per_document = {
            kind: sum(map(len, tags)) / max(1, len(tags)) for kind, tags in self.rare.items()
        }
        rare_docs = defaultdict(list)
        for tags in self.rare.values():
            for docnum, numbers in enumerate(tags):
                for number in numbers:
                    rare_docs[number].append(docnum)
        self.rare_by_kind = {kind: [] for kind in by_kind}
        for number in sorted(rare_docs, key=lambda number: (-articles[number], number)):
            self.rare_by_kind[self.kinds[number]].append((number, tuple(rare_docs[number])))
        self.rare_documents = {  # the documents of a kind's first n rare tags, by n
            kind: [0, *accumulate(len(documents) for _, documents in rare)]
            for kind, rare in self.rare_by_kind.items()
        }

    @cached_property
    def by_name(self) -> list[int]:
        """Return each tag's place among all by name (only ties at the 100th place need it)."""
        places = [0] * len(self.names)
        in_order = sorted(
            range(len(self.names)), key=lambda n: (self.names[n][1].lower(), *self.names[n])
        )
        for place, number in enumerate(in_order):
            places[number] = place
        return places

    def _numbered(self, kind: str, values: list) -> list[tuple[int, ...]]:
        """Return each document's tags of a kind as numbers (a tag once), numbering new ones."""
        numbers: dict[tuple[str, str], int] = {}
        parsed: dict[str | None, tuple] = {"": (), None: ()}  # a document without the kind
        for value in values:
            if value not in parsed:
                tags = [tag for tag in map(_slug_and_name, value.split("\n")) if tag[0]]
                for tag in tags:
                    if tag not in numbers:
                        numbers[tag] = len(self.names)
                        self.names.append(tag)
                        self.kinds.append(kind)
                parsed[value] = tuple(dict.fromkeys(numbers[tag] for tag in tags))
        return [parsed[value] for value in values]


def _split(tags: list[tuple[int, ...]], articles: Counter) -> tuple[list[tuple], list[tuple]]:
    """Return each document's tags in more than RARE_TAG_ARTICLES `articles`, and the rest."""
    split = {
        numbers: (
            tuple(number for number in numbers if articles[number] > RARE_TAG_ARTICLES),
            tuple(number for number in numbers if articles[number] <= RARE_TAG_ARTICLES),
        )
        for numbers in dict.fromkeys(tags)
    }
    pairs = list(map(split.__getitem__, tags))
    return [pair[0] for pair in pairs], [pair[1] for pair in pairs]


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

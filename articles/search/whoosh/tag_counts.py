"""The Whoosh engine's tag facets: how many of a search's matches have each tag, by kind.

The index keeps each document's tags of a kind as a column of `slug<TAB>name` lines
(analysis.tag_fields); read once per reader, every tag is numbered, kind after kind, and
every document's tags of all kinds are laid end to end in one array. A search's counts are
then numpy's bincount over its matches' stretches of that array, in C: a common word's
45,000 matches at 100,000 articles hold about 300,000 tags, which collections.Counter took
20 to 30 ms to count, more than the rest of the search (docs/benchmarks.md). Each kind
lists its TAG_FACET_VALUES commonest tags, exactly counted; of those tied with the last,
the first by name, as tags.tag_facets chooses them.
"""

import threading
from functools import cached_property

import numpy as np

from ..tags import TAG_FACET_VALUES
from ..types import SPEAKER, TAG_FIELDS
from .analysis import SPEAKER_KEY
from .fastpath.docsets import column_values

# Columns of `slug<TAB>name` lines, one per tag kind, and the quoted speakers' as one more.
KEYWORD_FACETS = TAG_FIELDS | {SPEAKER: SPEAKER_KEY}

_tables_lock = threading.Lock()
_tables: dict = {"reader": None, "table": None}


def count_tags(searcher, docs: set[int]) -> dict[str, dict[tuple[str, str], int]]:
    """Return {kind: {(slug, name): number of `docs` tagged with it}} for the kinds the
    index has (one built before tags has none: rebuild_index adds them), the quoted
    speakers as one more kind, SPEAKER: each kind's TAG_FACET_VALUES commonest among `docs`
    (of those tied with the last, the first by name), exactly counted."""
    table = _tag_table(searcher)
    if not table.kinds:  # an index built before tags and quotes
        return {}
    counts = table.counts(docs)
    return {kind: table.listed(kind, counts) for kind in table.kinds}


def _tag_table(searcher) -> "TagTable":
    reader = searcher.reader()
    with _tables_lock:
        if _tables["reader"] is reader:
            return _tables["table"]
    table = TagTable(searcher)
    with _tables_lock:
        _tables.update(reader=reader, table=table)
    return table


class TagTable:
    """The index's tags, numbered, and each document's, read once per reader.

    `names[number]` is a tag's (slug, name); the numbers of a kind run from
    kinds[kind][0] to kinds[kind][1]. Document d's tags are tags[starts[d]:starts[d] +
    lengths[d]]. A tag without a slug is never listed, so never numbered.
    """

    def __init__(self, searcher):
        self.names: list[tuple[str, str]] = []
        self.kinds: dict[str, tuple[int, int]] = {}
        by_kind = []
        for kind, field in KEYWORD_FACETS.items():
            if field in searcher.schema:
                first = len(self.names)
                by_kind.append(self._numbered(column_values(searcher, field)))
                self.kinds[kind] = (first, len(self.names))
        documents = [sum(parts, ()) for parts in zip(*by_kind, strict=True)] if by_kind else []
        self.lengths = np.fromiter(map(len, documents), np.int64, len(documents))
        self.starts = np.zeros(len(documents), np.int64)
        if len(documents) > 1:
            np.cumsum(self.lengths[:-1], out=self.starts[1:])
        total = int(self.lengths.sum())
        self.tags = np.fromiter((n for tags in documents for n in tags), np.int64, total)

    def counts(self, docs: set[int]) -> np.ndarray:
        """Return how many of `docs` have each tag, by tag number."""
        chosen = np.fromiter(docs, np.int64, len(docs))
        lengths = self.lengths[chosen]
        total = int(lengths.sum())
        # The places of the chosen documents' tags: each document's start, then one on.
        ends = np.cumsum(lengths)
        places = np.repeat(self.starts[chosen] - (ends - lengths), lengths) + np.arange(total)
        return np.bincount(self.tags[places], minlength=len(self.names))

    def listed(self, kind: str, counts: np.ndarray) -> dict[tuple[str, str], int]:
        """Return {(slug, name): count} of the kind's TAG_FACET_VALUES commonest tags; of
        those tied with the last, the first by name."""
        first, end = self.kinds[kind]
        of_kind = counts[first:end]
        found = np.flatnonzero(of_kind)
        if len(found) > TAG_FACET_VALUES:
            found_counts = of_kind[found]
            cut = len(found) - TAG_FACET_VALUES
            last = np.partition(found_counts, cut)[cut]  # the TAG_FACET_VALUES-th largest
            above, tied = found[found_counts > last], found[found_counts == last]
            wanted = TAG_FACET_VALUES - len(above)
            if len(tied) > wanted:
                tied = tied[np.argsort(self.by_name[tied + first], kind="stable")[:wanted]]
            found = np.concatenate((above, tied))
        names = self.names
        return {
            names[number]: count
            for number, count in zip((found + first).tolist(), of_kind[found].tolist(), strict=True)
        }

    @cached_property
    def by_name(self) -> np.ndarray:
        """Return each tag's place among all by name (only ties at the last place need it)."""
        in_order = sorted(
            range(len(self.names)), key=lambda n: (self.names[n][1].lower(), *self.names[n])
        )
        places = np.zeros(len(self.names), np.int64)
        places[in_order] = np.arange(len(in_order))
        return places

    def _numbered(self, values: list) -> list[tuple[int, ...]]:
        """Return each document's tags of one kind as numbers (a tag once), numbering new ones."""
        numbers: dict[tuple[str, str], int] = {}
        parsed: dict[str | None, tuple] = {"": (), None: ()}  # a document without the kind
        for value in values:
            if value not in parsed:
                tags = [tag for tag in map(_slug_and_name, value.split("\n")) if tag[0]]
                for tag in tags:
                    if tag not in numbers:
                        numbers[tag] = len(self.names)
                        self.names.append(tag)
                parsed[value] = tuple(dict.fromkeys(numbers[tag] for tag in tags))
        return [parsed[value] for value in values]


def _slug_and_name(line: str) -> tuple[str, str]:
    slug, _, name = line.partition("\t")
    return slug, name or slug

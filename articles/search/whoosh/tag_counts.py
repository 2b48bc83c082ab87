"""The Whoosh engine's tag facets: how many of a search's matches have each tag, by kind.

The index keeps each document's tags of a kind as a column of `slug<TAB>name` lines
(analysis.tag_fields). Each kind's tags are numbered once in this process, and each
segment's documents become two arrays: how many tags each has, and their numbers end to
end. A search's counts are then numpy's bincount over its matches' stretches of those
arrays, in C: a common word's 45,000 matches at 100,000 articles hold about 300,000 tags,
which collections.Counter took 20 to 30 ms to count, more than the rest of the search
(docs/benchmarks.md).

A segment's documents never change once written, and a tag's number never changes in a
process, so a segment is read once: after an edit only its new small segment is. Reading
every document's tags again took over a second at 100,000 articles, and every edit made
the next search in each serving process pay it.

Each kind lists its TAG_FACET_VALUES commonest tags, exactly counted; of those tied with
the last, the first by name, as tags.tag_facets chooses them.
"""

import threading
from itertools import chain

import numpy as np

from ..tags import TAG_FACET_VALUES
from ..types import SPEAKER, TAG_FIELDS
from .analysis import SPEAKER_KEY
from .fastpath.docsets import read_segment_column, segment_id

# Columns of `slug<TAB>name` lines, one per tag kind, and the quoted speakers' as one more.
KEYWORD_FACETS = TAG_FIELDS | {SPEAKER: SPEAKER_KEY}

_lock = threading.Lock()
_tables: dict = {"reader": None, "table": None}
# (segment id, column) -> (tags of each document, their numbers end to end), for the
# segments of the current reader.
_segments: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
_NONE = np.zeros(0, np.int64)  # no tag numbers: what documents no segment holds have


def count_tags(searcher, docs: set[int]) -> dict[str, dict[tuple[str, str], int]]:
    """Return {kind: {(slug, name): number of `docs` tagged with it}} for the kinds the
    index has (one built before tags has none: rebuild_index adds them), the quoted
    speakers as one more kind, SPEAKER: each kind's TAG_FACET_VALUES commonest among `docs`
    (of those tied with the last, the first by name), exactly counted."""
    table = _tag_table(searcher)
    if not table.kinds:  # an index built before tags and quotes
        return {}
    chosen = np.fromiter(docs, np.int64, len(docs))
    return {kind: tags.listed(tags.counts(chosen)) for kind, tags in table.kinds.items()}


def _tag_table(searcher) -> "TagTable":
    reader = searcher.reader()
    with _lock:
        if _tables["reader"] is not reader:
            _tables.update(reader=reader, table=TagTable(searcher))
        return _tables["table"]


class Numbering:
    """One kind's tags numbered in this process. Numbers are only ever added, so a
    segment's numbered tags hold for every later reader that still has the segment; a tag
    no document has any more counts 0, and is never listed."""

    def __init__(self):
        self.numbers: dict[tuple[str, str], int] = {}
        self.names: list[tuple[str, str]] = []
        self._by_name: np.ndarray | None = None

    def numbered(self, values: list) -> tuple[np.ndarray, np.ndarray]:
        """Return each document's number of tags, and their numbers end to end, for a
        segment's column values (a tag once a document; one without a slug never)."""
        parsed: dict[str | None, tuple] = {"": (), None: ()}  # a document without the kind
        for value in values:
            if value not in parsed:
                tags = [tag for tag in map(_slug_and_name, value.split("\n")) if tag[0]]
                parsed[value] = tuple(dict.fromkeys(map(self._number, tags)))
        documents = [parsed[value] for value in values]
        lengths = np.fromiter(map(len, documents), np.int64, len(documents))
        numbers = np.fromiter(chain.from_iterable(documents), np.int64, int(lengths.sum()))
        return lengths, numbers

    def _number(self, tag: tuple[str, str]) -> int:
        number = self.numbers.get(tag)
        if number is None:
            number = self.numbers[tag] = len(self.names)
            self.names.append(tag)
        return number

    def by_name(self) -> np.ndarray:
        """Return each tag's place among the kind's by name (only ties at the last place
        need it), made again only when tags were added."""
        if self._by_name is None or len(self._by_name) != len(self.names):
            names = self.names
            in_order = sorted(range(len(names)), key=lambda n: (names[n][1].lower(), *names[n]))
            places = np.zeros(len(names), np.int64)
            places[in_order] = np.arange(len(in_order))
            self._by_name = places
        return self._by_name


_numberings: dict[str, Numbering] = {kind: Numbering() for kind in KEYWORD_FACETS}


class KindTags:
    """One kind's tags of every document of a reader: document d's are
    tags[starts[d]:starts[d] + lengths[d]], numbered by `numbering`."""

    def __init__(self, numbering: Numbering, pieces: list[tuple[np.ndarray, np.ndarray]]):
        self.numbering = numbering
        self.lengths = np.concatenate([lengths for lengths, _ in pieces])
        self.tags = np.concatenate([tags for _, tags in pieces])
        self.starts = np.zeros(len(self.lengths), np.int64)
        if len(self.lengths) > 1:
            np.cumsum(self.lengths[:-1], out=self.starts[1:])

    def counts(self, chosen: np.ndarray) -> np.ndarray:
        """Return how many of the `chosen` documents have each tag, by tag number."""
        lengths = self.lengths[chosen]
        total = int(lengths.sum())
        # The places of the chosen documents' tags: each document's start, then one on.
        ends = np.cumsum(lengths)
        places = np.repeat(self.starts[chosen] - (ends - lengths), lengths) + np.arange(total)
        return np.bincount(self.tags[places], minlength=len(self.numbering.names))

    def listed(self, counts: np.ndarray) -> dict[tuple[str, str], int]:
        """Return {(slug, name): count} of the TAG_FACET_VALUES commonest tags; of those
        tied with the last, the first by name."""
        found = np.flatnonzero(counts)
        if len(found) > TAG_FACET_VALUES:
            found_counts = counts[found]
            cut = len(found) - TAG_FACET_VALUES
            last = np.partition(found_counts, cut)[cut]  # the TAG_FACET_VALUES-th largest
            above, tied = found[found_counts > last], found[found_counts == last]
            wanted = TAG_FACET_VALUES - len(above)
            if len(tied) > wanted:
                by_name = self.numbering.by_name()
                tied = tied[np.argsort(by_name[tied], kind="stable")[:wanted]]
            found = np.concatenate((above, tied))
        names = self.numbering.names
        return {
            names[number]: count
            for number, count in zip(found.tolist(), counts[found].tolist(), strict=True)
        }


class TagTable:
    """Each kind's tags of every document of one reader, from its segments' (cached)."""

    def __init__(self, searcher):
        leaves = sorted(searcher.leaf_searchers(), key=lambda pair: pair[1])
        _forget_other_segments(leaf.reader() for leaf, _ in leaves)
        self.kinds: dict[str, KindTags] = {}
        for kind, field in KEYWORD_FACETS.items():
            if field in searcher.schema:
                pieces, documents = [], 0
                for leaf, offset in leaves:
                    if offset > documents:  # never seen, but a gap must not shift numbers
                        pieces.append((np.zeros(offset - documents, np.int64), _NONE))
                    pieces.append(_segment_tags(leaf.reader(), kind, field))
                    documents = offset + leaf.reader().doc_count_all()
                self.kinds[kind] = KindTags(_numberings[kind], pieces)


def _segment_tags(reader, kind: str, field: str) -> tuple[np.ndarray, np.ndarray]:
    key = (segment_id(reader), field)
    if key not in _segments:
        _segments[key] = _numberings[kind].numbered(read_segment_column(reader, field))
    return _segments[key]


def _forget_other_segments(readers) -> None:
    current = {segment_id(reader) for reader in readers}
    for key in [key for key in _segments if key[0] not in current]:
        del _segments[key]


def _slug_and_name(line: str) -> tuple[str, str]:
    slug, _, name = line.partition("\t")
    return slug, name or slug

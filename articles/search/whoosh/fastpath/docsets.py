"""The set of every document a query matches, for the hit count and the facet counts.

Whoosh counts matches by stepping its matchers one posting at a time in Python, which
costs about 4 µs a document: 330 ms for a word in 84,000 of 100,000 articles. Here a word's
postings are read a block at a time (arrays of up to 128 document numbers) and combined as
Python sets, which is about ten times faster. Exact phrases check the positions of only the
documents that have all their words; queries this module does not know (proximity, ranges)
are still matched by Whoosh, only for that part of the query.

Facet counts then read each document's value from a per-reader copy of the sortable
columns, counted in C by collections.Counter.
"""

import threading
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain, compress

from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

from . import Unsupported
from .postings import deleted_docs, positions_decoder, positions_in, read_blocks, segment_files


def matching_docs(query: q.Query, searcher) -> set[int]:
    """Return the numbers of the documents `query` matches in `searcher`."""
    if isinstance(query, q.Term):
        return _term_docs(searcher, query.fieldname, query.text)
    if isinstance(query, q.Or) and not any(isinstance(c, q.Not) for c in query.subqueries):
        return set().union(*(matching_docs(child, searcher) for child in query.subqueries))
    if isinstance(query, q.And):
        return _and_docs(query.subqueries, searcher)
    if isinstance(query, q.AndNot):
        return matching_docs(query.a, searcher) - matching_docs(query.b, searcher)
    if isinstance(query, q.AndMaybe):
        return matching_docs(query.a, searcher)
    if isinstance(query, q.ConstantScoreQuery):
        return matching_docs(query.child, searcher)
    if query is q.NullQuery:
        return set()
    if isinstance(query, q.Phrase) and query.slop == 1:
        return _remembered_docs(query, searcher, _phrase_docs)
    return _remembered_docs(query, searcher, _whoosh_docs)


# Within one search, each term's postings blocks are read once and the documents of each
# phrase (or other query Whoosh must match) worked out once: ranking asks for them again
# after the count did. Never kept across searches.
_remembered: ContextVar[dict | None] = ContextVar("remembered_docs", default=None)


@contextmanager
def one_search():
    """Remember postings read and what queries matched until the block ends (one search)."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _remembered_docs(query: q.Query, searcher, find) -> set[int]:
    remembered = _remembered.get()
    if remembered is None:
        return find(query, searcher)
    if query not in remembered:
        remembered[query] = find(query, searcher)
    return remembered[query]


def _whoosh_docs(query: q.Query, searcher) -> set[int]:
    return set(query.matcher(searcher).all_ids())


def _phrase_docs(phrase: q.Phrase, searcher) -> set[int]:
    """Return the documents with the words of `phrase` next to each other, in order.

    Whoosh's span matcher reads and compares positions for every document with all the
    words, through several layers of matchers, once for each word of the phrase: 30 times
    "the" read the positions of "the" 30 times (4.5 s at 24,000 articles). Here the
    documents of the rarest word are the candidates, narrowed by the document sets of the
    words about as rare (up to _NARROWS times its documents), and each distinct word's
    positions are read once, rarest word first, only for the documents still possible: the
    blocks of a far commoner word ("said", in most articles) that hold none of them are
    never read, not even for their ids.
    """
    fieldname = phrase.fieldname
    if fieldname not in searcher.schema:
        return set()
    field = searcher.schema[fieldname]
    try:
        words = [field.to_bytes(word) for word in phrase.words]
    except ValueError:
        return set()
    if not words:
        return set()
    docs = set()
    decode = positions_decoder(field.format)
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if any((fieldname, word) not in reader for word in words):
            continue
        try:
            frequency = {word: reader.doc_frequency(fieldname, word) for word in words}
            rarest_first = sorted(frequency, key=frequency.__getitem__)
            candidates = _segment_docs(reader, fieldname, rarest_first[0])
            for word in rarest_first[1:]:
                if not candidates or frequency[word] > _NARROWS * frequency[rarest_first[0]]:
                    break
                candidates &= _segment_docs(reader, fieldname, word)
            candidates = _often_enough(reader, fieldname, words, candidates)
            if candidates:
                found = _phrase_starts(reader, fieldname, words, rarest_first, candidates, decode)
                docs.update(docnum + offset for docnum in found)
        except Unsupported:  # the fast path is off or cannot read the segment: Whoosh matches
            return _whoosh_docs(phrase, searcher)
    return docs


# A phrase's word in at most this many times the documents of its rarest narrows the
# candidates by its document set; a commoner word's documents cost more to read (all of
# its blocks' ids) than its positions in the candidates only ("Administration said").
_NARROWS = 4


def _often_enough(reader, fieldname: str, words: list[bytes], candidates: set[int]) -> set:
    """Return the candidates that have each word the phrase repeats at least as often as
    the phrase has it: `"the the ... the"` (30 times) needs 30, which most articles lack,
    and a posting's weight is its word's count, read without its positions."""
    for word, places in Counter(words).items():
        if places > 1 and candidates:
            blocks, _ = term_blocks(reader, fieldname, word)
            often = float(places).__le__  # weights are floats
            having = (compress(ids, map(often, weights)) for ids, weights, _ in blocks)
            candidates = candidates.intersection(chain.from_iterable(having))
    return candidates


def _segment_docs(reader, fieldname: str, word: bytes) -> set[int]:
    blocks, deleted = term_blocks(reader, fieldname, word)
    return set().union(*(ids for ids, _, _ in blocks)) - deleted


def _phrase_starts(reader, fieldname: str, words, order, candidates: set[int], decode) -> set:
    """Return the candidate documents where the words follow on, one after another.

    Each distinct word (in `order`), at each place the phrase has it, narrows the anchors
    the words before it left, and only the documents with an anchor left have the next
    word's positions read: after the rarest pair of words, few documents usually
    remain, and "the the the ..." is decided at its second place in almost every text.
    """
    places: dict[bytes, list[int]] = {}
    for place, word in enumerate(words):
        places.setdefault(word, []).append(place)
    # The phrase is followed by where its rarest word's first place falls (its anchor);
    # a word at place p is then p - anchor after it.
    anchor = places[order[0]][0]
    anchors: dict = dict.fromkeys(candidates)
    for step, word in enumerate(order):
        positions = _word_positions(reader, fieldname, word, set(anchors), decode)
        word_places = places[word]
        if not step:  # every candidate has the word: its positions are the anchors
            anchors, word_places = positions, word_places[1:]
        for number, place in enumerate(word_places, start=1):
            if step == len(order) - 1 and number == len(word_places):  # the last: keep none
                at_place = (place - anchor).__add__
                return {
                    d
                    for d, left in anchors.items()
                    if not set(map(at_place, left)).isdisjoint(positions.get(d, ()))
                }
            to_anchor = (anchor - place).__add__
            anchors = {  # a document without the word has no positions for it
                docnum: left
                for docnum, previous in anchors.items()
                if (left := set(map(to_anchor, positions.get(docnum, ()))).intersection(previous))
            }
            if not anchors:
                return set()
    return set(anchors)


def _word_positions(reader, fieldname: str, word: bytes, docs: set[int], decode) -> dict:
    """Return {document: positions of the word} for `docs`, from the blocks holding them."""
    try:
        return positions_in(reader, fieldname, word, docs, decode)
    except Unsupported:  # read through Whoosh's matcher: its blocks carry the positions
        blocks = term_blocks(reader, fieldname, word, positions=True)[0]
        return _positions(blocks, docs, decode)


def _positions(blocks: list[tuple], docs: set[int], decode) -> dict[int, list[int]]:
    """Return {document: word positions} from a term's blocks, for `docs` only."""
    return {
        docnum: decode(values[i])
        for ids, _, values in blocks
        for i, docnum in enumerate(ids)
        if docnum in docs
    }


def _and_docs(children: list[q.Query], searcher) -> set[int]:
    wanted = [child for child in children if not isinstance(child, q.Not)]
    unwanted = [child.query for child in children if isinstance(child, q.Not)]
    if not wanted:
        return set(q.And(children).matcher(searcher).all_ids())
    sets = sorted((matching_docs(child, searcher) for child in wanted), key=len)
    docs = sets[0].intersection(*sets[1:])
    for child in unwanted:
        if docs:
            docs -= matching_docs(child, searcher)
    return docs


def _term_docs(searcher, fieldname: str, text) -> set[int]:
    docs = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, text) not in reader:
            continue
        try:
            blocks, deleted = term_blocks(reader, fieldname, text)
            ids = set().union(*(block_ids for block_ids, _, _ in blocks)) - deleted
        except Unsupported:  # the fast path is off or cannot read it: step Whoosh's matcher
            ids = set(reader.postings(fieldname, text).all_ids())
        docs.update({docnum + offset for docnum in ids} if offset else ids)
    return docs


def remembered_blocks(reader, fieldname: str, word: bytes) -> list | None:
    """Return a term's blocks in one segment if this search has read them, else None."""
    remembered = _remembered.get()
    found = remembered.get(_blocks_key(reader, fieldname, word)) if remembered else None
    return None if found is None else found[0]


def _blocks_key(reader, fieldname: str, word: bytes) -> tuple:
    return ("blocks", id(reader), fieldname, word)


def term_blocks(reader, fieldname: str, text, positions: bool = False) -> tuple[list, frozenset]:
    """Return a term's postings in one segment as blocks of (ids, weights, values), and the
    segment's deleted documents (still in the postings). Read once per search.

    `values` (the word positions) is None unless `positions` is asked for: reading the
    blocks without them costs a third as much (postings.py). The count, the phrases and
    the ranking of one search all use the same blocks.
    """
    word = text.encode("utf-8") if isinstance(text, str) else text  # as Whoosh keeps it
    key = _blocks_key(reader, fieldname, word)
    remembered = _remembered.get()
    if remembered is not None and key in remembered:
        blocks, deleted = remembered[key]
        if not positions or not blocks or blocks[0][2] is not None:
            return blocks, deleted
    try:
        blocks = read_blocks(reader, fieldname, word, positions)
        deleted = deleted_docs(reader)
    except Unsupported:  # not Whoosh 2.7's W3 postings: read its matcher's blocks instead
        blocks, deleted = _matcher_blocks(reader, fieldname, word)
    if remembered is not None:
        remembered[key] = (blocks, deleted)
    return blocks, deleted


def _matcher_blocks(reader, fieldname: str, word: bytes) -> tuple[list, frozenset]:
    """Return the blocks as term_blocks does, read through Whoosh's block matcher.

    Raises Unsupported if the fast path is off or the matcher is not whoosh==2.7.4's
    W3LeafMatcher (an inlined postings list has a ListMatcher).
    """
    segment_files(reader)
    matcher, deleted = reader.postings(fieldname, word), frozenset()
    if isinstance(matcher, FilterMatcher):
        deleted, matcher = frozenset(matcher._ids), matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        raise Unsupported(f"not the W3 codec's matcher: {type(matcher).__name__}")
    blocks = []
    while not matcher._atend:
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        blocks.append((matcher._ids, matcher._weights, matcher._values))
        matcher._next_block()
    return blocks, deleted


_columns_lock = threading.RLock()  # _combination_codes holds it around per_segment
_columns = {"reader": None, "values": {}}
# What is read of each segment, by (its id, *what): ("column", name, raw) for a column's
# values, ("combinations", names) for count_values' codes, ("days", zone) for the chart's.
# A segment's documents never change once written (an edit deletes and adds one in a new
# segment), so after a commit only the new segments are read: reading the columns whole
# took seconds at 100,000 articles, and every edit made the next search pay it again.
_segments: dict[tuple, list] = {}
# The value combinations of each tuple of columns, numbered in this process; numbers are
# only ever added, so a segment's codes hold for every reader that still has it.
_combinations: dict[tuple[str, ...], dict[tuple, int]] = {}


def column_values(searcher, name: str, raw: bool = False) -> list:
    """Return the value of sortable column `name` for every document, cached per reader.

    `raw` gives the stored numbers (for dates: ticks, as datetime_to_long makes them),
    which also works for documents without a value, where translating a date overflows.
    """
    return per_segment(
        searcher, ("column", name, raw), lambda reader: read_segment_column(reader, name, raw)
    )


def segment_column(reader, name: str, raw: bool = False) -> list:
    """Return column `name`'s value for each document of one segment, cached by segment."""
    return _of_segment(
        reader, ("column", name, raw), lambda reader: read_segment_column(reader, name, raw)
    )


def per_segment(searcher, key: tuple, of_segment, missing=None) -> list:
    """Return of_segment(reader) of each segment end to end, by document number: each
    segment's cached by its id and `key`, the whole cached for this reader; `missing` for
    a document number no segment has (none should)."""
    reader = searcher.reader()
    with _columns_lock:
        if _columns["reader"] is not reader:
            _columns.update(reader=reader, values={})
            _forget_other_segments(searcher)
        if key not in _columns["values"]:
            # Segment by segment, by document number: Whoosh 2.7's multi-segment column
            # reader miscounts its offsets, and iterating a column can stop short.
            values = []
            for leaf, offset in sorted(searcher.leaf_searchers(), key=lambda pair: pair[1]):
                values.extend([missing] * (offset - len(values)))
                values.extend(_of_segment(leaf.reader(), key, of_segment))
            _columns["values"][key] = values
        return _columns["values"][key]


def segment_id(reader) -> str:
    """Return the id of a leaf reader's segment: unique, and fixed for its documents
    ("" for an empty index's reader, which has no segment and no documents)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


def read_segment_column(reader, name: str, raw: bool = False) -> list:
    """Return column `name`'s value for each document of one segment's reader, uncached."""
    column = reader.column_reader(name, translate=not raw)
    return [column[n] for n in range(reader.doc_count_all())]


def _of_segment(reader, key: tuple, compute) -> list:
    with _columns_lock:
        cache_key = (segment_id(reader), *key)
        if cache_key not in _segments:
            _segments[cache_key] = compute(reader)
        return _segments[cache_key]


def _forget_other_segments(searcher) -> None:
    current = {segment_id(leaf.reader()) for leaf, _ in searcher.leaf_searchers()}
    for key in [key for key in _segments if key[0] not in current]:
        del _segments[key]


def docs_in_range(searcher, name: str, low: int, high: int) -> set[int]:
    """Return the documents whose raw column value is from `low` to `high` inclusive."""
    return {
        docnum
        for docnum, value in enumerate(column_values(searcher, name, raw=True))
        if low <= value <= high
    }


def count_values(searcher, names: tuple[str, ...], docs: set[int]) -> dict[str, Counter]:
    """Return {column name: {value: number of `docs` having it}} for each of `names`.

    The documents are counted once, by their combination of values (a few thousand
    combinations at most), and the combinations then added up column by column: one pass
    over a large match instead of one per column.
    """
    combinations, codes = _combination_codes(searcher, names)
    counts = {name: Counter() for name in names}
    for code, count in Counter(map(codes.__getitem__, docs)).items():
        for name, value in zip(names, combinations[code], strict=True):
            counts[name][value] += count
    return counts


def _combination_codes(searcher, names: tuple[str, ...]) -> tuple[list[tuple], list[int]]:
    """Return the value combinations of `names` by number, and each document's number."""
    with _columns_lock:  # numbering reads, then writes
        numbers = _combinations.setdefault(names, {})

        def segment_codes(reader) -> list[int]:
            columns = [segment_column(reader, name) for name in names]
            return [numbers.setdefault(v, len(numbers)) for v in zip(*columns, strict=True)]

        missing = numbers.setdefault((None,) * len(names), len(numbers))
        codes = per_segment(searcher, ("combinations", names), segment_codes, missing)
        return list(numbers), codes

"""Rank a known set of documents by BM25F without matching the whole query again.

Whoosh finds a query's top documents by stepping every matcher through every posting, at
about 1 µs a posting in Python: 100 ms for a word in 30,000 of 100,000 articles. When the
matching documents are already known (docsets.py), their scores are added up here from the
postings blocks the count has just read: each posting's score is looked up in a table by
frequency and quantised field length, filled as met with Whoosh's own BM25F expression, so
the scores are Whoosh's to the last bit. An AND or OR of terms scores the sum of its
matching terms; a phrase, the sum of its words where the phrase is found. When only the
best few are wanted, documents that cannot reach them are not scored at all (MaxScore).
"""

import heapq
import threading
from itertools import accumulate, compress
from operator import add, getitem

from whoosh import query as q
from whoosh.codec import whoosh3
from whoosh.columns import NumericColumn
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from . import Unsupported
from .docsets import matching_docs, remembered_blocks, term_blocks
from .postings import blocks_holding, segment_files

# Up to this many matches, a date-sorted search has Whoosh sort just these documents (a
# filter); for more, Whoosh's own match of the query is cheaper than a filter that large.
SMALL_SET = 1000


def scoring_terms(query: q.Query, searcher) -> list[tuple[q.Term, set[int] | None]] | None:
    """Return (term, docs it scores in or None for all) pairs that add up to `query`'s score.

    None if `query` has parts other than terms, phrases, AND, OR and NOT. A phrase scores
    as the sum of its words (Whoosh's SpanNear scores its intersection), but only in the
    documents where the phrase itself is found in that field.
    """
    if isinstance(query, q.Term):
        return [(query, None)]
    if isinstance(query, q.Phrase):
        where = matching_docs(query, searcher)
        return [(q.Term(query.fieldname, word, boost=query.boost), where) for word in query.words]
    if isinstance(query, q.Not):
        return []
    if isinstance(query, q.AndNot):  # scores as its positive side
        return scoring_terms(query.a, searcher)
    if isinstance(query, (q.And, q.Or)):
        terms = []
        for child in query.subqueries:
            child_terms = scoring_terms(child, searcher)
            if child_terms is None:
                return None
            terms += child_terms
        return terms
    return None


def ranked_ids(searcher, query: q.Query, docs: set[int], limit: int, sortedby=None) -> list[int]:
    """Return the article ids of the best `limit` of `docs` (all matching `query`)."""
    if not docs:
        return []
    best = top_docs(searcher, query, docs, limit) if sortedby is None else None
    if best is None:
        found = searcher.search(query, limit=limit, filter=docs, sortedby=sortedby)
        return [int(hit["id"]) for hit in found]
    return [int(searcher.stored_fields(docnum)["id"]) for docnum in best]


def top_docs(searcher, query: q.Query, docs: set[int], limit: int) -> list[int] | None:
    """Return the best `limit` of `docs` by BM25F, or None if only Whoosh can score `query`."""
    if not docs:  # scoring no document still read every block of the query's words
        return []
    terms = scoring_terms(query, searcher)
    if terms is None or not isinstance(searcher.weighting, BM25F):
        return None
    try:
        # The search that found `docs` has read these postings blocks already (docsets.py).
        scores = _pruned_scores(searcher, terms, docs, limit)
        if scores is None:
            scores = _block_scores(searcher, terms, docs)
    except Unsupported:  # the fast path is off or cannot read a segment: step the matchers
        scores = _scores(searcher, terms, docs)
    return best_docs(scores, limit)


def _pruned_scores(searcher, terms, docs: set[int], limit: int) -> dict[int, float] | None:
    """Return the exact scores of the only documents that can be among the best `limit`
    (of every document, if others could reach them too), or None when no term's documents
    make a smaller set worth trying.

    MaxScore: the most a term can add to a score is known (its highest frequency at the
    shortest length). Taking the terms from the highest such bound down, until their
    documents are `limit` at least, those documents are scored with every term; their
    `limit`-th best score is then a floor the best `limit` cannot fall below. A document
    with none of the terms taken can only reach it with the next terms, as long as the
    bounds of the terms after those add up to less (the "essential" terms): only their
    documents are scored too. A common word's long body list (45,000 articles for
    `year`) is then read for a few of its documents only, its title list decides.
    """
    if any(term.boost <= 0 for term, _ in terms):
        return None
    bounds = [_upper_bound(searcher, term) for term, _ in terms]
    order = sorted(range(len(terms)), key=bounds.__getitem__, reverse=True)
    candidates: set[int] = set()
    taken = 0
    while taken < len(order) and len(candidates) < limit:
        candidates |= _term_docs(searcher, terms[order[taken]], docs)
        taken += 1
    if len(candidates) < limit or len(candidates) == len(docs):
        return None
    scores = _block_scores(searcher, terms, candidates)
    floor = heapq.nlargest(limit, scores.values())[-1]
    # What the terms from each place in `order` on can add together, at most.
    rest = [*accumulate(bounds[i] for i in reversed(order))][::-1]
    essential = taken
    # A margin for float rounding: sums in another order may differ in the last bits.
    while essential < len(order) and rest[essential] * (1 + 1e-9) >= floor:
        essential += 1
    others = set().union(*(_term_docs(searcher, terms[i], docs) for i in order[taken:essential]))
    others -= candidates
    return scores | _block_scores(searcher, terms, others) if others else scores


def _term_docs(searcher, scoring_term: tuple, docs: set[int]) -> set[int]:
    """Return the `docs` a (term, where) pair of scoring_terms adds to the score of."""
    term, where = scoring_term
    if where is not None:  # a phrase's word: every document with the phrase has the word
        return docs & where
    return matching_docs(term, searcher) & docs


def _upper_bound(searcher, term: q.Term) -> float:
    """Return the most `term` adds to any document's score: its highest frequency, scored
    at the shortest field length (BM25 grows with frequency and falls with length)."""
    fieldname = term.fieldname
    text = searcher.schema[fieldname].to_bytes(term.text)
    highest = 0.0
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, text) in reader:  # the term info keeps its postings' highest weight
            highest = max(highest, reader.term_info(fieldname, text).max_weight())
    return _term_table(searcher, term)[highest][0] if highest else 0.0


def best_docs(scores: dict[int, float], limit: int) -> list[int]:
    """Return the `limit` best documents, ties by document number as Whoosh orders them."""
    if len(scores) <= limit:
        return sorted(scores, key=lambda docnum: (-scores[docnum], docnum))
    lowest = heapq.nlargest(limit, scores.values())[-1]  # compared in C, no key function
    best = [docnum for docnum, score in scores.items() if score >= lowest]
    return sorted(best, key=lambda docnum: (-scores[docnum], docnum))[:limit]


def _scores(searcher, terms, docs: set[int]) -> dict[int, float]:
    scores = dict.fromkeys(docs, 0.0)
    for leaf, offset in searcher.leaf_searchers():
        end = offset + leaf.reader().doc_count_all()
        for term, where in terms:
            wanted = docs if where is None else docs & where
            local = sorted(docnum - offset for docnum in wanted if offset <= docnum < end)
            matcher = term.matcher(leaf, leaf.context()) if local else None
            for docnum in local:
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    scores[docnum + offset] += matcher.score()
    return scores


def _block_scores(searcher, terms, docs: set[int]) -> dict[int, float]:
    """Score `docs` by reading each term's postings a block at a time (whoosh==2.7.4)."""
    scores = dict.fromkeys(docs, 0.0)
    for term, where in terms:
        fieldname = term.fieldname
        text = searcher.schema[fieldname].to_bytes(term.text)
        wanted = docs if where is None else docs & where
        table = _term_table(searcher, term)
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if (fieldname, text) not in reader:
                continue
            lengths = length_bytes(reader, fieldname)
            if where is None:
                blocks, _ = term_blocks(reader, fieldname, text)  # deleted ones are not wanted
            else:  # a phrase's word: only the blocks holding the phrase's documents
                blocks = _blocks_holding(reader, fieldname, text, wanted, offset)
            for ids, weights, _ in blocks:
                _add_block(scores, wanted, table, lengths, ids, weights, offset)
    return scores


def _blocks_holding(reader, fieldname: str, text: bytes, wanted: set[int], offset: int):
    """Return the term's blocks holding `wanted` documents of this segment: those the
    search has read already, or only those (a common word's hundreds are not all read)."""
    end = offset + reader.doc_count_all()
    local = {docnum - offset for docnum in wanted if offset <= docnum < end}
    if not local:
        return []
    return remembered_blocks(reader, fieldname, text) or blocks_holding(
        reader, fieldname, text, local
    )


def _term_table(searcher, term: q.Term) -> "_ScoreTable":
    fieldname, weighting = term.fieldname, searcher.weighting
    text = searcher.schema[fieldname].to_bytes(term.text)
    idf, avgfl = searcher.idf(fieldname, text), searcher.avg_field_length(fieldname) or 1
    B, K1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
    return _ScoreTable(idf, avgfl, B, K1, term.boost)


def _add_block(scores: dict, wanted: set, table, lengths: bytes, ids, weights, offset: int):
    """Add one block's scores to the `wanted` documents' in `scores`.

    Every step is a map over the block, run in C: a loop in Python costs about a
    microsecond a posting, and a common word has tens of thousands of them. The sums are
    still made one term after another, as Whoosh adds them, so the floats are the same.
    """
    found = [docnum + offset for docnum in ids] if offset else ids
    keep = list(map(wanted.__contains__, found))
    if not all(keep):
        ids, weights, found = (list(compress(part, keep)) for part in (ids, weights, found))
    points = map(getitem, map(table.__getitem__, weights), map(lengths.__getitem__, ids))
    scores.update(zip(found, map(add, map(scores.__getitem__, found), points), strict=True))


class _ScoreTable(dict):
    """{term frequency: [score at each of the 256 quantised field lengths]}, filled as met.

    A score depends only on the frequency and the length byte, so each is worked out once,
    with Whoosh's own expression (its bm25(), then the query boost) for identical floats.
    """

    def __init__(self, idf: float, avgfl: float, B: float, K1: float, boost: float):
        super().__init__()
        self.idf, self.boost, self.K1 = idf, boost, K1
        self.norms = [K1 * ((1 - B) + B * byte_to_length(n) / avgfl) for n in range(256)]

    def __missing__(self, tf: float) -> list[float]:
        idf, K1 = self.idf, self.K1
        row = [idf * ((tf * (K1 + 1)) / (tf + norm)) for norm in self.norms]
        if self.boost != 1.0:
            row = [score * self.boost for score in row]
        self[tf] = row
        return row


_lengths_lock = threading.Lock()
_lengths: dict = {"reader": None, "fields": {}}


def length_bytes(reader, fieldname: str) -> bytes:
    """Return the quantised length of `fieldname` in each document of a segment, cached."""
    with _lengths_lock:
        if _lengths["reader"] is not reader:
            _lengths.update(reader=reader, fields={})
        if fieldname not in _lengths["fields"]:
            _, perdoc = segment_files(reader)
            lengths = whoosh3._lenfield(fieldname)
            column = perdoc._cached_reader(lengths, whoosh3.LENGTHS_COLUMN)
            if column is not None and not isinstance(column, NumericColumn.Reader):
                raise Unsupported(f"not a column of lengths: {type(column).__name__}")
            count = reader.doc_count_all()
            raw = column._dbfile.get(column._basepos, column._count) if column else b""
            _lengths["fields"][fieldname] = raw + bytes(count - len(raw))
        return _lengths["fields"][fieldname]

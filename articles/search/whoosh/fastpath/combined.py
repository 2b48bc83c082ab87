"""Rank documents by BM25F with a word's fields combined before it saturates.

Whoosh's BM25F (scoring.py) adds one BM25 per field: a word in the title and the body
counts twice, and each field saturates on its own. Here, as the BM25F of Robertson and
Zaragoza (and FTS5's one bm25 over the row), a word's frequency in each field, divided by
that field's normalised length, is added up first, and the sum saturates once. A title
then adds `title_extra` times its own BM25 on top, at the word's idf among titles: a
headline says what an article is about.

Each block of postings is mapped in C, as scoring.py does: a loop in Python costs about a
microsecond a posting.
"""

from collections import Counter
from itertools import compress, repeat
from operator import add, getitem, mul

from whoosh import query as q
from whoosh.util.numeric import byte_to_length

from ...bm25f import K1, B
from ..weighting import title_idf
from . import Unsupported
from .docsets import term_blocks
from .scoring import best_docs, length_bytes, scoring_terms


def top_combined(
    searcher, units: list[str], query_of, docs: set[int], limit: int, title_extra, weights=None
):
    """Return the best `limit` of `docs` for the word `units` (query_of(unit): its query in
    every text field), each unit's word scored once over the fields together, its score
    times weights[unit] where `weights` gives one (a word borrowed by feedback.py)."""
    if limit <= 0 or not docs:
        return []
    weights = weights or {}
    scores = dict.fromkeys(docs, 0.0)
    for unit, terms, share in _word_groups(searcher, units, query_of):
        text = searcher.schema[terms[0][0].fieldname].to_bytes(terms[0][0].text)
        weight = weights.get(unit, 1.0) * share
        together, title = {}, {}
        for term, where in terms:
            wanted = docs if where is None else docs & where
            _add_frequencies(searcher, term, wanted, together)
            if term.fieldname == "title" and title_extra:
                _add_frequencies(searcher, term, wanted, title)
        _add_saturated(scores, together, searcher.idf(terms[0][0].fieldname, text) * weight)
        if title:  # weighed by the word's rarity among titles (bm25f.py)
            _add_saturated(scores, title, title_idf(searcher, text) * weight * title_extra)
    return best_docs(scores, limit)


def _word_groups(searcher, units: list[str], query_of) -> list[tuple[str, list, float]]:
    """Return, for each word to score, its unit, its (term, where) in each field (scoring.py's
    pairs) and its share of the unit's weight.

    A joined unit ("e mail", "kilroy silk") scores each word of its phrase where the phrase is
    found, each at its share of one word ("e" and "mail" a half each), and its run-together
    form ("email") as one word: a joined word weighs as one word of the question, as on the
    PostgreSQL engine, not as two ("e-mail" outweighed "spammers" in "spammers convicted or
    sued for junk e-mail").
    """
    groups: dict[tuple[str, str], list] = {}
    for unit in units:
        for term, where in scoring_terms(query_of(unit), searcher) or []:
            groups.setdefault((unit, term.text), []).append((term, where))
    in_phrase = Counter(
        unit for (unit, _), terms in groups.items() if any(w is not None for _, w in terms)
    )
    return [
        (unit, terms, 1 / in_phrase[unit] if any(w is not None for _, w in terms) else 1.0)
        for (unit, _), terms in groups.items()
    ]


def _add_frequencies(searcher, term: q.Term, wanted: set[int], frequencies: dict) -> None:
    """Add the term's frequency over its field's normalised length to each wanted document's."""
    fieldname = term.fieldname
    text = searcher.schema[fieldname].to_bytes(term.text)
    average = searcher.avg_field_length(fieldname) or 1
    norms = [term.boost / ((1 - B) + B * byte_to_length(n) / average) for n in range(256)]
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, text) not in reader:
            continue
        try:
            _add_blocks(reader, fieldname, text, norms, offset, wanted, frequencies)
        except Unsupported:  # the fast path is off or cannot read a segment: Whoosh's matcher
            _add_postings(leaf, term, average, offset, wanted, frequencies)


def _add_blocks(reader, fieldname, text, norms, offset, wanted, frequencies) -> None:
    """Add one segment's shares of a term, a block of postings at a time (whoosh==2.7.4)."""
    lengths = length_bytes(reader, fieldname)
    blocks, _ = term_blocks(reader, fieldname, text)
    for ids, weights, _ in blocks:
        found = [docnum + offset for docnum in ids] if offset else ids
        keep = list(map(wanted.__contains__, found))
        if not all(keep):
            ids, weights, found = (list(compress(part, keep)) for part in (ids, weights, found))
        shares = map(mul, weights, map(getitem, repeat(norms), map(lengths.__getitem__, ids)))
        sums = map(add, map(frequencies.get, found, repeat(0.0)), shares)
        frequencies.update(zip(found, sums, strict=True))


def _add_postings(leaf, term: q.Term, average: float, offset: int, wanted, frequencies) -> None:
    """Add one segment's shares of a term through Whoosh's own postings matcher."""
    postings = leaf.postings(term.fieldname, term.text)
    while postings.is_active():
        found = postings.id() + offset
        if found in wanted:
            length = leaf.doc_field_length(postings.id(), term.fieldname)
            share = postings.weight() * (term.boost / ((1 - B) + B * length / average))
            frequencies[found] = frequencies.get(found, 0.0) + share
        postings.next()


def _add_saturated(scores: dict, frequencies: dict, idf: float) -> None:
    """Add idf * BM25's saturation of each document's combined frequency to its score."""
    top = idf * (K1 + 1)
    for docnum, frequency in frequencies.items():
        scores[docnum] += top * frequency / (frequency + K1)

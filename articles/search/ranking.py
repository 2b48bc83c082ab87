"""Soft AND for natural-language queries: when few articles have every word, rank the rest.

An article that has all the words comes first (the strict search); then articles ranked
by how much of the query they cover, each word counting by its rarity (coordination), then
by BM25F among articles covering the same words. Words in more than half of the archive
("the", "of") add nothing to coverage and are left out unless they are all there is, so
they never empty a query.

Coverage is worked out on document sets (docsets.py) rather than by scoring every article
that has any of the words; BM25F then ranks only the groups of articles shown.
"""

import math

from whoosh import query as q

from .analysis import TEXT_FIELDS
from .docsets import matching_docs
from .query import MAX_TERMS, in_any_field, word_units
from .reading import reads_as_syntax
from .scoring import ranked_ids

COMMON_SHARE = 0.5
# The PostgreSQL engine adds coverage to its rank as a score: this much per unit of rarity
# (log(1 + N/df)), so that coverage outweighs any ts_rank difference.
RARITY_WEIGHT = 100.0


def plain_words(text: str) -> list[str]:
    """Return the distinct word units of `text` if it uses no query syntax, else [].

    A word joined by punctuation is one unit ("coca cola", query.word_units).
    """
    if reads_as_syntax(text):
        return []
    return word_units(text)[:MAX_TERMS]


def _frequency(searcher, word: str) -> int:
    if " " in word:  # a joined word: the articles with its phrase or run-together form
        return len(matching_docs(in_any_field(word), searcher))
    return max(searcher.reader().doc_frequency(name, word) for name in TEXT_FIELDS)


def _telling_words(words: list[str], searcher) -> dict[str, float]:
    """Return {word: rarity weight} for the words worth counting towards coverage."""
    articles = max(searcher.reader().doc_count(), 1)
    frequencies = {word: _frequency(searcher, word) for word in words}
    present = [word for word in words if frequencies[word]]
    telling = [word for word in present if frequencies[word] <= articles * COMMON_SHARE]
    return {word: math.log(1 + articles / frequencies[word]) for word in telling or present}


def soft_and(words: list[str], searcher, allowed: set[int] | None, limit: int, sortedby=None):
    """Return (every document with any telling word, the first `limit` of them in order).

    The order: documents covering more rarity first; among documents with the same
    words, BM25F (or `sortedby`, for the date orders).
    """
    weights = _telling_words(words, searcher)
    chosen = list(weights)
    masks: dict[int, int] = {}
    for bit, word in enumerate(chosen):
        docs = matching_docs(in_any_field(word), searcher)
        for docnum in docs if allowed is None else docs & allowed:
            masks[docnum] = masks.get(docnum, 0) | (1 << bit)
    groups: dict[int, set[int]] = {}
    for docnum, mask in masks.items():
        groups.setdefault(mask, set()).add(docnum)

    def coverage(mask: int) -> float:
        return sum(weights[word] for bit, word in enumerate(chosen) if mask >> bit & 1)

    ordered = []
    for mask in sorted(groups, key=coverage, reverse=True):
        if len(ordered) >= limit:
            break
        group = groups[mask]
        has_all = q.And([in_any_field(w) for bit, w in enumerate(chosen) if mask >> bit & 1])
        ordered += ranked_ids(searcher, has_all, group, limit - len(ordered), sortedby)
    return set(masks), ordered

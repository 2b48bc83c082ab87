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
import re

from whoosh import query as q

from .analysis import TEXT_FIELDS, text_analyzer
from .docsets import matching_docs
from .query import FIELD_BOOSTS, MAX_TERMS
from .scoring import ranked_ids

COMMON_SHARE = 0.5
# The PostgreSQL engine adds coverage to its rank as a score: this much per unit of rarity
# (log(1 + N/df)), so that coverage outweighs any ts_rank difference.
RARITY_WEIGHT = 100.0
_SYNTAX = re.compile(r'["()*?~^\[\]{}:]|(^|\s)[-+]|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b')


def plain_words(text: str) -> list[str]:
    """Return the distinct analyzed words of `text` if it uses no query syntax, else []."""
    if _SYNTAX.search(text):
        return []
    words = dict.fromkeys(token.text for token in text_analyzer()(text, mode="query"))
    return list(words)[:MAX_TERMS]


def _frequency(reader, word: str) -> int:
    return max(reader.doc_frequency(name, word) for name in TEXT_FIELDS)


def _in_any_field(word: str) -> q.Query:
    return q.Or([q.Term(name, word, boost=FIELD_BOOSTS[name]) for name in TEXT_FIELDS])


def _telling_words(words: list[str], reader) -> dict[str, float]:
    """Return {word: rarity weight} for the words worth counting towards coverage."""
    articles = max(reader.doc_count(), 1)
    frequencies = {word: _frequency(reader, word) for word in words}
    present = [word for word in words if frequencies[word]]
    telling = [word for word in present if frequencies[word] <= articles * COMMON_SHARE]
    return {word: math.log(1 + articles / frequencies[word]) for word in telling or present}


def soft_and(words: list[str], searcher, allowed: set[int] | None, limit: int, sortedby=None):
    """Return (every document with any telling word, the first `limit` of them in order).

    The order: documents covering more rarity first; among documents with the same
    words, BM25F (or `sortedby`, for the date orders).
    """
    weights = _telling_words(words, searcher.reader())
    chosen = list(weights)
    masks: dict[int, int] = {}
    for bit, word in enumerate(chosen):
        docs = matching_docs(_in_any_field(word), searcher)
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
        has_all = q.And([_in_any_field(w) for bit, w in enumerate(chosen) if mask >> bit & 1])
        ordered += ranked_ids(searcher, has_all, group, limit - len(ordered), sortedby)
    return set(masks), ordered

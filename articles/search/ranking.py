"""Soft AND for natural-language queries: when few articles have every word, rank the rest.

An article that has all the words comes first (the strict search); then articles ranked
by how much of the query they cover, each word counting by its rarity (coordination), then
by BM25F. Words in more than half of the archive ("the", "of") add nothing to coverage and
are left out of the loose search unless they are all there is, so they never empty a query.
"""

import math
import re

from whoosh import query as q

from .analysis import TEXT_FIELDS, text_analyzer
from .query import FIELD_BOOSTS, MAX_TERMS

# Coverage outweighs any BM25F difference: one rare word is worth more than term counts.
RARITY_WEIGHT = 100.0
COMMON_SHARE = 0.5
_SYNTAX = re.compile(r'["()*?~^\[\]{}:]|(^|\s)[-+]|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b')


def plain_words(text: str) -> list[str]:
    """Return the distinct analyzed words of `text` if it uses no query syntax, else []."""
    if _SYNTAX.search(text):
        return []
    words = dict.fromkeys(token.text for token in text_analyzer()(text, mode="query"))
    return list(words)[:MAX_TERMS]


def _frequency(reader, word: str) -> int:
    return max(reader.doc_frequency(name, word) for name in TEXT_FIELDS)


def _in_any_field(word: str, weighted: bool = True) -> q.Query:
    return q.Or(
        [q.Term(name, word, boost=FIELD_BOOSTS[name] if weighted else 1.0) for name in TEXT_FIELDS]
    )


def coordination_query(words: list[str], reader) -> q.Query | None:
    """Return a query matching any of `words`, scored by rarity-weighted coverage + BM25F."""
    articles = max(reader.doc_count(), 1)
    frequencies = {word: _frequency(reader, word) for word in words}
    present = [word for word in words if frequencies[word]]
    telling = [word for word in present if frequencies[word] <= articles * COMMON_SHARE]
    chosen = telling or present
    if not chosen:
        return None
    return q.Or(
        [
            q.Or(
                [
                    q.ConstantScoreQuery(
                        _in_any_field(word, weighted=False),
                        RARITY_WEIGHT * math.log(1 + articles / frequencies[word]),
                    ),
                    _in_any_field(word),
                ]
            )
            for word in chosen
        ]
    )

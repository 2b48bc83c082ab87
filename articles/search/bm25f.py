"""The archive's BM25F for long questions, shared by both engines (imports no engine).

A word's frequency in each field, over that field's length against its average, is added up
over the fields and saturates once (Robertson and Zaragoza's BM25F); the title then adds
TITLE_EXTRA times its own saturated share: a headline says what an article is about. That
share is weighed by the word's rarity among titles (its idf over the title field alone, as
Whoosh's BM25F weighs each field): "Nations" is in few headlines though in many texts, so a
headline with it says more than its body share shows.
whoosh/fastpath/combined.py computes it from the index's postings, postgres/reranking.py from
the search documents' vectors.
"""

from math import log

# Length normalisation: 0.6, not the usual 0.75 (the mean of `make bench-relevance`'s five
# judged sets was best at 0.6 of 0.5, 0.6 and 0.75; docs/benchmarks.md).
B = 0.6
K1 = 1.2
# A long question's title share: 0.5 was better on the mean of the judged sets than 0.25 or
# 1 (docs/benchmarks.md).
TITLE_EXTRA = 0.5


def idf(articles: int, having: int) -> float:
    """Return Robertson's idf of a word that `having` of the `articles` have."""
    return log(1 + (articles - having + 0.5) / (having + 0.5))


def normalised(frequency: float, length: float, average: float) -> float:
    """Return a word's frequency in a field over the field's length against its average."""
    return frequency / ((1 - B) + B * length / (average or 1))


def saturated(frequency: float, idf: float) -> float:
    """Return BM25's share of a word: its idf times its (combined) frequency saturated."""
    return idf * (K1 + 1) * frequency / (frequency + K1)

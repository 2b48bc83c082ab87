"""The archive's BM25F for long questions, shared by both engines (imports no engine).

A word's frequency in each field, over that field's length against its average, is added up
over the fields and saturates once (Robertson and Zaragoza's BM25F); the title then adds
TITLE_EXTRA times its own saturated share: a headline says what an article is about.
whoosh/fastpath/combined.py computes it from the index's postings, postgres/reranking.py from
the search documents' vectors.
"""

# Length normalisation: 0.6, not the usual 0.75 (the mean of `make bench-relevance`'s five
# judged sets was best at 0.6 of 0.5, 0.6 and 0.75; docs/benchmarks.md).
B = 0.6
K1 = 1.2
# A long question's title share: 0.5 was better on the mean of the judged sets than 0 or 1.
TITLE_EXTRA = 0.5


def normalised(frequency: float, length: float, average: float) -> float:
    """Return a word's frequency in a field over the field's length against its average."""
    return frequency / ((1 - B) + B * length / (average or 1))


def saturated(frequency: float, idf: float) -> float:
    """Return BM25's share of a word: its idf times its (combined) frequency saturated."""
    return idf * (K1 + 1) * frequency / (frequency + K1)

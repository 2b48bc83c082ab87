"""The BM25F the archive ranks with: Whoosh's, with one idf per word across the text fields.

Whoosh's BM25F gives each field its own idf, from the articles having the word in that
field. A word is rare in titles even when half of the archive has it in the body, so a
title match of a common word outscored a body match of a rare one. Here a word's idf
counts the articles having it in any text field (the largest of its field counts), in
Robertson's form, log(1 + (N - n + 0.5) / (n + 0.5)), which gives a word in most articles
almost nothing (Whoosh's 1 + log(N / (n + 1)) never goes below 1). Measured on the judged
sets of `make bench-relevance` (docs/benchmarks.md).

Every score the archive computes goes through searcher.idf, so Whoosh's own scoring and
the fast path in scoring.py stay identical.
"""

from whoosh.scoring import BM25F

from ..bm25f import idf
from .analysis import TEXT_FIELDS


class ArchiveBM25F(BM25F):
    """BM25F with one idf per word over the text fields (see the module docstring)."""

    def idf(self, searcher, fieldname, text):
        """Return Robertson's idf of the word, counted over every text field."""
        parent = searcher.get_parent()
        fields = TEXT_FIELDS if fieldname in TEXT_FIELDS else (fieldname,)
        having = max(parent.doc_frequency(name, text) for name in fields)
        return idf(parent.doc_count_all(), having)


def title_idf(searcher, text: bytes) -> float:
    """Return Robertson's idf of the word over the titles alone (bm25f.py: a long
    question's title share)."""
    parent = searcher.get_parent()
    return idf(parent.doc_count_all(), parent.doc_frequency("title", text))

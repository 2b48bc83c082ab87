"""Complete a word from the index's vocabulary, for the browser's address-bar suggestions."""

from itertools import islice

from ..types import IndexUnavailable
from .analysis import name_analyzer
from .searching import _searcher

MIN_PREFIX = 2
# Words sharing a prefix are read in order from the term dictionary; stop after this many,
# so a two-letter prefix over a large vocabulary stays a few milliseconds.
MAX_SCANNED = 3000


def frequent_terms(prefix: str, *, limit: int = 8) -> list[str]:
    """Return up to `limit` indexed words that start with `prefix`, in most articles first.

    Words are the index's terms of the article text: lower case, accents folded, and
    stemmed, so `negotiations` is offered as `negoti`, which finds every form.
    """
    words = [token.text for token in name_analyzer()(prefix)]
    if len(words) != 1 or len(words[0]) < MIN_PREFIX:
        return []
    try:
        reader = _searcher().reader()
        found = islice(reader.iter_prefix("body", words[0]), MAX_SCANNED)
        counts = [(info.doc_frequency(), term.decode("utf-8")) for term, info in found]
    except Exception as error:  # Damaged segments raise many types (DESIGN.md).
        raise IndexUnavailable("The search index could not be read.") from error
    counts.sort(key=lambda pair: (-pair[0], pair[1]))
    return [term for _, term in counts[:limit]]

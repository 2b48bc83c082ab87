"""Complete a word from the archive's vocabulary, for the browser's address-bar suggestions.

The PostgreSQL engine's words are its vocabulary table (articles_searchword: folded, not
stemmed), so it offers whole words (`negotiations`) where the Whoosh engine offers the
index's stems (`negoti`); both find every form of the word. Words with the same stem are
offered once, in their shortest form, in most articles first.
"""

import re

from django.db import DatabaseError

from ..types import IndexUnavailable
from .tsquery import CONFIG, reading_connection

MIN_PREFIX = 2
# Words sharing a prefix are read in order from the vocabulary; stop after this many, and
# count each word's articles no further than FREQUENCY_CAP: a two-letter prefix over a
# large vocabulary stays one short query.
MAX_SCANNED = 100
FREQUENCY_CAP = 1000

_COUNTED = """
SELECT c.word, c.lexemes, (
    SELECT count(*) FROM (
        SELECT 1 FROM articles_searchdocument d WHERE d.vector @@ c.query LIMIT %(cap)s
    ) AS hits
)
FROM (
    SELECT w.word, q AS query, q::text AS lexemes
    FROM articles_searchword w, phraseto_tsquery(%(config)s::regconfig, w.word) AS q
    WHERE w.word LIKE lower(unaccent(%(prefix)s)) || '%%'
    ORDER BY w.word
    LIMIT %(scanned)s
) AS c
WHERE numnode(c.query) > 0
"""


def frequent_terms(prefix: str, *, limit: int = 8) -> list[str]:
    """Return up to `limit` archive words that start with `prefix`, in most articles first."""
    words = re.findall(r"\w+", prefix)
    if len(words) != 1 or len(words[0]) < MIN_PREFIX:
        return []
    escaped = words[0].replace("\\", "\\\\").replace("_", "\\_")
    try:
        with reading_connection().cursor() as cursor:
            cursor.execute(
                _COUNTED,
                {"cap": FREQUENCY_CAP, "config": CONFIG, "prefix": escaped, "scanned": MAX_SCANNED},
            )
            rows = cursor.fetchall()
    except DatabaseError as error:
        raise IndexUnavailable("The PostgreSQL search tables could not be read.") from error
    rows.sort(key=lambda row: (-row[2], len(row[0]), row[0]))
    by_stem = {}
    for word, lexemes, articles in rows:
        if articles:
            by_stem.setdefault(lexemes, word)
    return list(by_stem.values())[:limit]

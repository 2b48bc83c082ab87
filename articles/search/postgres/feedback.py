"""Words a long question borrows from its best articles, on the PostgreSQL engine.

As the Whoosh engine does (search/feedback.py): the ten articles ranked first lend their
most telling words. Their words and how often each article uses them come from their search
documents. How rare each word is in the archive comes from the statistics PostgreSQL keeps
on the vectors for its planner (pg_stats: the share of articles having each of its commonest
lexemes), since counting each candidate word's articles would read the index once per word:
a word listed there has its share; a word rarer than every listed one is given the rarest
listed share, an upper bound, so rare words weigh alike. Until PostgreSQL has analysed the
table (autovacuum does, after the first imports), nothing is borrowed.
"""

import time
from collections import defaultdict

from ..feedback import FEEDBACK_ARTICLES, borrowed_words
from .questions import Word, idf, stop_lexemes
from .tsquery import reading_connection

# The planner's statistics change only when the table is analysed: read them at most this
# often per process.
STATISTICS_SECONDS = 300

_WORDS = """
SELECT * FROM (
    SELECT d.article_id, u.lexeme, coalesce(cardinality(array_remove(u.weights, 'D')), 0) AS n
    FROM articles_searchdocument d CROSS JOIN LATERAL unnest(d.vector) AS u
    WHERE d.article_id = ANY(%s)
) AS places WHERE n > 0
"""
# For a tsvector column, most_common_elem_freqs ends with the least and the greatest share.
_STATISTICS = """
SELECT most_common_elems::text::text[], most_common_elem_freqs
FROM pg_stats WHERE tablename = 'articles_searchdocument' AND attname = 'vector'
"""
_read = {"at": None, "shares": None}


def borrowed(best_ids: list[int], asked: set[str], archive_size: int) -> list[Word]:
    """Return the words to add to a question of the `asked` lexemes, from the articles of
    `best_ids` (the first FEEDBACK_ARTICLES of them), each with its idf times its weight."""
    shares = _shares()
    if not shares or archive_size < 1:
        return []
    rarest = min(shares.values())

    def frequency(lexeme: str) -> int:
        return max(1, round(shares.get(lexeme, rarest) * archive_size))

    skip = asked | {lexeme.strip("'") for lexeme in stop_lexemes()}
    weights = borrowed_words(_words(best_ids[:FEEDBACK_ARTICLES]), skip, frequency, archive_size)
    # The statistics do not tell titles apart: a borrowed word's title share is weighed by
    # its idf over the articles (the Whoosh engine counts its titles).
    weighed = {lexeme: idf(archive_size, frequency(lexeme)) * w for lexeme, w in weights.items()}
    return [Word((lexeme,), value, value) for lexeme, value in weighed.items()]


def _words(ids: list[int]) -> list[list[str]]:
    """Return each article's lexemes, once for each place in its title, standfirst or body."""
    words = defaultdict(list)
    with reading_connection().cursor() as cursor:
        cursor.execute(_WORDS, [ids])
        for article_id, lexeme, places in cursor.fetchall():
            words[article_id] += [lexeme] * places
    return list(words.values())


def _shares() -> dict[str, float]:
    """Return {lexeme: share of the articles having it} of the planner's commonest lexemes."""
    now = time.monotonic()
    if _read["at"] is None or now - _read["at"] > STATISTICS_SECONDS:
        with reading_connection().cursor() as cursor:
            cursor.execute(_STATISTICS)
            row = cursor.fetchone()
        lexemes, frequencies = row if row and row[0] else ([], [])
        _read.update(at=now, shares=dict(zip(lexemes, frequencies[: len(lexemes)], strict=True)))
    return _read["shares"]


def forget_statistics() -> None:
    """Read the planner's statistics again at the next search (after ANALYZE, in tests)."""
    _read.update(at=None, shares=None)

"""A long question's first articles ranked again by the archive's BM25F (search/bm25f.py).

The database ranks every match of a question with ts_rank times each word's rarity
(questions.py): cheap enough for thousands of rows, but ts_rank knows no field lengths and
saturates each word its own way. The first RERANK_DEPTH articles of that order are then
scored again as the Whoosh engine scores a long question (whoosh/fastpath/combined.py), from
their search documents: each word's occurrences in the title (weight A), standfirst (B) and
body (C), over each field's length against its average among these articles; then again
with the words the best of them lend the question (feedback.py), as the Whoosh engine does.
Full matches stay before partial ones, and no count changes: only the order within each
group.

Measured on the five judged sets of `make bench-relevance` (docs/benchmarks.md). Shorter
questions keep the database's order, as the Whoosh engine scores them field by field.
"""

from ..bm25f import TITLE_EXTRA, normalised, saturated
from .feedback import borrowed
from .questions import Question, Word
from .tsquery import reading_connection

# How many of the first articles are ranked again. The judged sets scored as well with 50
# as with 100 or 200 (30 a little less), at half the cost of reading their vectors
# (docs/benchmarks.md); the pages after them keep the database's order.
RERANK_DEPTH = 50
FIELDS = ("A", "B", "C")  # title, standfirst, body (tsquery.FIELD_WEIGHTS)

# A field's length is its size in bytes, from the article's own rows (octet_length need
# not decompress the text): in proportion to its words, which only the average is compared
# with. Counting each word's places meant unnesting every vector: 35 ms for 100 BBC
# articles against 0.5, for the same scores on the judged sets. (The number of different
# words, which ts_filter and length() count in C, scored .003 lower.)
_LENGTHS = """
SELECT a.id, octet_length(a.title), octet_length(a.standfirst),
       (SELECT coalesce(sum(octet_length(p.text)), 0) FROM articles_paragraph p
        WHERE p.article_id = a.id)
FROM articles_article a WHERE a.id = ANY(%s)
"""
# The asked lexemes' places in these articles' vectors, with each place's weight (field).
_OCCURRENCES = """
SELECT d.article_id, u.lexeme, u.weights
FROM articles_searchdocument d CROSS JOIN LATERAL unnest(d.vector) AS u
WHERE d.article_id = ANY(%s) AND u.lexeme = ANY(%s)
"""


def reranked(ids: list[int], full_listed: int, asked: Question) -> list[int]:
    """Return `ids` (the first `full_listed` of them full matches) with the first
    RERANK_DEPTH ordered by BM25F over the question's words, then again with the words its
    best articles lend it (feedback.py), each group among itself; the rest as they were."""
    window, rest = ids[:RERANK_DEPTH], ids[RERANK_DEPTH:]
    if len(window) < 2 or not asked.words:
        return ids
    words = list(asked.words)
    lengths = _lengths(window)
    counts = _occurrences(window, _lexemes(words))
    window = _ordered(window, full_listed, _scores(window, words, lengths, counts))
    lent = borrowed(window, _lexemes(words), asked.archive_size)
    if lent:
        counts |= _occurrences(window, _lexemes(lent))
        window = _ordered(window, full_listed, _scores(window, words + lent, lengths, counts))
    return window + rest


def _lexemes(words: list[Word]) -> set[str]:
    return {lexeme for word in words for lexeme in word.lexemes}


def _ordered(window: list[int], full_listed: int, scores: dict[int, float]) -> list[int]:
    full, partial = window[:full_listed], window[full_listed:]
    order = {article_id: place for place, article_id in enumerate(window)}

    def best_first(group: list[int]) -> list[int]:
        return sorted(group, key=lambda article_id: (-scores[article_id], order[article_id]))

    return best_first(full) + best_first(partial)


def _scores(ids: list[int], words: list[Word], lengths: dict, counts: dict) -> dict[int, float]:
    averages = [sum(lengths[article_id][i] for article_id in ids) / len(ids) for i in range(3)]
    scores = {}
    for article_id in ids:
        # Each field's weight for one occurrence, for the field's length in this article.
        per_place = [normalised(1, lengths[article_id][i], averages[i]) for i in range(3)]
        score = 0.0
        for word in words:
            places = _places(counts, article_id, word)
            if places is None:
                continue
            shares = [n * weight for n, weight in zip(places, per_place, strict=True)]
            score += saturated(sum(shares), word.idf)
            score += TITLE_EXTRA * saturated(shares[0], word.title_idf)
        scores[article_id] = score
    return scores


def _places(counts: dict, article_id: int, word: Word) -> tuple[int, int, int] | None:
    """Return how often the word occurs in each field, None if nowhere: a joined word
    ("coca cola") as often as its rarest part, at most."""
    found = [counts.get((article_id, lexeme)) for lexeme in word.lexemes]
    if None in found:
        return None
    return found[0] if len(found) == 1 else tuple(map(min, *found))


def _lengths(ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """Return {id: (title, standfirst, body length)} of the articles; an article deleted
    since the search found it has none, and scores nothing."""
    with reading_connection().cursor() as cursor:
        cursor.execute(_LENGTHS, [ids])
        found = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    return {article_id: found.get(article_id, (0, 0, 0)) for article_id in ids}


def _occurrences(ids: list[int], lexemes: set[str]) -> dict[tuple[int, str], tuple]:
    """Return {(id, lexeme): (in the title, standfirst, body)} of the lexemes in the articles."""
    counts = {}
    with reading_connection().cursor() as cursor:
        cursor.execute(_OCCURRENCES, [ids, sorted(lexemes)])
        for article_id, lexeme, weights in cursor.fetchall():
            found = tuple(map((weights or []).count, FIELDS))
            if any(found):
                counts[article_id, lexeme] = found
    return counts

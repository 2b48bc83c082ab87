"""A long question's first articles ranked again by the archive's BM25F (search/bm25f.py).

The database ranks every match of a question with ts_rank times each word's rarity
(questions.py): cheap enough for thousands of rows, but ts_rank knows no field lengths and
saturates each word its own way. The first RERANK_DEPTH articles of that order are then
scored again as the Whoosh engine scores a long question (whoosh/fastpath/combined.py), from
their search documents: each word's occurrences in the title (weight A), standfirst (B) and
body (C), over each field's length against its average among these articles. Full matches
stay before partial ones, and no count changes: only the order within each group.

Measured on the five judged sets of `make bench-relevance` (docs/benchmarks.md). Shorter
questions keep the database's order, as the Whoosh engine scores them field by field.
"""

from collections import defaultdict
from dataclasses import dataclass

from ..bm25f import TITLE_EXTRA, normalised, saturated
from .tsquery import reading_connection

# How many of the first articles are ranked again: five pages of 20. A deeper window moved
# no judged set (100 against 200); the pages after it keep the database's order.
RERANK_DEPTH = 100
FIELDS = ("A", "B", "C")  # title, standfirst, body (tsquery.FIELD_WEIGHTS)

# Per article and field, the occurrences of each asked lexeme and of all other words
# together (lexeme NULL): the field's length is their sum. Only these articles' vectors are
# read, and a few rows an article travel.
_OCCURRENCES = """
SELECT d.article_id, CASE WHEN u.lexeme = ANY(%s) THEN u.lexeme END, w.label, count(*)
FROM articles_searchdocument d
CROSS JOIN LATERAL unnest(d.vector) AS u
CROSS JOIN LATERAL unnest(u.weights) AS w(label)
WHERE d.article_id = ANY(%s) AND w.label <> 'D'
GROUP BY 1, 2, 3
"""


@dataclass(frozen=True)
class Word:
    """A weighty word of the question: its lexemes (a joined word has several) and idf."""

    lexemes: tuple[str, ...]
    idf: float


def reranked(ids: list[int], full_listed: int, words: list[Word]) -> list[int]:
    """Return `ids` (the first `full_listed` of them full matches) with the first
    RERANK_DEPTH ordered by BM25F, each group among itself; the rest as they were."""
    window, rest = ids[:RERANK_DEPTH], ids[RERANK_DEPTH:]
    if len(window) < 2 or not words:
        return ids
    scores = _scores(window, words)
    full, partial = window[:full_listed], window[full_listed:]
    order = {article_id: place for place, article_id in enumerate(window)}

    def best_first(group: list[int]) -> list[int]:
        return sorted(group, key=lambda article_id: (-scores[article_id], order[article_id]))

    return best_first(full) + best_first(partial) + rest


def _scores(ids: list[int], words: list[Word]) -> dict[int, float]:
    lengths, counts = _occurrences(ids, {lexeme for word in words for lexeme in word.lexemes})
    averages = {
        field: sum(lengths[article_id][field] for article_id in ids) / len(ids) for field in FIELDS
    }
    scores = {}
    for article_id in ids:
        length, found = lengths[article_id], counts[article_id]
        score = 0.0
        for word in words:
            # A joined word ("coca cola") occurs as often as its rarest part, at most.
            per_field = {
                field: min(found[lexeme][field] for lexeme in word.lexemes) for field in FIELDS
            }
            shares = {
                field: normalised(per_field[field], length[field], averages[field])
                for field in FIELDS
            }
            score += saturated(sum(shares.values()), word.idf)
            score += TITLE_EXTRA * saturated(shares["A"], word.idf)
        scores[article_id] = score
    return scores


def _occurrences(ids: list[int], lexemes: set[str]):
    """Return ({id: {field: length}}, {id: {lexeme: {field: occurrences}}}) of the articles."""
    lengths = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    counts = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(FIELDS, 0)))
    with reading_connection().cursor() as cursor:
        cursor.execute(_OCCURRENCES, [sorted(lexemes), ids])
        for article_id, lexeme, field, occurrences in cursor.fetchall():
            lengths[article_id][field] += occurrences
            if lexeme is not None:
                counts[article_id][lexeme][field] += occurrences
    return lengths, counts

"""Related articles ("more like this") from the article's own search document.

As the Whoosh engine's whoosh/related.py does with its index: the article's key terms are
the words of its text fields (title, standfirst, body; not names or tags) that it uses often
and the archive seldom (occurrences times idf), stop words aside. The articles having any of
the key terms are ranked as a question is (questions.py: each term's ts_rank times its idf),
never the article itself nor a copy of its text (the same content hash), and one copy at
most of any duplicated text.

Bounded for a large archive: only the article's MAX_CANDIDATES most frequent words are
counted, each no further than COMMON_ARTICLES (a word in that many articles is no key term),
so the OR of the key terms (through the GIN index) reaches a bounded number of articles.
"""

import logging

from django.db import DatabaseError

from ...models import SearchDocument
from .questions import bm25_like, idf, stop_lexemes
from .tsquery import UNFIELDED_WEIGHTS, TsQuery, reading_connection

log = logging.getLogger(__name__)

KEY_TERMS = 12  # as the Whoosh engine
MAX_CANDIDATES = 100
COMMON_ARTICLES = 1000

# The article's content hash, and its words in the text fields (weights A, B, C) with how
# often it has them there: the most frequent first, longer words first among equals.
_OWN_WORDS = """
SELECT a.content_hash, w.lexeme, w.occurrences
FROM articles_article a
LEFT JOIN LATERAL (
    SELECT u.lexeme, (SELECT count(*) FROM unnest(u.weights) AS f WHERE f <> 'D') AS occurrences
    FROM articles_searchdocument d, unnest(d.vector) AS u
    WHERE d.article_id = a.id AND length(u.lexeme) > 1 AND NOT u.lexeme = ANY(%(stop)s)
    ORDER BY occurrences DESC, length(u.lexeme) DESC, u.lexeme
    LIMIT %(candidates)s
) AS w ON w.occurrences > 0
WHERE a.id = %(article)s
"""
# How many articles have each word, up to the cap; and the archive's size. In any field: a
# word in a name is no rarer for it, and a lexeme without weights needs only the GIN index,
# no recheck of the (large, compressed) vectors: 5 ms for 100 words at 2,000 articles, not 106.
_COUNTED = """
SELECT (SELECT count(*) FROM articles_searchdocument), q.i, (
    SELECT count(*) FROM (
        SELECT 1 FROM articles_searchdocument d WHERE d.vector @@ q.query::tsquery LIMIT %(cap)s
    ) AS having_it
)
FROM unnest(%(queries)s::text[]) WITH ORDINALITY AS q(query, i)
"""


def related_articles(article_id: int, text: str, *, limit: int = 5) -> list[int]:
    """Return ids of articles most like this one, never itself nor a copy of its text.

    `text` is not needed: the article's search document has its words. An unreadable table
    gives no related articles rather than a broken article page.
    """
    try:
        own_hash, words = _own_words(article_id)
        key_terms, articles = _key_terms(words)
        if not key_terms:
            return []
        ranked = (
            SearchDocument.objects.filter(vector=TsQuery(" | ".join(key_terms)))
            .exclude(article_id=article_id)
            .annotate(score=bm25_like(list(key_terms.items()), articles))
            .order_by("-score", "article_id")
            .values_list("article_id", "article__content_hash")[: limit * 3]
        )
        return _without_copies(ranked, own_hash, limit)
    except DatabaseError:  # Related articles are a courtesy: the page must still render.
        log.warning("Could not read the search documents for related articles", exc_info=True)
        return []


def _own_words(article_id: int) -> tuple[str, dict[str, int]]:
    """Return the article's content hash and {lexeme: occurrences} of its candidate words."""
    stop = sorted(lexeme.strip("'") for lexeme in stop_lexemes())
    with reading_connection().cursor() as cursor:
        cursor.execute(
            _OWN_WORDS, {"article": article_id, "stop": stop, "candidates": MAX_CANDIDATES}
        )
        rows = cursor.fetchall()
    own_hash = rows[0][0] if rows else ""
    return own_hash, {lexeme: n for _, lexeme, n in rows if lexeme is not None}


def _key_terms(words: dict[str, int]) -> tuple[dict[str, int], int]:
    """Return ({tsquery of a key term: articles having it}, the archive's article count)."""
    if not words:
        return {}, 0
    lexemes = [_quote(lexeme) for lexeme in words]
    with reading_connection().cursor() as cursor:
        cursor.execute(_COUNTED, {"cap": COMMON_ARTICLES, "queries": lexemes})
        rows = cursor.fetchall()
    articles = rows[0][0] if rows else 0
    having = {lexemes[i - 1]: count for _, i, count in rows}
    scored = [
        (occurrences * idf(articles, having[lexeme]), lexeme)
        for lexeme, occurrences in zip(lexemes, words.values(), strict=True)
        # Only in this article (or its copies): it finds nothing else. In very many: it
        # tells little, and would reach much of the archive.
        if 1 < having[lexeme] < COMMON_ARTICLES
    ]
    best = sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:KEY_TERMS]
    return {f"{lexeme}:{UNFIELDED_WEIGHTS}": having[lexeme] for _, lexeme in best}, articles


def _without_copies(ranked, own_hash: str, limit: int) -> list[int]:
    """Return up to `limit` ids, skipping copies of the article and of those already listed."""
    seen_hashes = {own_hash} if own_hash else set()
    related = []
    for article_id, content_hash in ranked:
        if content_hash and content_hash in seen_hashes:
            continue
        if content_hash:
            seen_hashes.add(content_hash)
        related.append(article_id)
        if len(related) == limit:
            break
    return related


def _quote(lexeme: str) -> str:
    """Return the lexeme as tsquery text: quoted, its quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"

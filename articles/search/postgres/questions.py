"""How a question in words is ranked by the PostgreSQL engine, as whoosh/ranking.py does.

A question's stop words (words.py) are neither required nor scored, unless it has
nothing else. The full matches have every remaining word (a long question's, all but at
most one: words.words_needed); the partial matches any of its telling words (those in at
most half of the archive). Both are ranked by one score, a BM25-like sum over the weighty
words: each word's ts_rank in the article (how often and in which fields, for the article's
length) times the word's rarity, Robertson's idf over the articles having it in a text field
(the most of any one field), as the Whoosh engine's weighting.py. ts_rank alone knows no
rarity: a common word would count as much as a rare one.

A long question (words.LONG_QUESTION weighty words or more) also saturates each word's rank,
as the Whoosh engine scores each word once over its fields (whoosh/fastpath/combined.py):
one word used everywhere cannot outweigh many words used once. Its first articles are then
ranked again by the archive's BM25F itself (reranking.py).
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.search import SearchRank
from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast

from ...models import SearchDocument
from ..bm25f import idf
from ..reading import reads_as_syntax
from ..words import COMMON_SHARE, LONG_QUESTION, STOP_WORDS, words_needed
from .finding import any_form, title_and_field_frequencies
from .tsquery import (
    CONFIG,
    UNFIELDED_WEIGHTS,
    TsQuery,
    lexemes_of,
    normalise,
    reading_connection,
    word_leaves,
)

# ts_rank's weights for D, C, B, A: names, body, standfirst, title. ts_rank has no length
# normalisation per field as BM25F has, so a title match weighs twice a body match here:
# better than equal weights (and than the syntax weights, RANK_WEIGHTS) on the mean of the
# five judged sets of `make bench-relevance`, and on the short BBC query.
QUESTION_WEIGHTS = [0.1, 0.5, 0.75, 1.0]
# ts_rank's normalisation: 1 divides by 1 + log(document length), as BM25 favours the
# shorter of two matches; a long question adds 32, rank / (rank + 1), a word's saturation
# (the mean of the judged sets: 0.506 without, 0.510 with; docs/benchmarks.md).
SHORT_NORMALIZATION = 1
LONG_NORMALIZATION = 1 | 32


@dataclass(frozen=True)
class Word:
    """A word that ranks a long question's first articles again (reranking.py): its lexemes
    (a joined word has several) and its idf, over the articles and over their titles, times
    its weight for a borrowed word."""

    lexemes: tuple[str, ...]
    idf: float
    title_idf: float  # among titles alone, for the title's share (bm25f.py)


@dataclass(frozen=True)
class Question:
    full: str  # tsquery: every weighty word
    loose: str | None  # tsquery: any telling word; None for a question of one word
    score: object  # expression: the BM25-like score of an article's search document
    # A long question's words, by which its first articles are ranked again (reranking.py).
    words: tuple[Word, ...] = ()
    archive_size: int = 0  # the articles searched, for the idf of words borrowed (feedback.py)
    may_lack: int = 0  # how many of its words a full match may lack (words.words_needed)


@cache
def stop_lexemes() -> frozenset[str]:
    """Return the stop words as the `newsarchive` configuration stems them, as tsquery text
    ("'wa'" for was)."""
    with reading_connection().cursor() as cursor:
        cursor.execute(
            "SELECT phraseto_tsquery(%s::regconfig, w)::text FROM unnest(%s::text[]) AS w",
            [CONFIG, sorted(STOP_WORDS)],
        )
        return frozenset(row[0] for row in cursor.fetchall())


def question(text: str) -> Question | None:
    """Return how to find and rank `text`, or None if it uses query syntax."""
    if reads_as_syntax(text):
        return None
    leaves = word_leaves(text)
    normalise(leaves, [])
    leaves = [leaf for leaf in leaves if any_form(leaf, UNFIELDED_WEIGHTS)]
    weighty = [leaf for leaf in leaves if leaf.lexemes not in stop_lexemes()] or leaves
    if not weighty:
        return None
    forms = [any_form(leaf, UNFIELDED_WEIGHTS) for leaf in weighty]
    if len(forms) == 1:  # one word: its rarity changes no order, and nothing is partial
        return Question(forms[0], None, Cast(_rank(forms[0], SHORT_NORMALIZATION), FloatField()))
    articles = max(SearchDocument.objects.count(), 1)
    titles, frequencies = zip(*title_and_field_frequencies(weighty), strict=True)
    present = [(form, df) for form, df in zip(forms, frequencies, strict=True) if df]
    telling = [form for form, df in present if df <= articles * COMMON_SHARE]
    loose = " | ".join(telling or [form for form, _ in present])
    long = len(forms) >= LONG_QUESTION
    normalization = LONG_NORMALIZATION if long else SHORT_NORMALIZATION
    words = tuple(
        Word(tuple(lexemes_of(leaf.lexemes)), idf(articles, df), idf(articles, in_titles))
        for leaf, df, in_titles in zip(weighty, frequencies, titles, strict=True)
        if df and long
    )
    score = bm25_like(present, articles, normalization)
    may_lack = len(forms) - words_needed(len(forms))
    return Question(_full(forms), loose or None, score, words, articles, may_lack)


def _full(forms: list[str]) -> str:
    """Return the tsquery of the full matches: every word, or for a long question every
    word but at most one (words.words_needed)."""
    if words_needed(len(forms)) == len(forms):
        return " & ".join(forms)
    return _all_but_one(forms)


def _all_but_one(forms: list[str]) -> str:
    """Return a tsquery for "all of `forms` but at most one": all of one half and all but
    one of the other, either way round. Its size grows as n log n in the words, where
    listing each word that may be left out (n - 1 words, n times) grows as n squared: a
    question of 30 words took up to twice as long to match that way."""
    if len(forms) == 1:
        return ""
    if len(forms) == 2:
        return f"({forms[0]} | {forms[1]})"
    half = len(forms) // 2
    left, right = forms[:half], forms[half:]
    every_left, every_right = " & ".join(left), " & ".join(right)
    some_left, some_right = _all_but_one(left), _all_but_one(right)
    first = f"({every_left} & {some_right})" if some_right else f"({every_left})"
    second = f"({some_left} & {every_right})" if some_left else f"({every_right})"
    return f"({first} | {second})"


def bm25_like(
    present: list[tuple[str, int]], articles: int, normalization: int = SHORT_NORMALIZATION
):
    """Return the score of a search document for these (tsquery, articles having it) words:
    each word's ts_rank in the document times its idf, summed."""
    ranks = (_rank(form, normalization) * Value(idf(articles, df)) for form, df in present)
    return Cast(sum(ranks, Value(0.0)), FloatField())


def _rank(form: str, normalization: int):
    return SearchRank(
        F("vector"), TsQuery(form), weights=QUESTION_WEIGHTS, normalization=normalization
    )

"""How a question in words is ranked (Whoosh engine; postgres/questions.py does the same).

A question's function words ("how", "will", "with": words.py) carry no weight: they
are neither required nor scored, unless the question has nothing else. Articles with every
remaining word come first (the full matches; for a long question, every word but at most
one: words.words_needed). If fewer than a page have them, the articles with some of the
words follow, ranked by BM25F over all the weighty words: a sum
in which each word counts by its rarity and how often the article uses it, so an article
with a few rare words can pass one with many common ones. Words in more than half of the
archive ("said") still score, but an article with only those is not listed.

A long question (LONG_QUESTION weighty words or more) scores each word once over the
fields together, with the title's own score added at TITLE_EXTRA (fastpath/combined.py):
an article that uses a word in its title and its body no longer counts it twice, which
matters when many words share the score. A shorter query (a name, a topic) keeps one
score per field, which ranks the articles whose headline has the words first.

The partial matches are found on document sets (docsets.py) and scored with the MaxScore
fast path (scoring.py): only the articles that can reach the page are scored. A long
question's are all scored (combined.py), a pass over its words' postings.
"""

import math
from collections import Counter
from functools import cache

from whoosh import query as q

from ..bm25f import TITLE_EXTRA
from ..feedback import FEEDBACK_ARTICLES, article_texts, borrowed_words
from ..reading import reads_as_syntax
from ..types import MAX_TERMS
from ..words import COMMON_SHARE, LONG_QUESTION, STOP_WORDS, words_needed
from .analysis import TEXT_FIELDS, text_analyzer
from .fastpath.combined import top_combined
from .fastpath.docsets import matching_docs
from .fastpath.scoring import ranked_ids
from .query import in_any_field, word_units


def plain_words(text: str) -> list[str]:
    """Return the distinct word units of `text` if it uses no query syntax, else [].

    A word joined by punctuation is one unit ("coca cola", query.word_units).
    """
    if reads_as_syntax(text):
        return []
    return word_units(text)[:MAX_TERMS]


def _frequency(searcher, word: str) -> int:
    if " " in word:  # a joined word: the articles with its phrase or run-together form
        return len(matching_docs(in_any_field(word), searcher))
    return max(searcher.reader().doc_frequency(name, word) for name in TEXT_FIELDS)


def _telling_words(words: list[str], searcher) -> dict[str, float]:
    """Return {word: rarity weight} for the words that list a partial match."""
    articles = max(searcher.reader().doc_count(), 1)
    frequencies = {word: _frequency(searcher, word) for word in words}
    present = [word for word in words if frequencies[word]]
    telling = [word for word in present if frequencies[word] <= articles * COMMON_SHARE]
    return {word: math.log(1 + articles / frequencies[word]) for word in telling or present}


@cache
def _stop_forms() -> frozenset[str]:
    """Return the stop words as the analyzer indexes them (stemmed: "was" is "wa")."""
    analyzer = text_analyzer()
    return frozenset(token.text for word in STOP_WORDS for token in analyzer(word, mode="query"))


def weighty_words(words: list[str]) -> list[str]:
    """Return the words that carry weight: all but the stop words, or all if only those."""
    content = [word for word in words if word not in _stop_forms()]
    return content or words


def all_of(words: list[str]) -> q.Query:
    """Return the query for articles having every one of `words`, in any text field."""
    if len(words) == 1:
        return in_any_field(words[0])
    return q.And([in_any_field(word) for word in words])


def full_matches(words: list[str], searcher) -> set[int]:
    """Return the documents with enough of a question's weighty `words` to be full matches:
    every one, or for a long question all but one (words.words_needed)."""
    needed = words_needed(len(words))
    if needed == len(words):
        return matching_docs(all_of(words), searcher)
    having = sorted((matching_docs(in_any_field(word), searcher) for word in words), key=len)
    # A document lacking at most one word has one of the two rarest: only those are counted.
    candidates = having[0] | having[1]
    counts = Counter()
    for docs in having:
        counts.update(candidates & docs)
    return {docnum for docnum, count in counts.items() if count >= needed}


def soft_and(words: list[str], searcher, allowed, limit: int, sortedby=None, exclude=frozenset()):
    """Return (every document with a telling word, the first `limit` of them not in `exclude`).

    The order is BM25F over all of `words` (or `sortedby`, for the date orders).
    """
    telling = _telling_words(words, searcher)
    matched = set().union(*(matching_docs(in_any_field(word), searcher) for word in telling))
    if allowed is not None:
        matched &= allowed
    rest = matched - exclude
    if limit <= 0 or not rest:
        return matched, []
    if sortedby is None and is_long(words):
        return matched, ranked_question(searcher, words, rest, limit)
    scored = q.Or([in_any_field(word) for word in words])
    return matched, ranked_ids(searcher, scored, rest, limit, sortedby)


def is_long(words: list[str]) -> bool:
    """Return True if a question of these weighty words is ranked as a long one."""
    return len(words) >= LONG_QUESTION


def ranked_question(
    searcher, words: list[str], docs: set[int], limit: int, weights=None
) -> list[int]:
    """Return the article ids of the best `limit` of `docs` for a long question's words
    (and words borrowed by feedback, at their `weights`)."""
    best = top_combined(searcher, words, in_any_field, docs, limit, TITLE_EXTRA, weights)
    return [int(searcher.stored_fields(docnum)["id"]) for docnum in best]


def reranked_by_feedback(searcher, words, ordered: list[int], full, partial) -> list[int]:
    """Return the long question's `ordered` article ids ranked again with the words its
    first articles lend it (search/feedback.py): the same full and partial matches, the
    same number of them, in a new order within each."""
    borrowed = _borrowed(searcher, words, ordered[:FEEDBACK_ARTICLES])
    if not borrowed:
        return ordered
    units = words + list(borrowed)
    weights = dict.fromkeys(words, 1.0) | borrowed
    again = ranked_question(searcher, units, full, len(ordered), weights)
    if partial and len(again) < len(ordered):
        again += ranked_question(searcher, units, partial, len(ordered) - len(again), weights)
    return again


def _borrowed(searcher, words: list[str], article_ids: list[int]) -> dict[str, float]:
    analyzer = text_analyzer()
    tokens = ([token.text for token in analyzer(text)] for text in article_texts(article_ids))
    return borrowed_words(
        tokens,
        [*words, *_stop_forms()],
        lambda word: _frequency(searcher, word),
        searcher.reader().doc_count(),
    )

"""Pseudo-relevance feedback: a long question borrows words from its own best articles.

A question in many words ("How fast is broadband growing in the UK") rarely uses every word
its best articles use ("internet", "connections", "ofcom"). The ten best articles of a first
ranking lend the question their twenty most telling words (by how much of each article they
are, times their rarity in the archive), which then score at a fifth of a question word's
weight: the relevance model of Lavrenko and Croft, as RM3 adds it to a query. It only
reorders: which articles are full or partial matches, and every count, stay the question's
own. Measured on the five judged sets of `make bench-relevance` (docs/benchmarks.md). Both
engines borrow: whoosh/ranking.py, and postgres/feedback.py, which knows how rare a word is
from the planner's statistics.
"""

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable

from ..models import Article, Paragraph

# The usual choices for RM3 (ten articles, twenty words); the weight was the best of 0.1,
# 0.2 and 0.3 on the judged sets' mean. Words in more than a tenth of the archive are not
# borrowed: they say little, and their long postings would cost time at every search.
FEEDBACK_ARTICLES = 10
FEEDBACK_WORDS = 20
FEEDBACK_WEIGHT = 0.2
BORROWED_SHARE = 0.1


def article_texts(article_ids: list[int]) -> list[str]:
    """Return the title, standfirst and paragraphs of each article, one text each."""
    texts = {
        pk: [title, standfirst]
        for pk, title, standfirst in Article.objects.filter(pk__in=article_ids).values_list(
            "pk", "title", "standfirst"
        )
    }
    paragraphs = Paragraph.objects.filter(article_id__in=article_ids).order_by("position")
    for article_id, text in paragraphs.values_list("article_id", "text"):
        texts[article_id].append(text)
    return ["\n".join(parts) for parts in texts.values()]


def borrowed_words(
    articles_tokens: Iterable[list[str]],
    question: Iterable[str],
    frequency: Callable[[str], int],
    archive_size: int,
) -> dict[str, float]:
    """Return {word: weight} of the words to add to a question, from its best articles'
    analyzed words (`frequency(word)`: how many articles of the archive have it)."""
    share, articles_with = Counter(), Counter()
    for tokens in articles_tokens:
        if tokens:
            for token, count in Counter(tokens).items():
                share[token] += count / len(tokens)
                articles_with[token] += 1
    skip = set(question)
    # A word of one article alone is its own subject, not the question's.
    eligible = [
        (amount, token)
        for token, amount in share.items()
        if token not in skip
        and articles_with[token] >= 2
        and len(token) >= 3
        and not token.isdigit()
    ]
    # Largest share first: a word's weight is at most its share times the rarity of a word
    # in one article, so once that is below the last of the best weights so far, no later
    # word can be borrowed, and its frequency (a lookup in the index) is never asked.
    eligible.sort(reverse=True)
    rarest = math.log(1 + archive_size)
    weights, lowest = {}, []
    for amount, token in eligible:
        if len(lowest) == FEEDBACK_WORDS and amount * rarest < lowest[0]:
            break
        found_in = frequency(token)
        if 0 < found_in <= archive_size * BORROWED_SHARE:
            weights[token] = amount * math.log(1 + archive_size / found_in)
            heapq.heappush(lowest, weights[token])
            if len(lowest) > FEEDBACK_WORDS:
                heapq.heappop(lowest)
    best = sorted(weights, key=lambda token: (-weights[token], token))[:FEEDBACK_WORDS]
    return {token: FEEDBACK_WEIGHT * weights[token] / weights[best[0]] for token in best}

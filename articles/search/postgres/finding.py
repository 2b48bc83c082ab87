"""Filters, facet counts and "did you mean" for the PostgreSQL engine.

The Whoosh engine's whoosh/facets.py and whoosh/spelling.py, by PostgreSQL's means
(questions.py is its whoosh/ranking.py): filters are conditions on the article's columns,
facets are GROUP BY counts over the matching documents (one_pass.py, with the count and
the page), and suggestions come from the trigram-indexed vocabulary (articles_searchword).
"""

import re
from datetime import UTC, datetime, time

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncDate
from django.utils import timezone

from ...models import ArticleTag, Paragraph, Quote, SearchDocument, SearchWord
from ..types import Filters
from ..typos import (
    MAX_WORDS_CHECKED,
    MIN_WORD_CHARS,
    RARE_WORD_ARTICLES,
    SHARED_PREFIX,
    typo_edits,
)
from .tsquery import (
    UNFIELDED_WEIGHTS,
    Leaf,
    TsQuery,
    edit_distance,
    normalise,
    reading_connection,
    weighted,
)

# Counting stops here: past it a word is common, and its exact count does not matter.
FREQUENCY_CAP = 10_000
MAX_CANDIDATES = 20


def _month_start(year: int, month: int) -> datetime:
    return datetime(year + (month - 1) // 12, (month - 1) % 12 + 1, 1, tzinfo=UTC)


def filtered(documents, filters: Filters):
    """Return the documents of articles passing `filters`."""
    if filters.source:
        documents = documents.filter(article__source__slug=filters.source)
    if filters.section:
        documents = documents.filter(article__section__iexact=filters.section)
    for kind, slug in filters.tags():
        tagged = ArticleTag.objects.filter(
            article_id=OuterRef("article_id"), tag__kind=kind, tag__slug=slug
        )
        documents = documents.filter(Exists(tagged))
    if filters.speaker:
        quoted = Quote.objects.filter(
            article_id=OuterRef("article_id"), speaker_slug=filters.speaker
        )
        documents = documents.filter(Exists(quoted))
    if filters.undated:
        documents = documents.filter(article__published=None)
    if filters.year is not None:
        first, last = (filters.month, filters.month) if filters.month else (1, 12)
        documents = documents.filter(
            article__published__gte=_month_start(filters.year, first),
            article__published__lt=_month_start(filters.year, last + 1),
        )
    if filters.date_from:
        start = datetime.combine(filters.date_from, time.min, tzinfo=UTC)
        documents = documents.filter(article__published__gte=start)
    if filters.date_to:
        end = datetime.combine(filters.date_to, time.max, tzinfo=UTC)
        documents = documents.filter(article__published__lte=end)
    return documents


def day_counts(documents) -> dict:
    """Return {publication day in the current time zone, or None if undated: count}."""
    day = TruncDate("article__published", tzinfo=timezone.get_current_timezone())
    rows = documents.order_by().values_list(day).annotate(count=Count("pk"))
    return dict(rows)


def any_form(leaf: Leaf, weights: str) -> str:
    """Return the tsquery of the leaf's word in any of its forms (`Coca-Cola`, "CocaCola")."""
    forms = [weighted(lexemes, weights) for lexemes in [leaf.lexemes, *leaf.expansions]]
    forms = list(dict.fromkeys(form for form in forms if form))
    return " | ".join(forms) if len(forms) < 2 else "(" + " | ".join(forms) + ")"


# Per word: its articles by field, counted over at most `len(fields) * cap` of the articles
# having it in any field. Each of those has it in some field, so if the limit is reached one
# field's count is at least `cap`: min(cap, the largest count) is exact. One read of each
# word's vectors for the three fields (three capped counts read them three times).
_FIELD_FREQUENCIES = """
SELECT f.counts[1], greatest(f.counts[1], f.counts[2], f.counts[3])
FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS q(a, b, c, i)
CROSS JOIN LATERAL (
    SELECT ARRAY[count(*) FILTER (WHERE vector @@ q.a::tsquery),
                 count(*) FILTER (WHERE vector @@ q.b::tsquery),
                 count(*) FILTER (WHERE vector @@ q.c::tsquery)] AS counts
    FROM (SELECT vector FROM articles_searchdocument
          WHERE vector @@ (q.a || ' | ' || q.b || ' | ' || q.c)::tsquery LIMIT %s) AS d
) AS f
ORDER BY q.i
"""


def field_frequencies(leaves: list[Leaf], cap: int = FREQUENCY_CAP) -> list[int]:
    """Return in how many articles each word is in one field at most, as Whoosh counts it,
    counting no further than `cap`: one round trip for all of them."""
    return [most for _, most in title_and_field_frequencies(leaves, cap)]


def title_and_field_frequencies(
    leaves: list[Leaf], cap: int = FREQUENCY_CAP
) -> list[tuple[int, int]]:
    """Return (in how many titles, in how many articles in one field at most) of each word,
    counting no further than `cap` (the titles among the first articles counted, past it)."""
    forms = [[f"({any_form(leaf, field)})" for leaf in leaves] for field in UNFIELDED_WEIGHTS]
    with reading_connection().cursor() as cursor:
        cursor.execute(_FIELD_FREQUENCIES, [*forms, len(UNFIELDED_WEIGHTS) * cap])
        return [(min(cap, titles), min(cap, most)) for titles, most in cursor.fetchall()]


def suggest(text: str, words: list[str]) -> str | None:
    """Return `text` with its rare words replaced by close, more common archive words."""
    documents = SearchDocument.objects.all()
    replacements = {}
    for word, own in list(_rare_words(documents, words).items())[:MAX_WORDS_CHECKED]:
        better = _closest_common_word(documents, word, own)
        if better is not None:
            replacements[word] = better
    if not replacements:
        return None
    forms = {word: _surface_form(documents, better) for word, better in replacements.items()}
    pattern = re.compile(r"\w+")
    rewritten = pattern.sub(lambda m: forms.get(m.group(0).lower()) or m.group(0), text)
    return rewritten if rewritten != text else None


def _rare_words(documents, words: list[str]) -> dict[str, int]:
    """Return {word: articles having it} for the query's words long enough to be typos and
    in few articles, as typos.py says.

    Rare needs a count up to the bound only: thirty common words (a hyphen chain of
    "the") were each counted to 10,000 in three fields, 2 s at 2,000 articles.
    """
    typed = [
        word for word in dict.fromkeys(w.lower() for w in words) if len(word) >= MIN_WORD_CHARS
    ]
    counted = dict(zip(typed, _word_frequencies(typed, cap=RARE_WORD_ARTICLES + 1), strict=True))
    return {word: count for word, count in counted.items() if count <= RARE_WORD_ARTICLES}


def _word_frequencies(words: list[str], cap: int) -> list[int]:
    """Return in how many articles each word is (in one field at most, counting up to `cap`),
    in two round trips whatever the number of words (a long question has many)."""
    leaves = [Leaf(word) for word in words]
    normalise(leaves, [])
    known = [leaf for leaf in leaves if leaf.lexemes]
    counts = dict(zip(map(id, known), field_frequencies(known, cap) if known else [], strict=True))
    return [counts.get(id(leaf), 0) for leaf in leaves]


def _closest_common_word(documents, word: str, own: int) -> str | None:
    max_edits = typo_edits(word)
    candidates = [
        candidate
        for candidate in SearchWord.objects.filter(
            word__trigram_similar=word, word__startswith=word[:SHARED_PREFIX]
        )
        .exclude(word=word)
        .values_list("word", flat=True)[: MAX_CANDIDATES * 10]
        if edit_distance(candidate, word) <= max_edits
    ]
    shortlist = candidates[:MAX_CANDIDATES]
    frequencies = dict(zip(shortlist, _word_frequencies(shortlist, FREQUENCY_CAP), strict=True))
    ranked = sorted(
        (edit_distance(candidate, word), -frequencies[candidate], candidate)
        for candidate in shortlist
    )
    for _, negative_frequency, candidate in ranked:
        if -negative_frequency > own:
            return candidate
    return None


def _surface_form(documents, word: str) -> str | None:
    """Return the word as an article writes it (the vocabulary keeps it folded: zelensky)."""
    leaf = Leaf(word)
    normalise([leaf], [])
    article_id = (
        documents.filter(vector=TsQuery(weighted(leaf.lexemes, UNFIELDED_WEIGHTS)))
        .values_list("article_id", flat=True)
        .first()
    )
    texts = Paragraph.objects.filter(article_id=article_id).values_list("text", flat=True)
    for found in re.finditer(r"\w+", " ".join(texts)):
        if _folded(found.group(0)) == word:
            return found.group(0)
    return word


def _folded(word: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))

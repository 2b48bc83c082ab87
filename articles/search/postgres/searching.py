"""Answer searches with PostgreSQL full-text search over the weighted search documents."""

import logging
import time
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import DatabaseError
from django.db.models import F, Func, Q, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ...models import Paragraph, SearchDocument
from ..reading import clean_query_text
from ..snippets import MAX_SNIPPETS, cut_marks, whole_words
from ..types import MAX_PAGE, SUGGEST_BELOW, Found, IndexUnavailable, Results, SearchParams, Snippet
from .finding import day_counts, filtered, suggest
from .one_pass import one_pass
from .questions import Question, question
from .reranking import RERANK_DEPTH, reranked
from .tsquery import CONFIG, ParsedQuery, TsQuery, parse, reading_connection

log = logging.getLogger(__name__)

# ts_rank's weights for D, C, B, A: names, body, standfirst, title (Whoosh boosts 1, 1.5, 3).
RANK_WEIGHTS = [0.1, 0.33, 0.5, 1.0]
# Divide the rank by 1 + log(document length), as BM25 favours the shorter of two matches.
RANK_NORMALIZATION = 1
# ts_headline marks matches with these; article text cannot hold them (the importer removes
# control characters), so the text is escaped first and the markers become <mark> after.
START, STOP = "\x02", "\x03"
# ts_headline drops what its parser reads as HTML tags (`<script>` in an article's text would
# vanish from the snippet), so < and > travel as private-use characters and come back escaped.
_TAG_STAND_INS = "\ue010\ue011"
# A snippet is the best stretch of 20 to 50 words around the matches (Whoosh: ~320 chars).
SNIPPET_MIN_WORDS, SNIPPET_MAX_WORDS = 20, 50


def search_articles(params: SearchParams) -> Results:
    """Return one page of articles matching the search; a page past the end gives the last."""
    started = time.perf_counter()
    try:
        parsed = parse(params.text)
        if parsed.tsquery is None:
            notes = parsed.notes or ["Type a word or two to search."]
            return Results(0, 1, params.per_page, [], notes)
        found = _find(parsed, params)
        snippets = dict(_snippets(found.ids, parsed)) if params.with_snippets else {}
    except DatabaseError as error:
        log.exception("PostgreSQL search failed")
        raise IndexUnavailable(
            "The PostgreSQL search tables could not be read; run `manage.py migrate`."
        ) from error
    return found.results(params.per_page, snippets, parsed.notes, started)


def _find(parsed: ParsedQuery, params: SearchParams) -> Found:
    """Run the strict search (the full matches), then, if wanted, the soft-AND one for the
    articles with only some of the words (the partial matches), listed after them.

    A question in words is found and ranked as questions.py says; syntax by ts_rank. The
    count, the page and the facets come from one read of the matches (one_pass.py)."""
    documents = filtered(SearchDocument.objects.all(), params.filters)
    text = clean_query_text(params.text)
    asked = question(text)
    query = TsQuery(asked.full if asked else parsed.tsquery)
    loose = TsQuery(asked.loose) if asked and asked.loose else None
    counted_loose = loose if params.with_partial else None
    guess = params.last_page(MAX_PAGE * params.per_page)
    first, size = _window(asked, params, (guess - 1) * params.per_page)
    found = one_pass(
        documents,
        query,
        counted_loose,
        _score(query, asked),
        params.sort,
        first,
        size,
        _facets_wanted(params),
    )
    full_total, ids = found.full, found.ids
    partial_total = found.partial if counted_loose else None
    partial = None
    if loose and not counted_loose and params.lists_partial(full_total):
        partial = documents.filter(vector=loose).exclude(vector=query)
        partial_total = partial.count()
    page = params.last_page(full_total + (partial_total or 0))
    start = (page - 1) * params.per_page
    ordering = _ordering(params.sort, query, asked)
    if page != guess:  # a page past the end was asked for: the last one is shown
        first, size = _window(asked, params, start)
        ids = _page_ids(documents, query, counted_loose, ordering, first, size)
    if partial is not None and partial_total and len(ids) < size:
        # The page reaches past the full matches: fill it with the best partial ones.
        skip = max(0, first - full_total)
        rest = partial.order_by(*ordering)
        ids += rest.values_list("article_id", flat=True)[skip : skip + size - len(ids)]
    if _ranked_again(asked, params, start):
        ids = reranked(ids, max(0, full_total - first), asked)
        ids = ids[start - first : start - first + params.per_page]
    counted = documents.filter(vector=query)
    if counted_loose and partial_total:
        counted = documents.filter(Q(vector=query) | Q(vector=counted_loose))
    return Found(
        total=full_total,
        page=page,
        ids=ids,
        facets=found.facets,
        partial_total=partial_total,
        counts_partial=params.with_partial,
        suggestion=_suggestion(text, parsed, documents, full_total),
        days=day_counts(counted) if params.with_days else {},
        may_lack=asked.may_lack if asked else 0,
    )


def _window(asked: Question | None, params: SearchParams, start: int) -> tuple[int, int]:
    """Return (first, how many) of the ids to fetch for the page starting at `start`: the
    page itself, or, for a long question ranked by relevance, every article from the first
    to the page's last, at least RERANK_DEPTH of them (ranked again by reranking.py)."""
    if _ranked_again(asked, params, start):
        return 0, max(RERANK_DEPTH, start + params.per_page)
    return start, params.per_page


def _ranked_again(asked: Question | None, params: SearchParams, start: int) -> bool:
    """Return True if the page starting at `start` lies in a long question's window."""
    long_question = asked is not None and bool(asked.words)
    return long_question and params.sort == "relevance" and start < RERANK_DEPTH


def _facets_wanted(params: SearchParams) -> str:
    if not params.with_facets:
        return ""
    return "year" if params.filters.year is not None else "all"


def _page_ids(documents, query, loose, ordering, start: int, size: int) -> list[int]:
    """Return one page of ids, the full matches first, by separate queries."""
    full = documents.filter(vector=query).order_by(*ordering)
    ids = list(full.values_list("article_id", flat=True)[start : start + size])
    if loose is not None and len(ids) < size:
        full_total = full.count()
        skip = max(0, start - full_total)
        rest = documents.filter(vector=loose).exclude(vector=query).order_by(*ordering)
        ids += rest.values_list("article_id", flat=True)[skip : skip + size - len(ids)]
    return ids


def _suggestion(text: str, parsed: ParsedQuery, documents, found: int) -> str | None:
    """Return a respelling of the query when few articles match and it finds more."""
    if found >= SUGGEST_BELOW:
        return None
    respelled = suggest(text, parsed.words)
    if respelled is None:
        return None
    tsquery = parse(respelled).tsquery
    better = tsquery is not None and documents.filter(vector=TsQuery(tsquery)).count() > found
    return respelled if better else None


def _ordering(sort: str, query: TsQuery, asked: Question | None = None):
    if sort in ("newest", "oldest"):
        published = F("article__published")
        by_date = (
            published.desc(nulls_last=True) if sort == "newest" else published.asc(nulls_last=True)
        )
        return [by_date, "-article_id" if sort == "newest" else "article_id"]
    return [_score(query, asked).desc(), "article_id"]


def _score(query: TsQuery, asked: Question | None = None):
    """Return how relevant a document is: a question's score (questions.py), else ts_rank."""
    if asked is not None:
        return asked.score
    return SearchRank(F("vector"), query, weights=RANK_WEIGHTS, normalization=RANK_NORMALIZATION)


def _snippets(ids: list[int], parsed: ParsedQuery):
    """Yield (article id, its best paragraphs highlighted), ranked as the Whoosh engine does."""
    if not ids or parsed.highlight is None:
        yield from ((article_id, []) for article_id in ids)
        return
    scored = {article_id: [] for article_id in ids}
    for article_id, position, distinct, count in _matching_paragraphs(ids, parsed):
        scored[article_id].append((distinct, count, -position, position))
    best = {
        article_id: [row[-1] for row in sorted(rows, reverse=True)[:MAX_SNIPPETS]]
        for article_id, rows in scored.items()
    }
    wanted = [Q(article_id=a, position__in=positions) for a, positions in best.items() if positions]
    headlines = {}
    if wanted:
        headlines = {
            (article_id, position): _whole_words_marked(text, html)
            for article_id, position, text, html in Paragraph.objects.filter(reduce(or_, wanted))
            .annotate(html=_headline(_tags_hidden(F("text")), parsed.highlight))
            .values_list("article_id", "position", "text", "html")
        }
    for article_id in ids:
        yield (
            article_id,
            [Snippet(p, headlines[(article_id, p)]) for p in best[article_id]],
        )


# Each paragraph with any of the terms: how many of them it has, and how often. Counted
# here, not in Python from each paragraph's whole tsvector: only the matching rows travel.
_MATCHING_PARAGRAPHS = """
SELECT p.article_id, p.position, count(*), sum(cardinality(w.positions))
FROM articles_paragraph p CROSS JOIN LATERAL unnest(to_tsvector(%s::regconfig, p.text)) w
WHERE p.article_id = ANY(%s) AND (w.lexeme = ANY(%s) OR w.lexeme ^@ ANY(%s))
GROUP BY p.article_id, p.position
"""


def _matching_paragraphs(ids: list[int], parsed: ParsedQuery):
    """Yield (article id, position, distinct terms, occurrences) of the paragraphs of these
    articles that have any of the query's highlighted terms (a prefix term: any lexeme
    starting with it)."""
    exact = sorted(term for term, prefix in parsed.highlight_terms if not prefix)
    prefixes = sorted(term for term, prefix in parsed.highlight_terms if prefix)
    with reading_connection().cursor() as cursor:
        cursor.execute(_MATCHING_PARAGRAPHS, [CONFIG, ids, exact, prefixes])
        yield from cursor.fetchall()


def _headline(expression, highlight: str) -> SearchHeadline:
    return SearchHeadline(
        expression,
        TsQuery(highlight),
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        min_words=SNIPPET_MIN_WORDS,
        max_words=SNIPPET_MAX_WORDS,
    )


def _tags_hidden(expression) -> Func:
    """Return the text with < and > swapped for stand-ins, so ts_headline keeps "<b>" text."""
    return Func(expression, Value("<>"), Value(_TAG_STAND_INS), function="translate")


def _whole_words_marked(text: str, headline: str) -> SafeString:
    """Return the headline marked, widened to whole words, with "…" where it was cut.

    ts_headline's parser splits "O'Brien" at the apostrophe, so a headline may start at
    "Brien"; the words at its edges are completed from the paragraph (as whoosh/highlight.py does).
    """
    hidden = text.translate(str.maketrans("<>", _TAG_STAND_INS))
    start = hidden.find(headline.replace(START, "").replace(STOP, ""))
    if start < 0:
        return _marked(headline)
    end = start + len(headline) - headline.count(START) - headline.count(STOP)
    wide_start, wide_end = whole_words(hidden, start, end)
    html = _marked(hidden[wide_start:start] + headline + hidden[end:wide_end])
    shown = cut_marks(html, cut_before=wide_start > 0, cut_after=wide_end < len(hidden))
    return mark_safe(shown)  # noqa: S308 -- _marked escaped it; cut_marks adds only "…".


def _marked(text: str) -> SafeString:
    html = escape(text).replace(START, '<mark class="hit">').replace(STOP, "</mark>")
    html = html.replace(_TAG_STAND_INS[0], "&lt;").replace(_TAG_STAND_INS[1], "&gt;")
    return mark_safe(html)  # noqa: S308 -- the text was escaped before the marks went in.


def highlight_paragraphs(text: str, paragraphs: list[tuple[int, str]]) -> dict[int, str]:
    """Return {position: html} with the words of the query `text` marked in each paragraph."""
    try:
        parsed = parse(text)
        if parsed.highlight is None:
            return {position: escape(body) for position, body in paragraphs}
        with reading_connection().cursor() as cursor:
            cursor.execute(
                "SELECT ts_headline(%s::regconfig, translate(t, '<>', %s), %s::tsquery, %s) "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i",
                [
                    CONFIG,
                    _TAG_STAND_INS,
                    parsed.highlight,
                    f"HighlightAll=true, StartSel={START}, StopSel={STOP}",
                    [body for _, body in paragraphs],
                ],
            )
            marked = [_marked(row[0]) for row in cursor.fetchall()]
    except DatabaseError:  # Highlighting is a courtesy: it must not break an article page.
        log.warning("Could not highlight an article with PostgreSQL", exc_info=True)
        return {}
    return {position: html for (position, _), html in zip(paragraphs, marked, strict=True)}

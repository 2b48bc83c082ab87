"""Answer searches from one cached, refreshed searcher per process."""

import hashlib
import logging
import os
import threading
import time

from whoosh import query as q
from whoosh.sorting import FieldFacet, MultiFacet
from whoosh.util.times import datetime_to_long

from ...models import Paragraph, Source
from ..gc_pause import gc_paused
from ..tags import tag_facets
from ..types import (
    MAX_PAGE,
    SUGGEST_BELOW,
    FacetValue,
    Filters,
    Found,
    IndexUnavailable,
    Results,
    SearchParams,
)
from ..words import words_needed
from . import storage
from .facets import (
    count_days,
    counted,
    date_bounds,
    facet_columns,
    filter_terms,
    undated_docs,
)
from .fastpath.docsets import count_values, docs_in_range, matching_docs, one_search
from .fastpath.scoring import SMALL_SET, ranked_ids, top_docs
from .highlight import best_snippets, highlight_whole
from .query import in_any_field, parse
from .ranking import (
    all_of,
    full_matches,
    is_long,
    plain_words,
    ranked_question,
    reranked_by_feedback,
    soft_and,
    weighty_words,
)
from .spelling import suggest
from .tag_counts import count_tags
from .weighting import ArchiveBM25F

log = logging.getLogger(__name__)

_searcher_lock = threading.Lock()
_cached = {"folder": None, "searcher": None, "files": None}


def _searcher():
    """Return this process's searcher over the live index, refreshed, opened once."""
    folder = storage.live_dir()
    files = generation()
    with _searcher_lock:
        current = _cached["searcher"]
        if current is not None and _cached["folder"] == folder:
            refreshed = current.refresh()
            # The same table of contents over changed files is damage (or a restore): the
            # open reader's buffers still hold the old bytes and would hide it, so reopen.
            if refreshed is not current or _cached["files"] == files:
                _cached.update(searcher=refreshed, files=files)
                return refreshed
        _forget_searcher()
        _cached.update(
            searcher=storage.open_live().searcher(weighting=ArchiveBM25F()),
            folder=folder,
            files=files,
        )
        return _cached["searcher"]


def generation() -> str | None:
    """Return a fingerprint of the live index's files: any commit, rebuild or damage changes it.

    Each file's name, size, modification and status-change times: a commit writes a new
    table of contents and segments, a rebuild swaps in another folder, and a truncated,
    deleted or unreadable file changes too, so a page kept for the old files is not served
    for damaged ones (the search then answers 503). None when the folder cannot be listed.
    """
    folder = storage.live_dir()
    if folder is None:
        return None
    try:
        files = sorted(
            (entry.name, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            for entry in os.scandir(folder)
            if not entry.name.endswith(".lock")  # Held while anyone writes; says nothing.
            for info in (entry.stat(),)
        )
    except OSError:
        return None
    return f"{folder}:{hashlib.sha256(repr(files).encode()).hexdigest()[:16]}"


def _forget_searcher() -> None:
    if _cached["searcher"] is not None:
        try:
            _cached["searcher"].close()
        except Exception:  # A searcher over deleted or damaged files may fail to close.
            log.warning("Could not close the previous searcher", exc_info=True)
    _cached.update(folder=None, searcher=None, files=None)


def warm_up() -> None:
    """Count the facets and the chart's days of one document, as a search counts them.

    What a search keeps per index reader (the facet columns, the tag table, each
    document's day) is read whole by a process's first search: seconds at 100,000
    articles, which a new gunicorn worker (one every 10,000 requests or so) would make its
    first reader wait. Its post_worker_init hook (gunicorn.conf.py) calls this
    before the worker takes requests. An empty index has nothing to read.
    """
    searcher = _searcher()
    if searcher.doc_count() == 0:
        return
    one = {next(iter(searcher.document_numbers()))}
    _facets(searcher, one, Filters())
    count_days(searcher, one)


def _sort_facet(sort: str):
    if sort not in ("newest", "oldest"):
        return None
    return MultiFacet([FieldFacet("undated"), FieldFacet("published", reverse=sort == "newest")])


def search_articles(params: SearchParams) -> Results:
    """Return one page of articles matching the search; a page past the end gives the last."""
    started = time.perf_counter()
    with gc_paused():
        return _search(params, started)


def _search(params: SearchParams, started: float) -> Results:
    try:
        searcher = _searcher()
        parsed = parse(params.text, searcher.reader())
        if parsed.query is None:
            notes = parsed.notes or ["Type a word or two to search."]
            return Results(0, 1, params.per_page, [], notes)
        if searcher.doc_count() == 0:
            # An empty index has no columns for the facets to read: nothing matches.
            return Results(0, 1, params.per_page, [], parsed.notes)
        with one_search():
            found = _find(searcher, parsed, params)
    except IndexUnavailable:
        raise
    except Exception as error:  # Damaged segments raise many types (DESIGN.md).
        with _searcher_lock:
            _forget_searcher()
        log.exception("Search failed on the index")
        raise IndexUnavailable("The search index could not be read.") from error
    snippets = dict(_snippets(found.ids, parsed.highlight_terms if params.with_snippets else None))
    return found.results(params.per_page, snippets, parsed.notes, started)


def _find(searcher, parsed, params: SearchParams) -> Found:
    """Run the strict search (the full matches), then, if wanted, the soft-AND one for the
    articles with only some of the words (the partial matches), listed after them."""
    allowed = _allowed_docs(searcher, params.filters)
    words = plain_words(parsed.text)
    weighty = weighty_words(words)
    # A question's stop words are neither required nor scored (ranking.py).
    query = all_of(weighty) if len(weighty) < len(words) else parsed.query
    if words and is_long(weighty):  # all its words but one (words.words_needed)
        full = full_matches(weighty, searcher)
        full = full if allowed is None else full & allowed
    else:
        full = _matches(searcher, query, allowed)
    # Up to the asked page; past the end, `ordered` then holds every hit, the last page too.
    wanted = min(params.page, MAX_PAGE) * params.per_page
    if params.sort == "relevance" and words and is_long(weighty):
        ordered = ranked_question(searcher, weighty, full, wanted)
    elif words and is_long(weighty):  # by date: its full matches need not have every word
        any_word = q.Or([in_any_field(word) for word in weighty])
        ordered = ranked_ids(searcher, any_word, full, wanted, _sort_facet(params.sort))
    else:
        ordered = _top_ids(searcher, query, full, wanted, params.sort, allowed)
    partial: set[int] | None = None
    if len(weighty) > 1 and params.lists_partial(len(full)):
        # The partial matches are only ranked when this page reaches past the full ones.
        limit = wanted - len(ordered) if len(full) < wanted else 0
        loose, more = soft_and(weighty, searcher, allowed, limit, _sort_facet(params.sort), full)
        partial = loose - full
        ordered += more
    if params.sort == "relevance" and words and is_long(weighty):
        ordered = reranked_by_feedback(searcher, weighty, ordered, full, partial)
    counted = full | partial if params.with_partial and partial else full
    page = params.last_page(len(full) + len(partial or ()))
    return Found(
        total=len(full),
        page=page,
        ids=ordered[(page - 1) * params.per_page : page * params.per_page],
        facets=_facets(searcher, counted, params.filters) if params.with_facets else {},
        partial_total=None if partial is None else len(partial),
        counts_partial=params.with_partial,
        suggestion=_suggestion(searcher, parsed, allowed, len(full)),
        days=count_days(searcher, counted) if params.with_days else {},
        may_lack=len(weighty) - words_needed(len(weighty)) if words else 0,
    )


def _suggestion(searcher, parsed, allowed: set[int] | None, found: int) -> str | None:
    """Return a respelling of the query when few articles match and it finds more."""
    if found >= SUGGEST_BELOW:
        return None
    respelled = suggest(parsed.text, parsed.query, searcher)
    if respelled is None:
        return None
    query = parse(respelled, searcher.reader()).query
    better = query is not None and len(_matches(searcher, query, allowed)) > found
    return respelled if better else None


def _allowed_docs(searcher, filters: Filters) -> set[int] | None:
    """Return the documents the filters let through, or None when nothing is filtered."""
    parts = [matching_docs(term, searcher) for term in filter_terms(filters)]
    if filters.undated:
        parts.append(undated_docs(searcher))
    bounds = date_bounds(filters)
    if bounds is not None:
        low, high = (datetime_to_long(moment) for moment in bounds)
        parts.append(docs_in_range(searcher, "published", low, high))
    if not parts:
        return None
    parts.sort(key=len)
    return parts[0].intersection(*parts[1:])


def _matches(searcher, query, allowed: set[int] | None) -> set[int]:
    docs = matching_docs(query, searcher)
    return docs if allowed is None else docs & allowed


def _top_ids(searcher, query, matched: set[int], limit: int, sort: str, allowed) -> list[int]:
    """Return the ids of the first `limit` of the `matched` documents, ranked or sorted."""
    best = top_docs(searcher, query, matched, limit) if sort == "relevance" else None
    if best is not None:
        return [int(searcher.stored_fields(docnum)["id"]) for docnum in best]
    if len(matched) <= SMALL_SET:  # dates, or a query only Whoosh can score: just these
        return ranked_ids(searcher, query, matched, limit, _sort_facet(sort))
    # Only a real filter is passed: any filter makes Whoosh score every match, where
    # without one it skips postings blocks that cannot reach the top `limit`.
    found = searcher.search(query, limit=limit, sortedby=_sort_facet(sort), filter=allowed)
    return [int(found[i]["id"]) for i in range(min(limit, found.scored_length()))]


def _facets(searcher, docs: set[int], filters: Filters) -> dict[str, list[FacetValue]]:
    columns = dict(facet_columns(filters))
    by_column = count_values(searcher, tuple(columns.values()), docs)
    counts = {name: by_column[column] for name, column in columns.items()}
    source_names = dict(
        Source.objects.filter(slug__in=list(counts.get("source", {}))).values_list("slug", "name")
    )
    return counted(counts, source_names) | tag_facets(count_tags(searcher, docs))


def _snippets(ids: list[int], terms: frozenset[str] | None):
    if terms is None:
        return
    paragraphs = {article_id: [] for article_id in ids}
    rows = Paragraph.objects.filter(article_id__in=ids).values_list(
        "article_id", "position", "text"
    )
    for article_id, position, text in rows.order_by("article_id", "position"):
        paragraphs[article_id].append((position, text))
    for article_id in ids:
        yield article_id, best_snippets(paragraphs[article_id], terms)


def highlight_paragraphs(text: str, paragraphs: list[tuple[int, str]]) -> dict[int, str]:
    """Return {position: html} with the words of the query `text` marked in each paragraph."""
    try:
        terms = parse(text, _searcher().reader()).highlight_terms
    except Exception:  # Highlighting is a courtesy: an unreadable index must not break a page.
        log.warning("Could not read the index to highlight an article", exc_info=True)
        return {}
    return {position: highlight_whole(body, terms) for position, body in paragraphs}

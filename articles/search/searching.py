"""Answer searches from one cached, refreshed searcher per process."""

import logging
import threading
import time
from dataclasses import dataclass, field

from whoosh.sorting import FieldFacet, MultiFacet

from ..models import Paragraph
from . import storage
from .highlight import Snippet, best_snippets, highlight_whole
from .query import parse
from .storage import IndexUnavailable

log = logging.getLogger(__name__)

SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


@dataclass(frozen=True)
class Hit:
    article_id: int
    snippets: list[Snippet]


@dataclass(frozen=True)
class Results:
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


_searcher_lock = threading.Lock()
_cached = {"folder": None, "searcher": None}


def _searcher():
    """Return this process's searcher over the live index, refreshed, opened once."""
    folder = storage.live_dir()
    with _searcher_lock:
        if _cached["folder"] != folder or _cached["searcher"] is None:
            _forget_searcher()
            _cached["searcher"] = storage.open_live().searcher()
            _cached["folder"] = folder
        else:
            _cached["searcher"] = _cached["searcher"].refresh()
        return _cached["searcher"]


def _forget_searcher() -> None:
    if _cached["searcher"] is not None:
        try:
            _cached["searcher"].close()
        except Exception:  # A searcher over deleted or damaged files may fail to close.
            log.warning("Could not close the previous searcher", exc_info=True)
    _cached.update(folder=None, searcher=None)


def _sort_facet(sort: str):
    if sort not in ("newest", "oldest"):
        return None
    return MultiFacet([FieldFacet("undated"), FieldFacet("published", reverse=sort == "newest")])


def search_articles(
    text: str, *, page: int = 1, per_page: int = 20, sort: str = "relevance"
) -> Results:
    """Return one page of articles matching `text`; a page past the end gives the last page."""
    started = time.perf_counter()
    try:
        searcher = _searcher()
        parsed = parse(text, searcher.reader())
        if parsed.query is None:
            return Results(0, 1, per_page, [], parsed.notes or ["Type a word or two to search."])
        found = searcher.search(parsed.query, limit=page * per_page, sortedby=_sort_facet(sort))
        total = len(found)
        page = min(page, max(1, -(-total // per_page)))
        ids = [
            int(found[i]["id"]) for i in range((page - 1) * per_page, min(page * per_page, total))
        ]
    except IndexUnavailable:
        raise
    except Exception as error:  # Damaged segments raise many types (DESIGN.md).
        with _searcher_lock:
            _forget_searcher()
        log.exception("Search failed on the index")
        raise IndexUnavailable("The search index could not be read.") from error
    hits = [
        Hit(article_id, snippets) for article_id, snippets in _snippets(ids, parsed.highlight_terms)
    ]
    return Results(total, page, per_page, hits, parsed.notes, time.perf_counter() - started)


def _snippets(ids: list[int], terms: frozenset[str]):
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

"""Full-text search over the archive: the only code that imports Whoosh.

Public API (plain data in, plain data out; no Whoosh object leaves this package):
    search_articles(text, page=, per_page=, sort=) -> Results
    highlight_paragraphs(text, paragraphs) -> {position: html}
    apply_pending(lock_timeout=) -> int          drain the index queue
    rebuild_index(if_missing=) -> int | None     build a new index beside the live one, swap
    check_index() -> Drift                        compare the index with the database
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC

from django.db.models import Prefetch
from whoosh.sorting import FieldFacet, MultiFacet

from ..models import Article, IndexQueueEntry, Paragraph
from . import storage
from .highlight import Snippet, best_snippets, highlight_whole
from .query import MAX_QUERY_CHARS, parse
from .storage import IndexBusy, IndexUnavailable

__all__ = [
    "MAX_QUERY_CHARS",
    "SORTS",
    "Drift",
    "Hit",
    "IndexBusy",
    "IndexUnavailable",
    "Results",
    "Snippet",
    "apply_pending",
    "check_index",
    "highlight_paragraphs",
    "rebuild_index",
    "search_articles",
]

log = logging.getLogger(__name__)

SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
BATCH_SIZE = 500


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


@dataclass(frozen=True)
class Drift:
    documents: int
    missing: list[int]
    stale: list[int]
    orphaned: list[int]
    pending: int

    @property
    def in_sync(self) -> bool:
        """Return True if every article is indexed as it is in the database, and no more."""
        return not (self.missing or self.stale or self.orphaned)


# --- Searching -----------------------------------------------------------------------

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


# --- Writing -------------------------------------------------------------------------


def _version(article: Article) -> str:
    return article.updated_at.astimezone(UTC).isoformat()


def _document(article: Article) -> dict:
    document = {
        "id": str(article.pk),
        "version": _version(article),
        "title": article.title,
        "standfirst": article.standfirst,
        "body": "\n\n".join(p.text for p in article.paragraphs.all()),
        "source": article.source.name,
        "source_slug": article.source.slug,
        "section": article.section,
        "byline": article.byline,
        "undated": 0 if article.published else 1,
    }
    if article.published:
        # Whoosh stores naive datetimes; ours are UTC.
        document["published"] = article.published.astimezone(UTC).replace(tzinfo=None)
    return document


def _articles_for_index():
    return Article.objects.select_related("source").prefetch_related(
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position"))
    )


def _write(index, article_ids: set[int]) -> None:
    """Bring the documents of these articles up to date in one commit."""
    with index.writer(timeout=5) as writer:
        for article_id in article_ids:
            writer.delete_by_term("id", str(article_id))
        for article in _articles_for_index().filter(pk__in=article_ids):
            writer.add_document(**_document(article))


def _drain(index) -> int:
    applied = 0
    while entries := list(IndexQueueEntry.objects.values_list("pk", "article_id")[:BATCH_SIZE]):
        article_ids = {article_id for _, article_id in entries}
        _write(index, article_ids)
        # Delete exactly the rows applied: a row committed meanwhile stays for the next drain.
        IndexQueueEntry.objects.filter(pk__in=[pk for pk, _ in entries]).delete()
        applied += len(article_ids)
    return applied


def apply_pending(*, lock_timeout: float = 60.0) -> int:
    """Apply the queued index updates; return how many articles were updated or removed.

    Raises IndexBusy if another process holds the lock for `lock_timeout` seconds, and
    IndexUnavailable if there is no readable index: in both cases the work stays queued.
    """
    with storage.write_lock(lock_timeout):
        return _drain(storage.open_live())


def pending_count() -> int:
    """Return how many index updates are queued."""
    return IndexQueueEntry.objects.count()


def _index_is_readable() -> bool:
    try:
        with storage.open_live().searcher() as searcher:
            searcher.doc_count()
        return True
    except Exception:
        return False


def rebuild_index(*, if_missing: bool = False, lock_timeout: float = 600.0) -> int | None:
    """Index every article into a new index and swap it in; return the document count.

    With `if_missing`, leave a readable live index alone and return None. The lock is held
    throughout, so drains wait (their work stays queued) and then go to the new index.
    """
    with storage.write_lock(lock_timeout):
        if if_missing and _index_is_readable():
            return None
        folder, index = storage.create_build()
        with index.writer(timeout=5) as writer:
            for article in _articles_for_index().iterator(chunk_size=BATCH_SIZE):
                writer.add_document(**_document(article))
        storage.swap_in(folder)
        # Entries queued before or during the build may describe changes it already saw;
        # applying them again is harmless, and skipping one could lose an update.
        _drain(index)
        return index.doc_count()


def check_index() -> Drift:
    """Compare the live index with the database, article by article."""
    with storage.open_live().searcher() as searcher:
        indexed = {int(fields["id"]): fields["version"] for fields in searcher.all_stored_fields()}
    versions = {
        pk: updated.astimezone(UTC).isoformat()
        for pk, updated in Article.objects.values_list("pk", "updated_at")
    }
    return Drift(
        documents=len(indexed),
        missing=sorted(versions.keys() - indexed.keys()),
        stale=sorted(pk for pk in versions.keys() & indexed.keys() if versions[pk] != indexed[pk]),
        orphaned=sorted(indexed.keys() - versions.keys()),
        pending=pending_count(),
    )

"""Write the Whoosh index: drain the queue, rebuild beside the live index, check for drift."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Prefetch

from ...indexing.queue import pending_count
from ...models import Article, IndexQueueEntry, Paragraph
from ..types import Drift, IndexStatus
from . import storage

BATCH_SIZE = 500
# Articles read from the database per query (SQLite limits the parameters of one query).
QUERY_CHUNK = 500
# Whoosh's in-memory posting pool per writer before it spills to disk (default 128).
WRITER_MEMORY_MB = 64


def _document(article: Article) -> dict:
    return _fields(
        article.pk,
        title=article.title,
        standfirst=article.standfirst,
        body="\n\n".join(p.text for p in article.paragraphs.all()),
        source=article.source.name,
        source_slug=article.source.slug,
        section=article.section,
        content_hash=article.content_hash,
        byline=article.byline,
        published=article.published,
        updated_at=article.updated_at,
    )


def _fields(pk: int, *, published, updated_at, section: str, **text) -> dict:
    document = {
        "id": str(pk),
        "version": updated_at.astimezone(UTC).isoformat(),
        "section": section,
        "section_key": section.strip().lower(),
        "undated": 0 if published else 1,
        **text,
    }
    if published:
        # Whoosh stores naive datetimes; ours are UTC.
        published = published.astimezone(UTC).replace(tzinfo=None)
        document.update(
            published=published, year=published.year, month=published.year * 100 + published.month
        )
    return document


_ROW_FIELDS = ("title", "standfirst", "source", "source_slug", "section", "content_hash")
_ROW_FIELDS += ("byline", "published", "updated_at")


def article_documents(article_ids: list[int]) -> Iterator[dict]:
    """Yield the documents of these articles from two plain queries (no model instances).

    A bulk drain spends much of its time here; rows are about three times cheaper than
    prefetched model objects. Articles that no longer exist yield nothing.
    """
    bodies = defaultdict(list)
    paragraphs = Paragraph.objects.filter(article_id__in=article_ids).order_by(
        "article", "position"
    )
    for article_id, text in paragraphs.values_list("article_id", "text"):
        bodies[article_id].append(text)
    rows = Article.objects.filter(pk__in=article_ids).values_list(
        "pk",
        "title",
        "standfirst",
        "source__name",
        "source__slug",
        "section",
        "content_hash",
        "byline",
        "published",
        "updated_at",
    )
    for pk, *values in rows:
        fields = dict(zip(_ROW_FIELDS, values, strict=True))
        yield _fields(pk, body="\n\n".join(bodies[pk]), **fields)


def _articles_for_index():
    return Article.objects.select_related("source").prefetch_related(
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("position"))
    )


def _write(index, article_ids: set[int]) -> None:
    """Bring the documents of these articles up to date in one commit."""
    with index.writer(timeout=5, limitmb=WRITER_MEMORY_MB) as writer:
        # One searcher for all the deletes: without it Whoosh opens one per term, over
        # every segment, which made a 24,000-article drain take many minutes.
        with writer.searcher() as searcher:
            for article_id in article_ids:
                writer.delete_by_term("id", str(article_id), searcher=searcher)
        ordered = sorted(article_ids)
        for start in range(0, len(ordered), QUERY_CHUNK):
            for document in article_documents(ordered[start : start + QUERY_CHUNK]):
                writer.add_document(**document)


def _drain(index, batch_size: int = BATCH_SIZE) -> int:
    applied = 0
    while entries := list(IndexQueueEntry.objects.values_list("pk", "article_id")[:batch_size]):
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
    with storage.write_lock(lock_timeout), storage.damage_reported():
        return _drain(storage.open_live())


def write_documents(article_ids) -> int:
    """Write these articles' documents to the live index now, in one commit; return how many.

    The queue never calls this for Whoosh (writes_in_transaction is False): an index
    commit cannot roll back with a database transaction.
    """
    ids = set(article_ids)
    with storage.write_lock(settings.SEARCH_LOCK_TIMEOUT), storage.damage_reported():
        _write(storage.open_live(), ids)
    return len(ids)


def index_status() -> IndexStatus:
    """Return the live index's document count and last commit time, and the queue length."""
    try:
        folder = storage.live_dir()
        with storage.open_live().searcher() as searcher:
            documents = searcher.doc_count()
        newest = max(file.stat().st_mtime for file in folder.iterdir())
        updated = datetime.fromtimestamp(newest, tz=UTC)
    except Exception as error:  # missing or damaged: say so, never raise into the admin
        return IndexStatus(None, pending_count(), None, str(error))
    return IndexStatus(documents, pending_count(), updated, "")


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
    with storage.damage_reported(), storage.open_live().searcher() as searcher:
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

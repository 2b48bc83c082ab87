"""Write the index: drain the queue, rebuild beside the live index, check for drift."""

from dataclasses import dataclass
from datetime import UTC

from django.db.models import Prefetch

from ..models import Article, IndexQueueEntry, Paragraph
from . import storage

BATCH_SIZE = 500


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
        "section_key": article.section.strip().lower(),
        "content_hash": article.content_hash,
        "byline": article.byline,
        "undated": 0 if article.published else 1,
    }
    if article.published:
        # Whoosh stores naive datetimes; ours are UTC.
        published = article.published.astimezone(UTC).replace(tzinfo=None)
        document.update(
            published=published, year=published.year, month=published.year * 100 + published.month
        )
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

"""Write the Whoosh index: drain the queue, rebuild beside the live index, check for drift."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime

from django.conf import settings

from ...indexing.queue import pending_count
from ...models import Article, ArticleTag, IndexQueueEntry, Paragraph, Quote
from ..types import TAG_FIELDS, Drift, IndexStatus
from . import storage
from .analysis import SPEAKER_KEY

BATCH_SIZE = 500
# Articles read from the database per query (SQLite limits the parameters of one query).
QUERY_CHUNK = 500
# Whoosh's in-memory posting pool per writer before it spills to disk (default 128).
WRITER_MEMORY_MB = 64


def _fields(pk: int, *, published, updated_at, section: str, tags=(), quotes=(), **text) -> dict:
    document = {
        "id": str(pk),
        "version": updated_at.astimezone(UTC).isoformat(),
        "section": section,
        "section_key": section.strip().lower(),
        "undated": 0 if published else 1,
        **text,
    }
    for kind, lines in _by_kind(tags).items():
        document[TAG_FIELDS[kind]] = "\n".join(lines)
    if quotes:
        document.update(_quote_fields(quotes))
    if published:
        # Whoosh stores naive datetimes; ours are UTC.
        published = published.astimezone(UTC).replace(tzinfo=None)
        document.update(
            published=published, year=published.year, month=published.year * 100 + published.month
        )
    return document


_ROW_FIELDS = ("title", "standfirst", "source", "source_slug", "section", "content_hash")
_ROW_FIELDS += ("byline", "published", "updated_at")


def _by_kind(tags) -> dict[str, list[str]]:
    """Return {kind: ["slug\tname", ...]}: the slug is the term (analysis.TagTokenizer), the
    name goes with it to the column, so the facets need no database to name the tags."""
    lines = defaultdict(list)
    for kind, slug, name in tags:
        if kind in TAG_FIELDS:
            lines[kind].append(f"{slug}\t{' '.join(name.split())}")
    return lines


def _quote_fields(quotes) -> dict[str, str]:
    """Return the quote, speaker and speaker_key fields of (text, speaker, as written, slug)
    rows: each name once, as the article names them in full and as written (not "he")."""
    names = {name: None for _, speaker, written, _ in quotes for name in (speaker, written)}
    keys = {f"{slug}\t{speaker}": None for _, speaker, _, slug in quotes if slug}
    return {
        "quote": "\n\n".join(text for text, *_ in quotes),
        "speaker": "\n".join(name for name in names if name and name.lower() not in _PRONOUNS),
        SPEAKER_KEY: "\n".join(keys),
    }


_PRONOUNS = {"he", "she"}


def article_documents(article_ids: list[int]) -> Iterator[dict]:
    """Yield the documents of these articles from four plain queries (no model instances).

    A bulk drain spends much of its time here; rows are about three times cheaper than
    prefetched model objects. Articles that no longer exist yield nothing.
    """
    bodies = defaultdict(list)
    paragraphs = Paragraph.objects.filter(article_id__in=article_ids).order_by(
        "article", "position"
    )
    for article_id, text in paragraphs.values_list("article_id", "text"):
        bodies[article_id].append(text)
    tags = defaultdict(list)
    links = ArticleTag.objects.filter(article_id__in=article_ids).order_by("tag__slug")
    rows = links.values_list("article_id", "tag__kind", "tag__slug", "tag__name")
    for article_id, kind, slug, name in rows:
        tags[article_id].append((kind, slug, name))
    quotes = defaultdict(list)
    rows = Quote.objects.filter(article_id__in=article_ids).order_by("pk")
    for article_id, *quote in rows.values_list(
        "article_id", "text", "speaker", "speaker_as_written", "speaker_slug"
    ):
        quotes[article_id].append(quote)
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
        body = "\n\n".join(bodies[pk])
        yield _fields(pk, body=body, tags=tags[pk], quotes=quotes[pk], **fields)


def add_documents(writer, article_ids: list[int]) -> None:
    """Add the documents of these articles, in chunks; fields the index's schema lacks
    (tags or quotes, in an index built before them) are left out until rebuild_index adds
    them."""
    known = set(writer.schema.names())
    for start in range(0, len(article_ids), QUERY_CHUNK):
        for document in article_documents(article_ids[start : start + QUERY_CHUNK]):
            writer.add_document(**{name: v for name, v in document.items() if name in known})


def _write(index, article_ids: set[int]) -> None:
    """Bring the documents of these articles up to date in one commit."""
    with index.writer(timeout=5, limitmb=WRITER_MEMORY_MB) as writer:
        # One searcher for all the deletes: without it Whoosh opens one per term, over
        # every segment, which made a 24,000-article drain take many minutes.
        with writer.searcher() as searcher:
            for article_id in article_ids:
                writer.delete_by_term("id", str(article_id), searcher=searcher)
        add_documents(writer, sorted(article_ids))


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
            add_documents(writer, list(Article.objects.order_by("pk").values_list("pk", flat=True)))
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

"""The save step: upsert parsed articles in batches, keyed by (source, external key).

A batch is one transaction: its articles are written whole, with their paragraphs and their
index queue rows, or not at all, so a crash at any moment leaves whole articles only. If a
batch fails in the database, its articles are saved again one transaction each, so one
bad article costs only itself.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from ..indexing import queue
from ..models import (
    SLUG_MAX_LENGTH,
    Article,
    ArticleTag,
    DismissedTag,
    Paragraph,
    Quote,
    Source,
    Tag,
)
from ..models.quotes import quote_rows
from ..models.rows import insert_rows
from ..names import store as found_names
from ..names.beside import NamesBeside, Pending
from .parsed import Entry, ParsedArticle

CREATED, UPDATED, UNCHANGED, DUPLICATE, FAILED = (
    "created",
    "updated",
    "unchanged",
    "duplicate",
    "failed",
)
METADATA_FIELDS = ("title", "standfirst", "published", "section", "byline", "url")


@dataclass
class Item:
    """An entry on its way to the database, with its source and what became of it."""

    entry: Entry
    source: Source
    digest: str
    outcome: str = ""
    article_id: int | None = None
    reason: str = ""

    @property
    def article(self) -> ParsedArticle:
        return self.entry.article


class DryRun:
    """What a dry run would have written so far, so later batches are judged against it."""

    def __init__(self):
        self.digests: dict[tuple[str, str], str] = {}  # (source, key) -> content hash
        self.hashes: set[tuple[str, str]] = set()  # (source, content hash)

    def apply(self, items: list[Item]) -> None:
        """Judge the items as if the earlier batches had been written; remember these."""
        for item in items:
            name, key = item.source.name, item.entry.key
            if item.outcome in (CREATED, DUPLICATE) and (name, key) in self.digests:
                same = self.digests[(name, key)] == item.digest
                item.outcome = UNCHANGED if same else UPDATED
            elif item.outcome == CREATED and (name, item.digest) in self.hashes:
                item.outcome = DUPLICATE
            if item.outcome in (CREATED, UPDATED):
                self.digests[(name, key)] = item.digest
                self.hashes.add((name, item.digest))


def save_batch(
    items: list[Item], *, dry_run: DryRun | None = None, names: NamesBeside | None = None
) -> None:
    """Decide and (unless in a dry run) write what happens to each item; set item.outcome.

    With `names` (the import run's worker), the names of the texts new to the finder are
    found in that worker while the batch is written.
    """
    _decide(items)
    if dry_run is not None:
        dry_run.apply(items)
        return
    written = [item for item in items if item.outcome in (CREATED, UPDATED)]
    finding = _find_names_beside(written, names)
    try:
        with transaction.atomic():
            _write(written, finding)
    except DatabaseError:
        for item in items:
            if item.outcome in (CREATED, UPDATED):
                _save_alone(item)


def _save_alone(item: Item) -> None:
    """Save one article in its own transaction, after a batch that failed as a whole."""
    try:
        with transaction.atomic():
            _decide([item])
            if item.outcome in (CREATED, UPDATED):
                _write([item])
    except DatabaseError as error:
        item.outcome, item.reason = FAILED, f"database error: {error}"


def _decide(items: list[Item]) -> None:
    """Find each item's article, if any: unchanged, updated, duplicate or created."""
    source_ids = {item.source.pk for item in items}
    existing = {
        (source_id, key): (pk, digest)
        for pk, source_id, key, digest in Article.objects.filter(
            source_id__in=source_ids, external_key__in={item.entry.key for item in items}
        ).values_list("pk", "source_id", "external_key", "content_hash")
    }
    known_digests = set(
        Article.objects.filter(
            source_id__in=source_ids, content_hash__in={item.digest for item in items}
        ).values_list("source_id", "content_hash")
    )
    for item in items:
        found = existing.get((item.source.pk, item.entry.key))
        if found and found[1] == item.digest:
            item.outcome, item.article_id = UNCHANGED, found[0]
        elif found:
            item.outcome, item.article_id = UPDATED, found[0]
        elif (item.source.pk, item.digest) in known_digests:
            item.outcome = DUPLICATE
        else:
            item.outcome = CREATED
            known_digests.add((item.source.pk, item.digest))  # a second copy in this batch


def _find_names_beside(items: list[Item], names: NamesBeside | None) -> Pending | None:
    """Hand the worker the texts the finder will read: the new articles', and the updated
    ones' whose text changed (store.py decides again, inside the transaction)."""
    if names is None or not settings.FIND_NAMES_ON_IMPORT or not items:
        return None
    updated = {item.article_id: item for item in items if item.outcome == UPDATED}
    stale = found_names.stale(
        {pk: (item.article.title, item.article.paragraphs) for pk, item in updated.items()}
    )
    reading = [item for item in items if item.outcome == CREATED or item.article_id in stale]
    return names.submit(
        reading, [(item.article.title, item.article.paragraphs) for item in reading]
    )


def _write(items: list[Item], finding: Pending | None = None) -> None:
    created = [item for item in items if item.outcome == CREATED]
    updated = [item for item in items if item.outcome == UPDATED]
    new_articles = [
        Article(source=item.source, external_key=item.entry.key, **_fields(item))
        for item in created
    ]
    # One queue row per article, written below: the models' own rows for each bulk update
    # and delete would queue an article three times and cut the index follower's commits.
    with queue.recorded_by_caller():
        _assign_slugs(new_articles)
        Article.objects.bulk_create(new_articles)
        for item, article in zip(created, new_articles, strict=True):
            item.article_id = article.pk
        if updated:
            _update(updated)
        _insert_paragraphs(
            (item.article_id, position, text)
            for item in items
            for position, text in enumerate(item.article.paragraphs, start=1)
        )
        _store_quotes(items)
        _link_tags(items, replace=[item.article_id for item in updated])
        if settings.FIND_NAMES_ON_IMPORT:
            # Only those whose text is new to the finder (store.py): an update of the
            # metadata alone leaves the found tags as editors left them.
            found_names.find_and_store(
                {item.article_id: (item.article.title, item.article.paragraphs) for item in items},
                finding.result(lambda item: item.article_id) if finding else None,
                created=[item.article_id for item in created],
            )
    # The index learns of these changes from the queue rows, written in this same
    # transaction; the command (or its index follower) drains them.
    queue.enqueue([item.article_id for item in items], drain=False)


def _link_tags(items: list[Item], *, replace: list[int]) -> None:
    """Link each article to the tags its source gives, creating tags met for the first time.

    An updated article's tags from the source are replaced, less those an editor took off;
    those found in the text or added by an editor (part of the article's life in the
    archive, not of the file) stay. A tag that exists keeps its name: an editor may have
    renamed it.
    """
    dismissed = set()
    if replace:
        ArticleTag.objects.filter(article_id__in=replace, origin=ArticleTag.Origin.SOURCE).delete()
        dismissed = set(
            DismissedTag.objects.filter(article_id__in=replace).values_list("article_id", "tag_id")
        )
    wanted = {(kind, slug): name for item in items for kind, slug, name in item.article.tags}
    if not wanted:
        return
    tag_ids = Tag.ids_for(wanted)
    ArticleTag.objects.bulk_create(
        [
            ArticleTag(article_id=item.article_id, tag_id=tag_ids[kind, slug])
            for item in items
            for kind, slug, _ in item.article.tags
            if (item.article_id, tag_ids[kind, slug]) not in dismissed
        ],
        ignore_conflicts=True,  # already there, found in the text or added by an editor
    )


def _store_quotes(items: list[Item]) -> None:
    """Store the quotes of the articles' paragraphs (an updated article's old ones went with
    its old paragraphs), found in the parsed text; one query for the paragraphs' ids."""
    ids = defaultdict(list)
    rows = Paragraph.objects.filter(article_id__in=[item.article_id for item in items])
    for article_id, pk in rows.order_by("article_id", "position").values_list("article_id", "pk"):
        ids[article_id].append(pk)
    Quote.objects.bulk_create(
        quote
        for item in items
        for quote in quote_rows(item.article_id, ids[item.article_id], item.article.paragraphs)
    )


def _insert_paragraphs(rows) -> None:
    """Insert (article_id, position, text) rows with one executemany (models/rows.py)."""
    insert_rows(Paragraph, ("article", "position", "text"), rows)


def _update(items: list[Item]) -> None:
    articles = Article.objects.in_bulk([item.article_id for item in items])
    now = timezone.now()
    for item in items:
        article = articles[item.article_id]
        for name, value in _fields(item).items():
            setattr(article, name, value)
        article.updated_at = now
    Article.objects.bulk_update(articles.values(), [*METADATA_FIELDS, "content_hash", "updated_at"])
    Paragraph.objects.filter(article_id__in=articles.keys()).delete()


def _fields(item: Item) -> dict:
    parsed = item.article
    fields = {name: getattr(parsed, name) for name in METADATA_FIELDS}
    fields["title"] = parsed.title[:500]
    fields["byline"], fields["section"] = parsed.byline[:300], parsed.section[:100]
    fields["url"] = parsed.url[:1000]
    return {**fields, "content_hash": item.digest}


def _assign_slugs(articles: list[Article]) -> None:
    """Give each new article a slug no other article has: its title's, or that plus -N."""
    bases = [
        slugify(article.title)[:SLUG_MAX_LENGTH].strip("-") or "article" for article in articles
    ]
    taken = set(Article.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    for article, base in zip(articles, bases, strict=True):
        if base in taken:
            taken |= _numbered_slugs(base)
            n = 2
            while f"{base}-{n}" in taken:
                n += 1
            article.slug = f"{base}-{n}"
        else:
            article.slug = base
        taken.add(article.slug)


def _numbered_slugs(base: str) -> set[str]:
    # Slugs are ASCII, so this range holds exactly those starting "base-" (an index scan).
    numbered = re.compile(rf"{re.escape(base)}-\d+")
    return {
        slug
        for slug in Article.objects.filter(slug__gte=f"{base}-", slug__lt=f"{base}-~").values_list(
            "slug", flat=True
        )
        if numbered.fullmatch(slug)
    }

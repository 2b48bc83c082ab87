"""Sources, articles and their paragraphs: what the archive holds.

Each write of an article, a paragraph or a source's name queues the articles it changed for
the search index in the same transaction (indexing/queue.py): save() and delete(), and the
QuerySets' update() and delete(), so the admin, the shell and any ORM code are followed
by the index. bulk_create() and raw SQL queue nothing: their callers enqueue (the importer).
Those transactions add no savepoint inside a caller's: a failed write fails the caller's
transaction, as Django's own save() does, and one transaction's writes share one queue row
per article (indexing/queue.py).
"""

import hashlib
import uuid
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from ..cleaning import clean_text
from ..indexing import queue
from ..tag_kinds import TAG_KINDS
from ..validators import MAX_URL_CHARS, is_web_url, validate_web_url

if TYPE_CHECKING:
    from .tags import Tag


def paragraphs_changed(article_ids) -> None:
    """Find these articles' quotes again, then queue them for the index: in that order, as
    the PostgreSQL engine writes their documents (quotes included) as they are queued."""
    from .quotes import refresh_quotes  # quotes.py refers to these models; no cycle

    article_ids = set(article_ids) - {None}
    if not queue.caller_records():
        refresh_quotes(article_ids)
    queue.enqueue_from_models(article_ids)


SLUG_MAX_LENGTH = 200
# What an editor changes in the admin; edit_version() fingerprints each, and the paragraphs.
EDITABLE_FIELDS = ("title", "slug", "standfirst", "source", "section", "byline", "published", "url")
# A source's name and slug are part of each of its articles' search documents.
SOURCE_FIELDS_INDEXED = {"name", "slug"}


class SourceQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Update the sources; queue their articles for the index if a name or slug changed."""
        with transaction.atomic(savepoint=False):
            renamed = SOURCE_FIELDS_INDEXED & kwargs.keys()
            article_ids = list(Article.objects.filter(source__in=self).values_list("pk", flat=True))
            count = super().update(**kwargs)
            if renamed:
                queue.enqueue_from_models(article_ids)
        return count


class Source(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "source"
        with transaction.atomic(savepoint=False):
            renamed = (
                self.pk is not None
                and not Source.objects.filter(pk=self.pk, name=self.name, slug=self.slug).exists()
            )
            super().save(*args, **kwargs)
            if renamed:
                queue.enqueue_from_models(self.articles.values_list("pk", flat=True))

    def get_absolute_url(self):
        return reverse("articles:browse_source", args=[self.slug])

    def clean_fields(self, exclude=None):
        self.name = clean_text(self.name).strip()
        super().clean_fields(exclude)

    @classmethod
    def named(cls, name: str) -> "Source":
        """Return the source with this name, creating it on first use."""
        source, _ = cls.objects.get_or_create(name=name, defaults={"slug": slugify(name)[:200]})
        return source

    @classmethod
    def slug_for(cls, name_or_slug: str) -> str | None:
        """Return the slug of the source with this name or slug (any case), or None."""
        typed = name_or_slug.strip()
        found = cls.objects.filter(Q(slug__iexact=typed) | Q(name__iexact=typed))
        return found.order_by("pk").values_list("slug", flat=True).first()


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Update the articles and queue them for the search index, in one transaction."""
        with transaction.atomic(savepoint=False):
            article_ids = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            queue.enqueue_from_models(article_ids)
        return count

    def delete(self):
        """Delete the articles and queue their removal from the index, in one transaction.

        Outside a transaction (the admin's "delete selected", the shell) the queue rows
        and the drain after commit still see the articles gone, never a moment before.
        """
        with transaction.atomic(savepoint=False):
            article_ids = list(self.values_list("pk", flat=True))
            deleted = super().delete()
            queue.enqueue_from_models(article_ids)
        return deleted

    def newest_first(self):
        """Return articles by publication date, newest first, undated ones last."""
        return self.order_by(F("published").desc(nulls_last=True), "-pk")

    def for_listing(self):
        """Return articles with what a list of them shows, in one query."""
        return self.select_related("source")

    def for_hits(self, hits: list) -> list[tuple["Article", object]]:
        """Return (article, hit) for each search.Hit in order, in one query, skipping any
        article deleted since the search."""
        articles = self.for_listing().in_bulk([hit.article_id for hit in hits])
        return [(articles[hit.article_id], hit) for hit in hits if hit.article_id in articles]

    def dated(self):
        return self.filter(published__isnull=False)

    def undated(self):
        return self.filter(published__isnull=True)


class Article(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    external_key = models.CharField(
        max_length=500,
        help_text="Stable key of the article within its source (for files: the path).",
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH + 12, unique=True, blank=True)
    standfirst = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    section = models.CharField(max_length=100, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    url = models.URLField(max_length=MAX_URL_CHARS, blank=True, validators=[validate_web_url])
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Hash of the content as last imported; an unchanged file is skipped.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    tags = models.ManyToManyField("Tag", through="ArticleTag", related_name="articles", blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [F("published").desc(nulls_last=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_key"], name="article_unique_key_per_source"
            ),
        ]
        indexes = [
            models.Index(fields=["-published"], name="article_published_idx"),
            models.Index(fields=["source", "-published"], name="article_source_published_idx"),
            models.Index(fields=["section", "-published"], name="article_section_published_idx"),
            models.Index(fields=["source", "content_hash"], name="article_source_hash_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.external_key:
            # Articles written in the admin have no file behind them.
            self.external_key = f"manual:{uuid.uuid4().hex}"
        with transaction.atomic(savepoint=False):
            if not self.slug:
                self.slug = self._unique_slug()
            super().save(*args, **kwargs)
            queue.enqueue_from_models([self.pk])

    def get_absolute_url(self):
        return reverse("articles:article_detail", args=[self.slug])

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            article_id = self.pk
            deleted = super().delete(*args, **kwargs)
            queue.enqueue_from_models([article_id])
        return deleted

    def clean_fields(self, exclude=None):
        # Before the field checks, so a title of nothing but control characters is blank.
        for name in ("title", "standfirst", "byline", "section"):
            setattr(self, name, clean_text(getattr(self, name)).strip())
        super().clean_fields(exclude)

    def edit_version(self) -> str:
        """Return a token of the saved content, field by field, for an edit form to carry."""
        return ",".join(f"{name}:{digest}" for name, digest in self._digests().items())

    def changed_since(self, version: str) -> list[str]:
        """Return the fields (and "paragraphs") whose saved content differs from `version`."""
        then = dict(part.split(":", 1) for part in version.split(",") if ":" in part)
        return [name for name, digest in self._digests().items() if then.get(name) != digest]

    def _digests(self) -> dict[str, str]:
        saved = {
            name: getattr(self, self._meta.get_field(name).attname) for name in EDITABLE_FIELDS
        }
        saved["paragraphs"] = list(self.paragraphs.values_list("pk", "position", "text"))
        return {
            name: hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()[:12]
            for name, value in saved.items()
        }

    @property
    def web_url(self) -> str:
        """Return the original's address if it is an http(s) one, else nothing to link to."""
        return self.url if self.url and is_web_url(self.url) else ""

    @property
    def section_slug(self) -> str:
        return slugify(self.section)

    @property
    def tag_list(self) -> list["Tag"]:
        """Return the article's tags by kind, then name (prefetch "tags" for many articles)."""
        kinds = {kind: n for n, kind in enumerate(TAG_KINDS)}
        return sorted(self.tags.all(), key=lambda tag: (kinds[tag.kind], tag.name.lower()))

    @property
    def body_text(self) -> str:
        """Return the paragraphs as one text, a blank line between them."""
        return "\n\n".join(p.text for p in self.paragraphs.all())

    def _unique_slug(self) -> str:
        base = slugify(self.title)[:SLUG_MAX_LENGTH].strip("-") or "article"
        taken = set(
            Article.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    @transaction.atomic(savepoint=False)
    def renumber_paragraphs(self, wanted: list[tuple["Paragraph", int]]) -> None:
        """Give the paragraphs positions 1..N in the order of their wanted positions.

        Ties go in list order, so a paragraph an editor moved to position 3 lands before
        the one that was already there. Positions are parked above the current maximum
        first, so the unique (article, position) constraint never sees two at once.
        """
        order = sorted(range(len(wanted)), key=lambda i: (wanted[i][1], i))
        ordered = [wanted[i][0] for i in order]
        park = (self.paragraphs.aggregate(m=models.Max("position"))["m"] or 0) + len(ordered)
        for offset, paragraph in enumerate(ordered, start=1):
            paragraph.position = park + offset
        Paragraph.objects.bulk_update(ordered, ["position"])
        for position, paragraph in enumerate(ordered, start=1):
            paragraph.position = position
        # bulk_update() goes through ArticleRowsQuerySet.update(): the quotes follow the order.
        Paragraph.objects.bulk_update(ordered, ["position"])


class ArticleRowsQuerySet(models.QuerySet):
    """Rows that belong to an article (paragraphs, tag links): a bulk update or delete queues
    their articles for the index in the same transaction, as a save of one row does."""

    def update(self, **kwargs):
        """Update the rows and queue their articles (and one moved to) for the index."""
        with transaction.atomic(savepoint=False):
            article_ids = set(self.values_list("article_id", flat=True))
            count = super().update(**kwargs)
            moved_to = kwargs.get("article", kwargs.get("article_id"))
            if moved_to is not None:
                article_ids.add(getattr(moved_to, "pk", moved_to))
            self._changed(article_ids)
        return count

    def delete(self):
        """Delete the rows and queue their articles for the index."""
        with transaction.atomic(savepoint=False):
            article_ids = set(self.values_list("article_id", flat=True))
            deleted = super().delete()
            self._changed(article_ids)
        return deleted

    def _changed(self, article_ids: set[int]) -> None:
        if self.model is Paragraph:
            paragraphs_changed(article_ids)
        else:
            queue.enqueue_from_models(article_ids)


class Paragraph(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(help_text="1 is the first paragraph.")
    text = models.TextField()

    objects = ArticleRowsQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="paragraph_unique_position"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="paragraph_position_gte_1"),
        ]

    def __str__(self):
        return f"¶{self.position} of {self.article}"

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            previous = (
                Paragraph.objects.filter(pk=self.pk).values_list("article_id", flat=True).first()
                if self.pk
                else None
            )
            super().save(*args, **kwargs)
            paragraphs_changed([self.article_id, previous])

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            deleted = super().delete(*args, **kwargs)
            paragraphs_changed([self.article_id])
        return deleted

    def clean_fields(self, exclude=None):
        self.text = clean_text(self.text).strip()
        super().clean_fields(exclude)

    @property
    def anchor(self) -> str:
        """Return the id of this paragraph on the article page."""
        return f"p-{self.position}"

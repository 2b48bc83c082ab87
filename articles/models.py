"""The archive's data: sources, articles, their paragraphs and tags, the index queue, search
documents.

Each write of an article, a paragraph or a source's name queues the articles it changed for
the search index in the same transaction (indexing/queue.py): save() and delete(), and the
QuerySets' update() and delete(), so the admin, the shell and any ORM code are followed
by the index; tags too (an article's tag links, added, removed or cleared by any path, and
a tag's rename or delete). bulk_create() and raw SQL queue nothing: their callers enqueue
(the importer).
Those transactions add no savepoint inside a caller's: a failed write fails the caller's
transaction, as Django's own save() does, and one transaction's writes share one queue row
per article (indexing/queue.py).
"""

import hashlib
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify

from .cleaning import clean_text
from .indexing import queue
from .tag_kinds import MAX_TAG_CHARS, tag_slug
from .validators import MAX_URL_CHARS, is_web_url, validate_web_url

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


class TagQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Update the tags and queue their articles for the index, in one transaction."""
        with transaction.atomic(savepoint=False):
            article_ids = list(ArticleTag.objects.filter(tag__in=self).values_list("article_id"))
            count = super().update(**kwargs)
            queue.enqueue_from_models(article_id for (article_id,) in article_ids)
        return count

    def delete(self):
        """Delete the tags and queue the articles that had them, in one transaction."""
        with transaction.atomic(savepoint=False):
            article_ids = list(ArticleTag.objects.filter(tag__in=self).values_list("article_id"))
            deleted = super().delete()
            queue.enqueue_from_models(article_id for (article_id,) in article_ids)
        return deleted


class Tag(models.Model):
    """A topic, place, person, organisation or exchange that articles are about.

    The slug is the tag's key within its kind (`/tags/place/japan/`); the name is what
    readers see (`wpi` is named "wholesale price index").
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", "topic"
        PLACE = "place", "place"
        PERSON = "person", "person"
        ORGANISATION = "organisation", "organisation"
        EXCHANGE = "exchange", "exchange"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    slug = models.SlugField(max_length=MAX_TAG_CHARS, allow_unicode=True)
    name = models.CharField(max_length=MAX_TAG_CHARS)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="tag_unique_slug_per_kind"),
        ]

    def __str__(self):
        return f"{self.name} ({self.kind})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = tag_slug(self.name) or "tag"
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            # A rename changes each tagged article's document (its name is shown and indexed).
            queue.enqueue_from_models(self.article_links.values_list("article_id", flat=True))

    def get_absolute_url(self):
        return reverse("articles:tag_detail", args=[self.kind, self.slug])

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            article_ids = list(self.article_links.values_list("article_id", flat=True))
            deleted = super().delete(*args, **kwargs)
            queue.enqueue_from_models(article_ids)
        return deleted

    def clean_fields(self, exclude=None):
        self.name = clean_text(self.name).strip()
        super().clean_fields(exclude)

    @classmethod
    def named(cls, kind: str, name: str) -> "Tag":
        """Return the tag of this kind with this name's slug, creating it on first use."""
        slug = tag_slug(name) or "tag"
        tag, _ = cls.objects.get_or_create(kind=kind, slug=slug, defaults={"name": name[:200]})
        return tag


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

    def in_section(self, section_slug: str):
        """Return the articles whose section slugifies to `section_slug`."""
        names = [name for name in self.sections() if slugify(name) == section_slug]
        return self.filter(section__in=names)

    def sections(self) -> list[str]:
        """Return the distinct non-empty section names, alphabetically."""
        rows = self.exclude(section="").order_by("section").values_list("section", flat=True)
        return list(rows.distinct())

    def section_counts(self) -> list[tuple[str, str, int]]:
        """Return (name, slug, article count) for each section that has a slug."""
        rows = self.exclude(section="").values_list("section").annotate(n=models.Count("pk"))
        counts = [(name, slugify(name), n) for name, n in rows.order_by("section")]
        return [(name, slug, n) for name, slug, n in counts if slug]

    def largest_sections(self, limit: int) -> list[tuple[str, str, int]]:
        """Return section_counts() of the `limit` sections with the most articles."""
        return sorted(self.section_counts(), key=lambda row: (-row[2], row[0]))[:limit]


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
    tags = models.ManyToManyField(Tag, through="ArticleTag", related_name="articles", blank=True)

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
        kinds = {kind: n for n, kind in enumerate(Tag.Kind.values)}
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
            queue.enqueue_from_models(article_ids)
        return count

    def delete(self):
        """Delete the rows and queue their articles for the index."""
        with transaction.atomic(savepoint=False):
            article_ids = set(self.values_list("article_id", flat=True))
            deleted = super().delete()
            queue.enqueue_from_models(article_ids)
        return deleted


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
            super().save(*args, **kwargs)
            queue.enqueue_from_models([self.article_id])

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            deleted = super().delete(*args, **kwargs)
            queue.enqueue_from_models([self.article_id])
        return deleted

    def clean_fields(self, exclude=None):
        self.text = clean_text(self.text).strip()
        super().clean_fields(exclude)

    @property
    def anchor(self) -> str:
        """Return the id of this paragraph on the article page."""
        return f"p-{self.position}"


class ArticleTag(models.Model):
    """One tag of one article, and where it came from."""

    class Origin(models.TextChoices):
        SOURCE = "source", "from the source"
        TEXT = "text", "found in the text"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="article_links")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.SOURCE)

    objects = ArticleRowsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "tag"], name="article_tag_unique"),
        ]
        verbose_name = "tag of the article"
        verbose_name_plural = "tags of the article"

    def __str__(self):
        return f"{self.tag} on article {self.article_id}"

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            previous = (
                ArticleTag.objects.filter(pk=self.pk).values_list("article_id", flat=True).first()
                if self.pk
                else None
            )
            super().save(*args, **kwargs)
            queue.enqueue_from_models({self.article_id, previous} - {None})

    def delete(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            deleted = super().delete(*args, **kwargs)
            queue.enqueue_from_models([self.article_id])
        return deleted


@receiver(m2m_changed, sender=ArticleTag)
def _queue_articles_whose_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """article.tags.add/remove/set/clear and tag.articles.*: bulk writes that save() misses."""
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    if reverse:  # tag.articles.add(...): pk_set holds articles
        if action == "pre_clear":
            pk_set = set(instance.article_links.values_list("article_id", flat=True))
        article_ids = pk_set or ()
    else:
        article_ids = [instance.pk]
    with transaction.atomic(savepoint=False):
        queue.enqueue_from_models(article_ids)


class IndexQueueEntry(models.Model):
    """One article whose search document must be brought up to date with the database.

    Written in the same transaction as the change, so no committed change is ever without
    its entry. The drain decides what to do from the database: an article that still
    exists is re-indexed, one that is gone is removed from the index.
    """

    article_id = models.BigIntegerField(db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "index queue entry"
        verbose_name_plural = "index queue"

    def __str__(self):
        return f"re-index article {self.article_id}"


class ImportRun(models.Model):
    """One run of import_articles: what it was asked to do and what became of it."""

    class Status(models.TextChoices):
        RUNNING = "running", "running (or interrupted)"
        FINISHED = "finished", "finished"
        FAILED = "failed", "finished with failures"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    paths = models.JSONField(default=list, help_text="The files and folders named.")
    options = models.JSONField(default=dict, help_text="--source, --section-from-folder, ...")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(
        default=0, help_text="Documents with nothing in them (no title, no text): no failure."
    )
    failed = models.PositiveIntegerField(default=0)
    failures = models.JSONField(
        default=list, help_text="Each failure's file, line (for many-article files) and reason."
    )
    skips = models.JSONField(default=list, help_text="Each skipped document's file and line.")
    warnings = models.JSONField(default=list, help_text="Articles imported with a caveat.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Import of {', '.join(self.paths)[:80]} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        """Return how many articles the run read."""
        counts = (self.created, self.updated, self.unchanged, self.duplicate, self.skipped)
        return sum(counts) + self.failed


class SearchDocument(models.Model):
    """The PostgreSQL search engine's document of one article: a weighted tsvector.

    The table exists on PostgreSQL only (migration 0003 creates it there with raw SQL and
    does nothing on SQLite); only `articles.search.postgres` reads or writes it, and only
    when NEWSARCHIVE_SEARCH_ENGINE=postgres, which settings refuse on any other database.
    """

    # The database deletes the document with its article (ON DELETE CASCADE in the SQL), so
    # Django's deletion collector must leave this table alone: on SQLite it does not exist.
    article = models.OneToOneField(
        Article, on_delete=models.DO_NOTHING, primary_key=True, related_name="+"
    )
    # The article's updated_at when the vector was computed, so check_index finds stale ones.
    version = models.DateTimeField()
    vector = SearchVectorField()

    class Meta:
        verbose_name = "search document"

    def __str__(self):
        return f"search document of article {self.article_id}"


class SearchWord(models.Model):
    """A word (case and accents folded, not stemmed) that occurs in some article.

    PostgreSQL only, like SearchDocument: the vocabulary that fuzzy terms (`word~1`) and
    "did you mean" look up by trigram similarity, through a GIN trigram index.
    """

    word = models.TextField(primary_key=True)

    def __str__(self):
        return self.word


class SavedSearch(models.Model):
    """A reader's search (words, filters, sort) kept under a name, with its alert.

    The search is kept as the query string of its results page (without the page number), so
    it is read back through the one path every search takes: SearchForm. `count_then` is its
    total when saved. For the alert, `alerted_up_to` is the highest article id already
    considered: the next alert lists only matching articles added after it.
    """

    class Alert(models.TextChoices):
        NONE = "none", "No alert"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    query_string = models.CharField(max_length=2000)
    count_then = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    alert = models.CharField(max_length=10, choices=Alert.choices, default=Alert.NONE)
    alerted_up_to = models.BigIntegerField(default=0)
    last_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["alert", "last_alert_at"], name="saved_search_alert_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('articles:search')}?{self.query_string}"


class AlertMail(models.Model):
    """One alert mail to send: the outbox row that makes `send_alerts` safe to kill.

    Written in the same transaction that moves its search's `alerted_up_to` past the
    articles it lists, and marked sent after the mail server accepted it (alerts.py says
    why this order).
    """

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="alert_mails"
    )
    article_ids = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"alert {self.pk} for {self.saved_search}"


class Collection(models.Model):
    """A reader's named list of articles, private unless its owner shares it.

    Sharing sets `share_token`, an unguessable link's secret (secrets.token_urlsafe(24));
    turning sharing off clears it, so the old link answers 404 and sharing again makes a new
    one.
    """

    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="collections")
    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:collection", args=[self.pk])

    def get_shared_url(self):
        return reverse("articles:shared_collection", args=[self.share_token])


class CollectionItem(models.Model):
    """One article in one collection, with the owner's note on it."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True, max_length=2000)
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "article"], name="collection_item_unique_article"
            ),
        ]

    def __str__(self):
        return f"article {self.article_id} in {self.collection}"


class FrozenSet(models.Model):
    """A saved search's full matches as they were at one moment, kept for a paper to cite.

    The set is public to anyone with its link (`token`, secrets.token_urlsafe(16)): a
    citation must resolve for its readers. Only its owner sees it in their account and may
    delete it; deleting the account deletes it. Nothing here changes after the freeze: the
    items keep the articles' titles, dates and versions of that moment (frozen_sets.py).
    """

    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="frozen_sets")
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.SET_NULL, null=True, blank=True, related_name="frozen_sets"
    )
    token = models.CharField(max_length=32, unique=True)
    query = models.CharField(max_length=2000)
    # The saved search's query string (saved_searches.KEPT): words, filters and sort.
    query_string = models.CharField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    article_count_at_freeze = models.PositiveIntegerField()
    archive_last_change = models.DateTimeField(null=True, blank=True)
    # How many articles fully matched; the items are the first `cap` of them, best first.
    total = models.PositiveIntegerField()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"“{self.query}” frozen {self.created:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("articles:frozen_set", args=[self.token])


class FrozenItem(models.Model):
    """One article of a frozen set as it was when frozen; `article` is None once deleted."""

    frozen_set = models.ForeignKey(FrozenSet, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveIntegerField()
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The article's id at the freeze, kept when the article is deleted.
    article_number = models.BigIntegerField()
    slug = models.CharField(max_length=SLUG_MAX_LENGTH + 12)
    title = models.CharField(max_length=500)
    published = models.DateTimeField(null=True, blank=True)
    source_name = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["frozen_set", "rank"], name="frozen_item_unique_rank"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.title}"

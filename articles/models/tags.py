"""Tags of five kinds and their links to articles; every change to either, by any path
(save, delete, bulk update, tags.add/remove/set/clear), queues the articles it touched
for the search index in the same transaction."""

from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse

from ..cleaning import clean_text
from ..indexing import queue
from ..tag_kinds import MAX_TAG_CHARS, tag_slug
from .content import Article, ArticleRowsQuerySet
from .rows import insert_rows, select_rows


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

    @classmethod
    def ids_for(cls, wanted: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
        """Return {(kind, slug): tag id} for {(kind, slug): name}, creating the missing
        tags in bulk. A tag that exists keeps its name: an editor may have renamed it."""

        def existing(keys) -> dict[tuple[str, str], int]:
            slugs = {slug for _, slug in keys}
            rows = select_rows(cls, ("kind", "slug", "id"), "slug", slugs)
            return {(kind, slug): pk for kind, slug, pk in rows if (kind, slug) in keys}

        found = existing(wanted)
        missing = {key: name for key, name in wanted.items() if key not in found}
        if missing:
            # Another import may create the same tag at the same moment: that one is kept.
            rows = [(kind, slug, name) for (kind, slug), name in missing.items()]
            insert_rows(cls, ("kind", "slug", "name"), rows, skip_existing=True)
            found.update(existing(missing))
        return found


class ArticleTag(models.Model):
    """One tag of one article, and where it came from.

    Each origin has one owner that replaces it: an import replaces an updated article's
    tags from the source, the name finder its tags found in the text (only when the text
    changed), and nothing but an editor touches those an editor added.
    """

    class Origin(models.TextChoices):
        SOURCE = "source", "from the source"
        TEXT = "text", "found in the text"
        EDITOR = "editor", "added by an editor"

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


class DismissedTag(models.Model):
    """A tag an editor took off an article: neither the name finder nor an import puts it
    back on that article, whatever its text or its source says later. Adding the tag
    again by hand lifts the dismissal."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dismissed_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="dismissals")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "tag"], name="dismissed_tag_unique"),
        ]

    def __str__(self):
        return f"{self.tag} taken off article {self.article_id}"


class NamesFound(models.Model):
    """Which text the name finder last read for an article: the digest of the finder's
    version and the article's title and paragraphs. The same digest again means nothing
    to do (`find_names` run twice changes nothing, and never undoes an editor's work)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="names_found"
    )
    digest = models.CharField(max_length=64)
    found_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"names found in article {self.article_id}"

"""Quoted passages of each paragraph and their speakers (found by articles/quotes.py).

Derived data: every write of a paragraph (save, delete, a bulk update or delete, the admin's
renumbering) finds its article's quotes again in the same transaction, before the article is
queued for the index (the PostgreSQL engine writes its document at once, quotes included);
the importer stores the quotes of the articles it writes itself (importers/save.py). A
speaker is matched to the person tag of the same slug when one exists, when read: tags
found later (by an editor, or in the text) link their quotes without a rewrite.
"""

import logging
from collections import defaultdict

from django.db import models

from ..quotes import find_quotes
from ..tag_kinds import MAX_TAG_CHARS, tag_slug

logger = logging.getLogger(__name__)


class QuoteQuerySet(models.QuerySet):
    def by_person(self, tag):
        """Return the quotes whose speaker is this person tag, newest article first: by its
        slug or its name's (a Reuters person is keyed by code, `reagan`, as "Ronald Reagan")."""
        return (
            self.filter(speaker_slug__in={tag.slug, tag_slug(tag.name)})
            .select_related("article", "paragraph")
            .order_by(models.F("article__published").desc(nulls_last=True), "-article_id", "pk")
        )


class Quote(models.Model):
    """One quoted passage of one paragraph; its speaker as the article names them in full
    ("Steve Witkoff") and as written at the quote ("Witkoff", "he"), blank if the text says
    nobody."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="quotes")
    paragraph = models.ForeignKey("Paragraph", on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    speaker = models.CharField(max_length=MAX_TAG_CHARS, blank=True)
    speaker_as_written = models.CharField(max_length=MAX_TAG_CHARS, blank=True)
    # The slug a person tag of the speaker's name has (tag_kinds.tag_slug).
    speaker_slug = models.CharField(max_length=MAX_TAG_CHARS, blank=True, db_index=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]

    def __str__(self):
        return f"“{self.text[:60]}” ({self.speaker or 'nobody named'})"


def quote_rows(article_id: int, paragraph_ids: list[int], texts: list[str]) -> list[Quote]:
    """Return the unsaved quotes of one article's paragraphs (ids and texts in order)."""
    return [
        Quote(
            article_id=article_id,
            paragraph_id=paragraph_ids[found.paragraph - 1],
            text=found.text,
            speaker=found.speaker,
            speaker_as_written=found.speaker_as_written,
            speaker_slug=tag_slug(found.speaker),
        )
        for found in _quotes_in(article_id, texts)
    ]


def _quotes_in(article_id: int, texts: list[str]) -> list:
    """Return find_quotes(texts); a failure of the finder costs the article its quotes, never
    its import or its edit (logged, to fix the finder)."""
    try:
        return find_quotes(texts)
    except Exception:
        logger.exception("Finding the quotes of article %s failed; it has none.", article_id)
        return []


def refresh_quotes(article_ids) -> None:
    """Find the quotes of these articles again from their paragraphs as saved."""
    from .content import Paragraph  # content.py calls this; import here, no cycle

    article_ids = set(article_ids)
    if not article_ids:
        return
    Quote.objects.filter(article_id__in=article_ids).delete()
    paragraphs = defaultdict(list)
    rows = Paragraph.objects.filter(article_id__in=article_ids).order_by("article_id", "position")
    for article_id, pk, text in rows.values_list("article_id", "pk", "text"):
        paragraphs[article_id].append((pk, text))
    new = []
    for article_id, pairs in paragraphs.items():
        new += quote_rows(article_id, [pk for pk, _ in pairs], [text for _, text in pairs])
    Quote.objects.bulk_create(new)

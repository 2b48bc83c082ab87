"""Counts of articles that the database keeps for the pages that list or count (read by
articles/counts.py and the sitemap index; the triggers that keep them are in migrations
0013 and 0018)."""

from django.db import models


class SourceSectionCount(models.Model):
    """How many articles one source has in one section, and how many of them are undated.

    Kept by the database itself: triggers on the article table (migration 0013) add and
    subtract as rows are inserted, updated or deleted, whatever wrote them (the ORM, the
    importer's bulk inserts, raw SQL). The totals and the source and section lists read
    this small table instead of counting the articles at every request (articles/counts.py).
    """

    source_id = models.BigIntegerField()
    section = models.CharField(max_length=100)
    articles = models.BigIntegerField()
    undated = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_id", "section"], name="count_source_section"),
        ]

    def __str__(self):
        return f"{self.articles} articles of source {self.source_id} in {self.section!r}"


class PublishedCount(models.Model):
    """How many articles were published in one quarter of an hour (UTC), kept by triggers.

    Every time zone's offset is a whole number of quarter hours, so a local year, month or
    day is a whole range of these rows: the date pages count them there (articles/counts.py).
    """

    period = models.DateTimeField(unique=True)
    articles = models.BigIntegerField()

    def __str__(self):
        return f"{self.articles} articles from {self.period:%Y-%m-%d %H:%M} UTC"


# Article ids per SitemapBlock row. The sitemap's pages are whole numbers of blocks:
# settings.SITEMAP_PAGE_SIZE must be a multiple of it (the sitemap index refuses others).
SITEMAP_BLOCK_IDS = 100


class SitemapBlock(models.Model):
    """How many articles have ids in one block of SITEMAP_BLOCK_IDS ids (block b holds ids
    b * SITEMAP_BLOCK_IDS + 1 to (b + 1) * SITEMAP_BLOCK_IDS), and when one last changed.

    Kept by triggers on the article table (migration 0018), as the counts above. The
    sitemap index dates each page of article addresses from these rows: grouping the whole
    article table took a read of every article at each (uncached) request. A deletion is a
    change of its page too, so it moves `last_changed` to its own time; a block whose
    articles are all gone keeps its row at 0 articles, and its page is listed only while
    another block of it has some.
    """

    block = models.BigIntegerField(primary_key=True)
    articles = models.BigIntegerField()
    last_changed = models.DateTimeField()

    def __str__(self):
        return f"{self.articles} articles in id block {self.block}"

"""Counts of articles that the database keeps for the pages that list or count (read by
articles/counts.py; the triggers that keep them are in migration 0013)."""

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

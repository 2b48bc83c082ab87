"""What keeps the search index in step with the database: the index queue, and the
PostgreSQL engine's own tables (documents and vocabulary)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .content import Article, Source


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
    # The article's columns that facets count and dates sort by, copied with its vector: a
    # search counts its matches' sources, sections and years from the rows it has already
    # read, instead of joining each match to its (wide) article row.
    source = models.ForeignKey(
        Source, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    section = models.CharField(max_length=100)
    published = models.DateTimeField(null=True)
    # The ids of the article's tags, so that a search counts its matches' tags from the rows
    # it has read, instead of looking up every match's tag links.
    tag_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # The slugs of the speakers its quotes name, for the "Who said it" facet likewise.
    speaker_slugs = ArrayField(models.TextField(), default=list, blank=True)

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

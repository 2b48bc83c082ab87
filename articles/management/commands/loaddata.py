"""Django's loaddata, with the search index following what it loads (docs/operating.md).

Fixtures are saved raw, past Article.save() and the QuerySets, so nothing would queue
them for the index: each loaded article, paragraph or source queues its articles here, in
loaddata's own transaction, and the index is drained after it commits.
"""

from django.core.management.commands import loaddata

from articles.indexing import queue
from articles.models import Article, Paragraph, Source


class Command(loaddata.Command):
    def save_obj(self, obj):
        saved = super().save_obj(obj)
        if saved:
            queue.enqueue(_articles_of(obj.object))
        return saved


def _articles_of(instance) -> list[int]:
    """Return the ids of the articles whose search documents hold this object."""
    if isinstance(instance, Article):
        return [instance.pk]
    if isinstance(instance, Paragraph):
        return [instance.article_id]
    if isinstance(instance, Source):
        return list(instance.articles.values_list("pk", flat=True))
    return []

"""Find the people, organisations and places every article names, and tag them.

The import does this for each new or changed article; this command does it for the
articles already in the archive (or after NEWSARCHIVE_FIND_NAMES_ON_IMPORT=false). It reads
only articles whose text the finder has not read yet, so a second run changes nothing and
never undoes an editor's work (articles/names/store.py). The index follows through the
queue, drained as each batch commits.
"""

from django.db import transaction
from django.db.models import Count

from articles.indexing import queue
from articles.models import Article, ArticleTag, Paragraph
from articles.names import store

from ._article_batches import ArticleBatchCommand


class Command(ArticleBatchCommand):
    help = (
        "Tag every article with the people, organisations and places its text names "
        "(origin: found in the text). Articles whose text was read before are skipped."
    )
    counted = "read"

    def batch(self, ids: list[int]) -> int:
        with transaction.atomic(), queue.recorded_by_caller():
            read, _ = store.find_and_store(_texts(ids))
            queue.enqueue(read)
        return len(read)

    def summary(self, done: int, read: int, seconds: float) -> None:
        found = ArticleTag.objects.filter(origin=ArticleTag.Origin.TEXT)
        kinds = dict(
            found.values("tag__kind").annotate(n=Count("id")).values_list("tag__kind", "n")
        )
        tagged = found.values("article_id").distinct().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Names found: {read:,} of {done:,} articles read ({done - read:,} unchanged, "
                f"skipped) in {seconds:,.1f} s. Tags found in the text now: "
                f"{kinds.get('person', 0):,} people, {kinds.get('organisation', 0):,} "
                f"organisations, {kinds.get('place', 0):,} places, on {tagged:,} articles."
            )
        )


def _texts(ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    titles = dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
    paragraphs: dict[int, list[str]] = {pk: [] for pk in titles}
    rows = Paragraph.objects.filter(article_id__in=ids).order_by("article_id", "position")
    for article_id, text in rows.values_list("article_id", "text"):
        paragraphs[article_id].append(text)
    return {pk: (titles[pk], paragraphs[pk]) for pk in titles}

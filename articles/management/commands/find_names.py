"""Find the people, organisations and places every article names, and tag them.

The import does this for each new or changed article; this command does it for the
articles already in the archive (or after NEWSARCHIVE_FIND_NAMES_ON_IMPORT=false). It reads
only articles whose text the finder has not read yet, so a second run changes nothing and
never undoes an editor's work (articles/names/store.py). The index follows through the
queue, drained as each batch commits.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from articles.indexing import queue
from articles.models import Article, ArticleTag, Paragraph
from articles.names import store

BATCH = 500


class Command(BaseCommand):
    help = (
        "Tag every article with the people, organisations and places its text names "
        "(origin: found in the text). Articles whose text was read before are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"Articles a transaction ({BATCH})."
        )

    def handle(self, *args, batch_size, **options):
        started, total = time.monotonic(), Article.objects.count()
        done = read = 0
        last_id = 0
        while True:
            ids = list(
                Article.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[: max(batch_size, 1)]
            )
            if not ids:
                break
            read += self._batch(ids)
            done, last_id = done + len(ids), ids[-1]
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"{done:,}/{total:,} articles, {read:,} read, {rate:,.0f}/s")
        self._summary(done, read, time.monotonic() - started)

    def _batch(self, ids: list[int]) -> int:
        with transaction.atomic(), queue.recorded_by_caller():
            read, _ = store.find_and_store(_texts(ids))
            queue.enqueue(read)
        return len(read)

    def _summary(self, done: int, read: int, seconds: float) -> None:
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

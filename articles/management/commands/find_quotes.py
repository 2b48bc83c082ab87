"""Find the quotes of every article again, for the articles already in the archive.

The import and every edit of a paragraph find an article's quotes as they write it
(articles/models/quotes.py); migration 0011 found those of the articles there before it.
After the finder changes (articles/quotes.py: a better rule for who said it), this command
brings the stored quotes up to date: it finds each article's quotes again and rewrites only
those of the articles whose quotes or speakers changed, queueing those for the index (the
quote and speaker fields). A second run changes nothing.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.indexing import queue
from articles.models import Article, Paragraph, Quote
from articles.models.quotes import quote_rows

BATCH = 500


class Command(BaseCommand):
    help = (
        "Find every article's quotes and their speakers again; rewrite those that changed "
        "and queue their articles for the index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"Articles a transaction ({BATCH})."
        )

    def handle(self, *args, batch_size, **options):
        started, total = time.monotonic(), Article.objects.count()
        done = changed = 0
        last_id = 0
        while True:
            ids = list(
                Article.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[: max(batch_size, 1)]
            )
            if not ids:
                break
            changed += self._batch(ids)
            done, last_id = done + len(ids), ids[-1]
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"{done:,}/{total:,} articles, {changed:,} changed, {rate:,.0f}/s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Quotes found again: {changed:,} of {done:,} articles changed "
                f"in {time.monotonic() - started:,.1f} s."
            )
        )

    def _batch(self, ids: list[int]) -> int:
        with transaction.atomic(), queue.recorded_by_caller():
            paragraphs: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ids}
            rows = Paragraph.objects.filter(article_id__in=ids).order_by("article_id", "position")
            for article_id, pk, text in rows.values_list("article_id", "pk", "text"):
                paragraphs[article_id].append((pk, text))
            stored: dict[int, list[tuple]] = {pk: [] for pk in ids}
            for row in Quote.objects.filter(article_id__in=ids).order_by("article_id", "pk"):
                stored[row.article_id].append(_key(row))
            new, changed = [], []
            for article_id, pairs in paragraphs.items():
                rows = quote_rows(article_id, [pk for pk, _ in pairs], [t for _, t in pairs])
                if [_key(row) for row in rows] != stored[article_id]:
                    new += rows
                    changed.append(article_id)
            Quote.objects.filter(article_id__in=changed).delete()
            Quote.objects.bulk_create(new)
            queue.enqueue(changed)
        return len(changed)


def _key(quote: Quote) -> tuple:
    return (
        quote.paragraph_id,
        quote.text,
        quote.speaker,
        quote.speaker_as_written,
        quote.speaker_slug,
    )

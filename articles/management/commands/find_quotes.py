"""Find the quotes of every article again, for the articles already in the archive.

The import and every edit of a paragraph find an article's quotes as they write it
(articles/models/quotes.py); migration 0011 found those of the articles there before it.
After the finder changes (articles/quotes.py: a better rule for who said it), this command
brings the stored quotes up to date: it finds each article's quotes again and rewrites only
those of the articles whose quotes or speakers changed, queueing those for the index (the
quote and speaker fields). A second run changes nothing.
"""

from django.db import transaction

from articles.indexing import queue
from articles.models import Paragraph, Quote
from articles.models.quotes import quote_rows

from ._article_batches import ArticleBatchCommand


class Command(ArticleBatchCommand):
    help = (
        "Find every article's quotes and their speakers again; rewrite those that changed "
        "and queue their articles for the index."
    )

    def summary(self, done: int, changed: int, seconds: float) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Quotes found again: {changed:,} of {done:,} articles changed in {seconds:,.1f} s."
            )
        )

    def batch(self, ids: list[int]) -> int:
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

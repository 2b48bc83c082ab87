"""A command that works through every article in batches, one transaction each.

find_names and find_quotes read the whole archive again after their finder changes. Both
walk the articles by id (not by offset, which a growing table would shift), commit each
batch on its own so that an interrupted run keeps what it did, and print one progress line
a batch. A subclass says what a batch does and how to sum up.
"""

import time
from abc import ABC, abstractmethod

from django.core.management.base import BaseCommand

from articles.models import Article

BATCH = 500


class ArticleBatchCommand(BaseCommand, ABC):
    """Call `batch(ids)` for each batch of article ids; it returns how many it changed.
    A command that defines neither `batch` nor `summary` cannot be made (ABC)."""

    # What the count `batch` returns means, for the progress line ("changed", "read").
    counted = "changed"

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"Articles a transaction ({BATCH})."
        )

    def handle(self, *args, batch_size, **options):
        started, total = time.monotonic(), Article.objects.count()
        done = changed = 0
        for ids in _batches_of_ids(max(batch_size, 1)):
            changed += self.batch(ids)
            done += len(ids)
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(
                f"{done:,}/{total:,} articles, {changed:,} {self.counted}, {rate:,.0f}/s"
            )
        self.summary(done, changed, time.monotonic() - started)

    @abstractmethod
    def batch(self, ids: list[int]) -> int:
        """Do the command's work on these articles, in one transaction; return how many
        of them it changed."""

    @abstractmethod
    def summary(self, done: int, changed: int, seconds: float) -> None:
        """Write the command's last line: what it did to the `done` articles."""


def _batches_of_ids(size: int):
    last_id = 0
    while True:
        ids = list(
            Article.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return
        yield ids
        last_id = ids[-1]

"""A source named on the command line takes over its articles from the default source.

Articles are keyed by (source, key). Import `seeds/` without `--source` and the seed is
under "Unknown source"; import it again with `--source "Seed articles"` and, keyed by the
new source, it would be created a second time. Instead the named source takes over the
article with the same key from the default source (one UPDATE), and the import then judges
it there as it judges any article: unchanged, or updated if the file changed.

It only moves: an article the named source already holds under that key stays where it
is, and so does the default source's copy (two articles, for an editor to judge). Articles
under any other source (a JSON Lines `source`, "Reuters") are never moved.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef

from ..indexing import queue
from ..models import Article, Source
from .save import Item


def take_over(items: list[Item], source: Source, default: Source, *, dry_run: bool) -> list[Item]:
    """Move to `source` the default source's articles with these items' keys; return the items.

    In a dry run nothing moves: the items returned are judged against the default
    source's articles instead, so the counts say what the real import would do.
    """
    keys = {item.entry.key for item in items if item.source == source}
    if not keys:
        return []
    held = Article.objects.filter(source_id=source.pk, external_key=OuterRef("external_key"))
    movable = Article.objects.filter(source=default, external_key__in=keys).exclude(Exists(held))
    with transaction.atomic(), queue.recorded_by_caller():
        moved = dict(movable.values_list("external_key", "pk"))
        if moved and not dry_run:
            Article.objects.filter(pk__in=moved.values()).update(source=source)
            # The index shows each article's source: re-index them with the batch.
            queue.enqueue(moved.values(), drain=False)
    taken = [item for item in items if item.source == source and item.entry.key in moved]
    if dry_run:
        for item in taken:
            item.source = default
    return taken

"""Keep the names found in articles as their tags "found in the text".

The rules an editor can count on:

- The finder reads an article again only when its text (title and paragraphs) changed, or
  the finder did (FINDER_VERSION); an unchanged article keeps its found tags as the editor
  left them, however often the import or `find_names` runs.
- When it does read again, it replaces the article's tags found in the text, and only
  those: tags from the source and tags an editor added stay.
- A tag an editor took off (DismissedTag) never comes back on that article.
- A name the source already gives, or an editor added, keeps that origin.

The caller owns the transaction and the index: store() writes inside the caller's
transaction and returns the articles whose tags changed, for the caller to queue.
"""

import hashlib
from collections.abc import Collection, Iterable, Sequence
from functools import cache, lru_cache

from django.db import connection
from django.utils import timezone

from ..models import ArticleTag, DismissedTag, NamesFound, Tag
from ..models.rows import insert_rows
from ..tag_kinds import tag_slug
from .finder import find_names

# Raise it when the rules change: `find_names` then reads every article again.
FINDER_VERSION = "6"


def text_digest(title: str, paragraphs: Sequence[str]) -> str:
    """Return the digest of what the finder reads, with the finder's version."""
    text = "\n".join((FINDER_VERSION, title, *paragraphs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stale(texts: dict[int, tuple[str, Sequence[str]]]) -> dict[int, str]:
    """Return {article id: digest} of those articles whose text the finder has not read."""
    digests = {pk: text_digest(title, paragraphs) for pk, (title, paragraphs) in texts.items()}
    read = dict(
        NamesFound.objects.filter(article_id__in=digests).values_list("article_id", "digest")
    )
    return {pk: digest for pk, digest in digests.items() if read.get(pk) != digest}


def find_and_store(
    texts: dict[int, tuple[str, Sequence[str]]],
    found: dict[int, list] | None = None,
    *,
    created: Collection[int] = (),
) -> tuple[list[int], int]:
    """Find the names of those articles whose text changed, and store them.

    `found` may hold names already found in these very texts ({id: [FoundName]}: the
    importer's worker, beside.py); those whose text changed are found here. `created`
    names the articles the caller created in this transaction (store()).

    Return (the ids of the articles read, how many found tags they now have).
    """
    digests = stale(texts)
    found = found or {}
    found = {pk: found[pk] if pk in found else find_names(*texts[pk]) for pk in digests}
    return list(digests), store(found, digests, created=created)


def store(found: dict[int, list], digests: dict[int, str], *, created: Collection[int] = ()) -> int:
    """Replace these articles' tags found in the text by `found` ({id: [FoundName]}),
    less any an editor took off; record the digests read. Return the links written.

    The articles in `created` were created in the caller's transaction, so they have no
    tags found in the text to replace and no tags an editor took off: they are not asked
    for them (two queries a batch, each with the batch's ids, for an import's new articles).
    """
    if not found:
        return 0
    ids = list(found)
    created = set(created)
    older = [pk for pk in ids if pk not in created]
    if older:
        ArticleTag.objects.filter(article_id__in=older, origin=ArticleTag.Origin.TEXT).delete()
    # Each name's (kind, tag key) once, for both its tag and its links.
    keyed = {
        pk: [(name.kind, _tag_key(name.kind, name.name), name.name) for name in names]
        for pk, names in found.items()
    }
    wanted = {}
    for names in keyed.values():
        for kind, slug, name in names:
            if slug:
                wanted.setdefault((kind, slug), name[:200])
    tag_ids = Tag.ids_for(wanted) if wanted else {}
    dismissed = set(
        DismissedTag.objects.filter(article_id__in=older).values_list("article_id", "tag_id")
        if older
        else ()
    )
    links = [
        (pk, tag_id, ArticleTag.Origin.TEXT.value)
        for pk, names in keyed.items()
        for tag_id in _tag_ids_of(names, tag_ids)
        if (pk, tag_id) not in dismissed
    ]
    # A name the source gives, or an editor added, keeps that origin (the conflict).
    _insert_links(links)
    # One executemany, as the links: a model instance each cost more than the rows' writing.
    found_at = connection.ops.adapt_datetimefield_value(timezone.now())
    insert_rows(
        NamesFound,
        ("article", "digest", "found_at"),
        [(pk, digests[pk], found_at) for pk in ids],
        replace_on="article",
    )
    return len(links)


def _insert_links(rows: list[tuple[int, int, str]]) -> None:
    """Insert (article_id, tag_id, origin) rows with one executemany (models/rows.py),
    skipping those the article already has (article_tag_unique)."""
    if rows:
        insert_rows(ArticleTag, ("article", "tag", "origin"), rows, skip_existing=True)


def _tag_ids_of(names, tag_ids: dict[tuple[str, str], int]) -> Iterable[int]:
    """Yield the tag ids of (kind, tag key, name) rows, each once."""
    seen = set()
    for kind, slug, _ in names:
        tag_id = tag_ids.get((kind, slug))
        if tag_id and tag_id not in seen:
            seen.add(tag_id)
            yield tag_id


@lru_cache(maxsize=100_000)  # the same names come back article after article
def _tag_key(kind: str, name: str) -> str:
    """Return the slug of a found name's tag: the source's own code where the Reuters corpus
    gives this name one ("United States" is `usa`), so that a name found in the text and
    the same name from the source are one tag, counted once, in either import order."""
    slug = tag_slug(name)
    return _source_codes().get((kind, slug), slug)


@cache
def _source_codes() -> dict[tuple[str, str], str]:
    """Return {(kind, slug of the name): code} of the Reuters places, people, organisations
    and exchanges."""
    # Imported here: the importers store found names through this module.
    from ..importers.reuters import tag_names

    return {
        (kind, tag_slug(name)): code
        for (kind, code), name in tag_names().items()
        if kind != "topic" and tag_slug(name)
    }

"""Freezing a saved search's results: the full matches of this moment, kept for citation.

A frozen set keeps, best first, the articles that fully match the search (up to
FROZEN_MAX_ITEMS, the export's cap) with their title, date, source and version (updated_at
and content_hash) as they were, and the archive's state (its article count and last change).
Later edits and deletions change nothing in it; item_status() only tells what became of each
article since, for the page to say so.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import QueryDict

from . import search
from .forms import SearchForm
from .models import Article, FrozenItem, FrozenSet, SavedSearch
from .saved_searches import valid_form
from .views.export import EXPORT_MAX_ROWS

FROZEN_MAX_ITEMS = EXPORT_MAX_ROWS
BATCH = 200  # hits asked of the search at a time


class CannotFreeze(Exception):
    """The saved search cannot run now (its source was deleted, the index is unavailable)."""


@dataclass(frozen=True)
class Status:
    """What became of a frozen item's article: unchanged, edited (and when), or deleted."""

    state: str  # "unchanged", "edited" or "deleted"
    since: datetime | None = None


def freeze(saved: SavedSearch) -> FrozenSet:
    """Freeze the saved search's full matches now; raise CannotFreeze if it cannot run."""
    form = valid_form(saved.query_string)
    if form is None:
        raise CannotFreeze("This search cannot be run now.")
    try:
        total, article_ids = _full_matches(form, limit=FROZEN_MAX_ITEMS)
    except search.IndexUnavailable as unavailable:
        raise CannotFreeze("The search index is unavailable; try again later.") from unavailable
    with transaction.atomic():
        frozen = _new_set(saved, form, total)
        articles = Article.objects.select_related("source").in_bulk(article_ids)
        # An article deleted between the search and here is left out, never half-kept.
        kept = [articles[pk] for pk in article_ids if pk in articles]
        FrozenItem.objects.bulk_create(
            _item(frozen, rank, article) for rank, article in enumerate(kept, start=1)
        )
    return frozen


def _full_matches(form: SearchForm, *, limit: int) -> tuple[int, list[int]]:
    """Return the search's full-match count and the first `limit` of their ids, best first."""
    ids, page, total = [], 1, 0
    while len(ids) < limit:
        params = form.search_params(
            page=page, per_page=BATCH, with_facets=False, with_snippets=False, with_partial=False
        )
        results = search.search_articles(params)
        total = results.total
        if results.page < page:
            break  # Past the end, the search gives its last page again.
        full = [hit.article_id for hit in results.hits if not hit.partial]
        ids += full[: limit - len(ids)]
        if len(full) < len(results.hits) or results.last >= results.reachable:
            break
        page += 1
    return total, ids


def _new_set(saved: SavedSearch, form: SearchForm, total: int) -> FrozenSet:
    state = Article.objects.aggregate(last_change=Max("updated_at"))
    fields = {
        "owner_id": saved.user_id,
        "saved_search": saved,
        "query": form.cleaned_data["q"],
        "query_string": saved.query_string,
        "article_count_at_freeze": Article.objects.count(),
        "archive_last_change": state["last_change"],
        "total": total,
    }
    # 16 random bytes never collide in practice; the unique column makes sure.
    for _ in range(3):
        try:
            with transaction.atomic():
                return FrozenSet.objects.create(token=secrets.token_urlsafe(16), **fields)
        except IntegrityError:
            continue
    raise RuntimeError("Could not make a unique link for a frozen set")


def _item(frozen: FrozenSet, rank: int, article: Article) -> FrozenItem:
    return FrozenItem(
        frozen_set=frozen,
        rank=rank,
        article=article,
        article_number=article.pk,
        slug=article.slug,
        title=article.title,
        published=article.published,
        source_name=article.source.name,
        content_hash=article.content_hash,
        updated_at=article.updated_at,
    )


def item_status(item: FrozenItem) -> Status:
    """Return what became of the item's article since the freeze (select_related "article")."""
    article = item.article
    if article is None:
        return Status("deleted")
    if article.updated_at != item.updated_at or article.content_hash != item.content_hash:
        return Status("edited", article.updated_at)
    return Status("unchanged")


FILTER_LABELS = {
    "source": "source",
    "section": "section",
    "year": "year",
    "month": "month",
    "from": "published from",
    "to": "published to",
    "sort": "sorted by",
}


def described_filters(frozen: FrozenSet) -> list[tuple[str, str]]:
    """Return (label, value) of each filter and the sort the set was frozen with."""
    query = QueryDict(frozen.query_string)
    return [(label, query[name]) for name, label in FILTER_LABELS.items() if query.get(name)]

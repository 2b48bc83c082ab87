"""Frozen result sets: freeze a saved search's results (its owner, by POST), the set's public
page by its link (query, filters, time, the archive's state, the ranked articles and what
became of each since), its exports of the frozen data, and its citations; the owner's list
and delete.

The owner's actions look the saved search or set up by id or token *and* owner, so another
reader's answer 404. The page and exports need only the link: a citation must resolve.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..citation import result_set_bibtex, result_set_text
from ..frozen_sets import FROZEN_MAX_ITEMS, CannotFreeze, described_filters, freeze, item_status
from ..models import FrozenSet, SavedSearch
from .export import csv_lines, jsonl_lines

ITEMS_PER_PAGE = 100
CSV_COLUMNS = [
    "rank",
    "title",
    "url",
    "source",
    "published",
    "article_id",
    "slug",
    "updated_at",
    "content_hash",
]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
}


@login_required
@require_POST
def freeze_saved_search(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if request.user.frozen_sets.count() >= settings.FROZEN_SETS_PER_READER:
        return _refused(request, "You have as many frozen sets as one account may keep.")
    try:
        frozen = freeze(saved)
    except CannotFreeze as cannot:
        return _refused(request, str(cannot))
    return redirect(frozen)


def _refused(request, message: str) -> HttpResponse:
    return render(request, "frozen/refused.html", {"message": message}, status=400)


@login_required
def frozen_sets(request):
    return render(request, "frozen/list.html", {"rows": request.user.frozen_sets.all()})


@login_required
@require_POST
def delete_frozen_set(request, token):
    get_object_or_404(FrozenSet, token=token, owner=request.user).delete()
    return redirect("articles:frozen_sets")


def _public_url(request, frozen: FrozenSet) -> str:
    return request.build_absolute_uri(frozen.get_absolute_url())


def frozen_set(request, token):
    frozen = get_object_or_404(FrozenSet, token=token)
    items = frozen.items.select_related("article")
    page_obj = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    url = _public_url(request, frozen)
    kept = page_obj.paginator.count
    context = {
        "frozen": frozen,
        "filters": described_filters(frozen),
        "page_obj": page_obj,
        "rows": [(item, item_status(item)) for item in page_obj],
        "kept": kept,
        "capped": frozen.total > kept,
        "cap": FROZEN_MAX_ITEMS,
        "url": url,
        "citation_text": result_set_text(frozen, url),
        "bibtex": result_set_bibtex(frozen, url),
        "is_owner": request.user == frozen.owner,
    }
    return render(request, "frozen/frozen_set.html", context)


def export_frozen_set(request, token, fmt):
    """The frozen items as they were when frozen (never today's articles); .bib cites the set."""
    if fmt not in CONTENT_TYPES:
        raise Http404("A frozen set exports as .csv, .jsonl or .bib.")
    frozen = get_object_or_404(FrozenSet, token=token)
    if fmt == "bib":
        text = result_set_bibtex(frozen, _public_url(request, frozen)) + "\n"
    else:
        rows = [_row(request, item) for item in frozen.items.all()]
        if fmt == "csv":  # csv_lines writes a tags cell of each row; none are frozen
            lines = csv_lines(({**row, "tags": []} for row in rows), CSV_COLUMNS)
        else:
            lines = jsonl_lines(rows)
        text = "".join(lines)
    response = HttpResponse(text, content_type=CONTENT_TYPES[fmt])
    filename = f"frozen-{frozen.created:%Y%m%d}-{frozen.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _row(request, item) -> dict:
    return {
        "rank": item.rank,
        "title": item.title,
        "url": request.build_absolute_uri(reverse("articles:article_detail", args=[item.slug])),
        "source": item.source_name,
        "published": item.published.isoformat() if item.published else "",
        "article_id": item.article_number,
        "slug": item.slug,
        "updated_at": item.updated_at.isoformat(),
        "content_hash": item.content_hash,
    }

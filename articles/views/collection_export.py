"""Export a collection's articles as CSV, JSON Lines or BibTeX (one entry an article).

The rows are those of a search's export (export.article_fields), in the collection's order,
with the owner's note and when each article was added; a collection holds at most
ARTICLES_PER_COLLECTION articles, so the file is written at once rather than streamed.
"""

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from ..citation import bibtex
from ..models import Collection
from .export import article_fields, csv_lines, jsonl_lines

CSV_COLUMNS = [
    "rank",
    "title",
    "url",
    "source",
    "section",
    "published",
    "byline",
    "standfirst",
    "tags",
    "note",
    "added",
]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
}


def listed_items(collection: Collection):
    """Return the collection's items with what a page or an export shows, in few queries."""
    return collection.items.select_related("article__source").prefetch_related("article__tags")


def export_response(request, collection: Collection, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("A collection exports as .csv, .jsonl or .bib.")
    items = list(listed_items(collection))
    if fmt == "bib":
        text = "\n\n".join(_bibtex(request, item) for item in items) + "\n"
    else:
        rows = [_row(request, rank, item) for rank, item in enumerate(items, start=1)]
        text = "".join(csv_lines(rows, CSV_COLUMNS) if fmt == "csv" else jsonl_lines(rows))
    response = HttpResponse(text, content_type=CONTENT_TYPES[fmt])
    filename = f"collection-{slugify(collection.name) or collection.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _row(request, rank: int, item) -> dict:
    return {
        "rank": rank,
        **article_fields(request, item.article),
        "note": item.note,
        "added": item.added.isoformat(),
    }


def _bibtex(request, item) -> str:
    return bibtex(item.article, request.build_absolute_uri(item.article.get_absolute_url()))

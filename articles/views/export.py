"""Export a search's results as CSV or JSON Lines, streamed a batch of hits at a time.

One row per article, best match first, up to EXPORT_MAX_ROWS rows: the articles with all
the query's words (the page's total), and the partial matches after them only with
partial=1. Each row says which it is (`match`: full or partial); the response's
X-Full-Matches and X-Partial-Matches headers carry the two counts. Spreadsheets run cells
that start with = + - @ (or a tab or carriage return) as formulas, so CSV cells starting
so get a leading apostrophe (OWASP, "CSV Injection").
"""

import csv
import json
from datetime import date

from django.http import Http404, HttpResponse, StreamingHttpResponse

from newsarchive.client_address import client_address

from .. import search
from ..forms import SearchForm
from ..models import Article, Paragraph
from . import export_slots

EXPORT_MAX_ROWS = 5000
BATCH = 200  # hits asked of the search at a time
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "rank",
    "match",
    "title",
    "url",
    "source",
    "section",
    "published",
    "byline",
    "standfirst",
    "tags",
    "paragraph_numbers",
    "paragraphs",
]


def spreadsheet_safe(value) -> str:
    """Return the cell as text that a spreadsheet shows instead of evaluating."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_rows(request, form: SearchForm):
    """Yield one dict per matching article, its matching paragraphs as full text."""
    rank = 0
    for pairs in _hit_batches(form, limit=EXPORT_MAX_ROWS):
        texts = _paragraph_texts(pairs)
        for article, hit in pairs:
            rank += 1
            fields = article_fields(request, article)
            url = fields["url"]
            numbers = [snippet.position for snippet in hit.snippets]
            yield {
                "rank": rank,
                "match": "partial" if hit.partial else "full",
                **fields,
                "paragraphs": [
                    {"number": n, "text": texts[article.pk, n], "url": f"{url}#p-{n}"}
                    for n in numbers
                    if (article.pk, n) in texts
                ],
            }


def article_fields(request, article: Article) -> dict:
    """Return what every export row says of an article (its tags prefetched)."""
    return {
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "source": article.source.name,
        "section": article.section,
        "published": article.published.isoformat() if article.published else "",
        "byline": article.byline,
        "standfirst": article.standfirst,
        "tags": [
            {"kind": tag.kind, "slug": tag.slug, "name": tag.name} for tag in article.tag_list
        ],
    }


def _hit_batches(form: SearchForm, *, limit: int):
    """Yield lists of (article, hit) for every counted result up to `limit`, a batch at a time.

    The counted results are the full matches, and the partial ones after them only if the
    search asks for them (partial=1): the same articles as the page's total and facets.
    """
    partial = form.cleaned_data["partial"]
    page, sent = 1, 0
    while sent < limit:
        params = form.search_params(page=page, per_page=BATCH, with_facets=False)
        results = search.search_articles(params)
        if results.page < page:
            return  # Past the end, the search gives its last page again.
        counted = [hit for hit in results.hits if partial or not hit.partial]
        counted = counted[: limit - sent]
        if counted:
            yield Article.objects.prefetch_related("tags").for_hits(counted)
        sent += len(counted)
        if len(counted) < len(results.hits) or results.last >= results.reachable:
            return
        page += 1


def _paragraph_texts(pairs) -> dict[tuple[int, int], str]:
    """Return {(article id, position): text} of the hits' matching paragraphs, in one query."""
    wanted = {(article.pk, s.position) for article, hit in pairs for s in hit.snippets}
    positions = {position for _, position in wanted}
    rows = Paragraph.objects.filter(
        article_id__in={article_id for article_id, _ in wanted}, position__in=positions
    ).values_list("article_id", "position", "text")
    return {(a, p): text for a, p, text in rows if (a, p) in wanted}


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows, columns=CSV_COLUMNS):
    """Yield the CSV file of export rows, a line at a time, with these columns."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Byte order mark: spreadsheets then read the file as UTF-8.
    yield writer.writerow(columns)
    for row in rows:
        paragraphs = row.get("paragraphs", [])
        cells = {
            **row,
            "paragraph_numbers": " ".join(str(p["number"]) for p in paragraphs),
            # One cell: `kind: name` a tag, separated by semicolons.
            "tags": "; ".join(f"{tag['kind']}: {tag['name']}" for tag in row["tags"]),
            "paragraphs": "\n\n".join(p["text"] for p in paragraphs),
        }
        yield writer.writerow([spreadsheet_safe(cells[column]) for column in columns])


def jsonl_lines(rows):
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_lines),
    "jsonl": ("application/jsonl; charset=utf-8", jsonl_lines),
}


def export(request, fmt):
    if fmt not in FORMATS:
        raise Http404("Exports are .csv or .jsonl.")
    form = SearchForm.from_request(request)
    if not form.is_valid():
        return HttpResponse(" ".join(form.error_messages()), status=400, content_type="text/plain")
    if not form.cleaned_data["q"]:
        return HttpResponse("Give the words to search for in the q parameter.", status=400)
    try:
        # Fail with a status now, not halfway through the stream; and count as the page does.
        counts = search.search_articles(form.search_params(with_facets=False, with_snippets=False))
    except search.IndexUnavailable:
        return HttpResponse("The search index is unavailable; try again later.", status=503)
    try:
        slot = export_slots.take(client_address(request))
    except export_slots.Busy as busy:
        return _busy(busy)
    content_type, lines = FORMATS[fmt]
    streamed = export_slots.Releasing(lines(export_rows(request, form)), slot)
    response = StreamingHttpResponse(streamed, content_type=content_type)
    filename = f"search-{date.today():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Full-Matches"] = str(counts.total)
    if counts.partial_total is not None:
        response["X-Partial-Matches"] = str(counts.partial_total)
    return response


def _busy(busy: export_slots.Busy) -> HttpResponse:
    """Return the 429 that says whose exports are running, and when to try again."""
    response = HttpResponse(str(busy), status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(export_slots.RETRY_AFTER)
    return response

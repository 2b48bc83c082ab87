"""The one path from a query string to search parameters: SearchForm.

The results page, its chart, the JSON API, the feeds and the exports all read a search the
same way: SearchForm.from_request(request), is_valid(), then search_params() for the search
package, or error_messages() for the 400 that refuses it.

The query, page and sort never reject a search: anything out of bounds is brought back
into bounds, and the page says so. Filters are different: a filter that cannot be read
(a date like 2024-13-45, a range that ends before it starts) is refused with a message,
because silently dropping it would show results that look filtered and are not.
"""

from dataclasses import replace

from django import forms

from . import search
from .models import Source
from .tag_kinds import MAX_TAG_CHARS, TAG_KINDS, tag_slug

MAX_PAGE = search.MAX_PAGE
# Articles a page lists: the results page and the API's pages of results, and the browse pages.
PER_PAGE = 20
MAX_NAMED_SOURCES = 20  # listed when a source filter names none


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search the archive")
    page = forms.CharField(required=False)
    sort = forms.ChoiceField(choices=search.SORTS.items(), required=False)
    # A source's name or slug, in any case (`Reuters`, `reuters`, `BBC News`, `bbc-news`).
    source = forms.CharField(required=False, max_length=200)
    section = forms.CharField(required=False, max_length=100)
    # A year, or "undated" for the articles without a date (the year facet's last value).
    year = forms.CharField(required=False, max_length=20)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    date_from = forms.DateField(required=False, label="From", input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, label="To", input_formats=["%Y-%m-%d"])
    # partial=1: the facets, chart and exports count the partial matches too.
    partial = forms.CharField(required=False)
    # A tag of each kind, by slug or name (`place=japan`, `person=Volodymyr Zelensky`).
    topic = forms.CharField(required=False, max_length=MAX_TAG_CHARS)
    place = forms.CharField(required=False, max_length=MAX_TAG_CHARS)
    person = forms.CharField(required=False, max_length=MAX_TAG_CHARS)
    organisation = forms.CharField(required=False, max_length=MAX_TAG_CHARS)
    exchange = forms.CharField(required=False, max_length=MAX_TAG_CHARS)
    # A quoted speaker, by slug or name (`speaker=Vladimir Putin`): the "Who said it" facet.
    speaker = forms.CharField(required=False, max_length=MAX_TAG_CHARS)

    def __init__(self, data=None, **kwargs):
        # `from` is a Python keyword, so the fields are date_from/date_to; the URL says from/to.
        if data is not None:
            data = data.copy()
            for short, name in (("from", "date_from"), ("to", "date_to")):
                if short in data:
                    data[name] = data.pop(short)[-1]
        super().__init__(data, **kwargs)

    def clean_q(self) -> str:
        # The search package strips control characters and shortens the query with a
        # note; cutting a megabyte down here first keeps the page from echoing all of it.
        return self.cleaned_data["q"].strip()[: search.MAX_QUERY_CHARS * 4]

    def clean_page(self) -> int:
        """Return the page as a number from 1 to MAX_PAGE; junk means page 1."""
        try:
            page = int(self.cleaned_data["page"] or 1)
        except ValueError:
            return 1
        return min(max(page, 1), MAX_PAGE)

    def clean_partial(self) -> bool:
        """Return True for partial=1 (or on, true, yes); anything else means no."""
        return self.cleaned_data["partial"].strip().lower() in ("1", "on", "true", "yes")

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or "relevance"

    def clean_source(self) -> str:
        """Return the slug of the source named; refuse a name no source has."""
        typed = self.cleaned_data["source"].strip()
        if not typed:
            return ""
        slug = Source.slug_for(typed)
        if slug is None:
            names = list(Source.objects.values_list("name", flat=True)[:MAX_NAMED_SOURCES])
            raise forms.ValidationError(
                f"No source is called “{typed}”. "
                + (f"Sources in the archive: {', '.join(names)}." if names else "")
            )
        return slug

    def clean_section(self) -> str:
        return self.cleaned_data["section"].strip().lower()

    def clean_year(self) -> int | str | None:
        """Return the year as a number, search.UNDATED, or None when not given."""
        year = self.cleaned_data["year"].strip().lower()
        if not year or year == search.UNDATED:
            return year or None
        if not year.isdecimal() or not 1 <= int(year) <= 9999:
            raise forms.ValidationError(
                f"Enter a year from 1 to 9999, or {search.UNDATED} for articles without a date."
            )
        return int(year)

    def clean(self):
        cleaned = super().clean()
        for kind in (*TAG_KINDS, search.SPEAKER):
            cleaned[kind] = tag_slug(cleaned.get(kind) or "")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                f"The date range is impossible: it starts on {start:%-d %B %Y}, after it "
                f"ends on {end:%-d %B %Y}. Swap the dates or clear one of them."
            )
        if cleaned.get("month") and not cleaned.get("year"):
            self.add_error("month", "Choose a year before a month.")
        if cleaned.get("year") == search.UNDATED:
            self._check_undated(cleaned)
        return cleaned

    def _check_undated(self, cleaned) -> None:
        # Refused rather than answered with nothing: no undated article has a month or
        # falls in a range, so the user most likely meant one filter or the other.
        if cleaned.get("month"):
            self.add_error("month", "Undated articles have no month: clear the month.")
        if cleaned.get("date_from") or cleaned.get("date_to"):
            raise forms.ValidationError(
                "Undated articles have no date, so none is in a date range: clear the "
                "dates, or the undated filter."
            )

    @classmethod
    def from_request(cls, request) -> "SearchForm":
        """Return a bound form for the query string, with an unknown sort treated as none."""
        data = request.GET.copy()
        for name in data:
            # Django refuses NUL characters in form fields; a typed NUL is just noise here.
            data.setlist(name, [value.replace("\x00", "") for value in data.getlist(name)])
        if data.get("sort") not in search.SORTS:
            data.pop("sort", None)
        return cls(data)

    def search_params(self, **changes) -> search.SearchParams:
        """Return the search package's parameters for this search: the results page's unless
        `changes` say otherwise (call after is_valid() is True)."""
        data = self.cleaned_data
        params = search.SearchParams(
            data["q"],
            filters=self.filters(),
            sort=data["sort"],
            page=data["page"],
            per_page=PER_PAGE,
            with_partial=data["partial"],
        )
        return replace(params, **changes)

    def filters(self) -> search.Filters:
        """Return the validated filters (call after is_valid() is True)."""
        data = self.cleaned_data
        undated = data.get("year") == search.UNDATED
        year = None if undated else data.get("year")
        return search.Filters(
            source=data.get("source") or "",
            section=data.get("section") or "",
            year=year,
            month=data.get("month") if year else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            undated=undated,
            **{kind: data.get(kind) or "" for kind in TAG_KINDS},
            speaker=data.get(search.SPEAKER) or "",
        )

    def error_messages(self) -> list[str]:
        """Return every error as one readable sentence, naming the field it is about."""
        messages = []
        for name, errors in self.errors.items():
            label = "" if name == "__all__" else f"{self.fields[name].label or name.title()}: "
            messages += [f"{label}{error}" for error in errors]
        return messages


def as_searched(query: str) -> str:
    """Return the query as the search takes it: its first MAX_QUERY_CHARS, cut at a space."""
    if len(query) <= search.MAX_QUERY_CHARS:
        return query
    return query[: search.MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0][: search.MAX_QUERY_CHARS]

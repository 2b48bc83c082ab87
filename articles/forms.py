"""Forms that validate what arrives in the query string. They never reject a search:
anything out of bounds is brought back into bounds, and the page says so."""

from django import forms

from . import search

MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search the archive")
    page = forms.CharField(required=False)
    sort = forms.ChoiceField(choices=search.SORTS.items(), required=False)

    def clean_q(self) -> str:
        # The search package strips control characters and bounds length, noting it.
        return self.cleaned_data["q"].replace("\x00", "").strip()

    def clean_page(self) -> int:
        """Return the page as a number from 1 to MAX_PAGE; junk means page 1."""
        try:
            page = int(self.cleaned_data["page"] or 1)
        except ValueError:
            return 1
        return min(max(page, 1), MAX_PAGE)

    def clean_sort(self) -> str:
        return self.cleaned_data["sort"] or "relevance"

    @classmethod
    def from_request(cls, request) -> "SearchForm":
        """Return a bound form for the query string, with an unknown sort treated as none."""
        data = request.GET.copy()
        if data.get("sort") not in search.SORTS:
            data.pop("sort", None)
        return cls(data)

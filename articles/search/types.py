"""What searches take and return, the limits they keep and the errors they raise.

Plain data shared by both engines (whoosh/ and postgres/) and by their callers; importing
it imports no engine.
"""

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.safestring import SafeString

# The bounds every query is held to (DESIGN.md lists the hazards they answer).
MAX_QUERY_CHARS = 500
MAX_TERMS = 30
MAX_NESTING = 8
MIN_PREFIX = 3
MAX_EXPANSIONS = 100
MAX_FUZZY_EDITS = 1

SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
# Deeper pages are not served (the last one is shown): nobody reads past 1,000 results,
# and each page deeper costs a longer ranking. Facets and dates narrow a search instead.
MAX_PAGE = 50
# Fewer articles than this with every word, and the search offers a better spelling.
SUGGEST_BELOW = 10
# The year facet's value (and the `year` filter's) for articles without a date.
UNDATED = "undated"


# The kinds of tag (articles/tag_kinds.py, as Tag.Kind), each with the field that names it in
# a query (`org:opec`); facets and filters go by kind.
TAG_FIELDS = {
    "topic": "topic",
    "place": "place",
    "person": "person",
    "organisation": "org",
    "exchange": "exchange",
}


# The "Who said it" facet and filter (`speaker=vladimir-putin`): the slugs of the speakers
# quoted in the articles (models/quotes.py), as tags go by slug.
SPEAKER = "speaker"


class IndexUnavailable(Exception):
    """The search index is missing or cannot be read; rebuild_index restores it."""


class IndexBusy(Exception):
    """Another process holds the index write lock."""


@dataclass(frozen=True)
class Filters:
    """What the results are narrowed to; every part is optional and they combine."""

    source: str = ""  # a source slug, e.g. "bbc-news"
    section: str = ""  # a section key, lower case, e.g. "business"
    year: int | None = None
    month: int | None = None  # 1..12, within `year`
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    undated: bool = False  # only articles without a publication date (year=undated)
    # A tag's slug, one of each kind at most, e.g. place="japan".
    topic: str = ""
    place: str = ""
    person: str = ""
    organisation: str = ""
    exchange: str = ""
    speaker: str = ""  # the slug of a quoted speaker's name (SPEAKER)

    def __bool__(self) -> bool:
        return any(
            getattr(self, name) not in ("", None, False) for name in self.__dataclass_fields__
        )

    def tags(self) -> list[tuple[str, str]]:
        """Return the (kind, slug) of each tag filtered on."""
        return [(kind, getattr(self, kind)) for kind in TAG_FIELDS if getattr(self, kind)]


@dataclass(frozen=True)
class FacetValue:
    key: str  # the value to put in the query string
    label: str
    count: int


def undated_value(count: int) -> FacetValue:
    """Return the year facet's value for `count` articles without a date."""
    return FacetValue(UNDATED, "Undated", count)


@dataclass(frozen=True)
class SearchParams:
    """Everything a search depends on; the page, the API and exports pass the same."""

    text: str
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    with_snippets: bool = True
    with_days: bool = False
    # Count the partial matches in the facets and days too (the page's `partial=1` switch),
    # and list them after the full matches however many of those there are.
    with_partial: bool = False

    def lists_partial(self, full: int) -> bool:
        """Return True if the search should look for partial matches to list after the full.

        Fewer full matches than a page: the rest of the page is filled with articles that
        have most of the words. Or the person asked for partial matches to be counted.
        """
        return full < self.per_page or self.with_partial

    def last_page(self, listed: int) -> int:
        """Return the page to show: the one asked for, or the last one that can be reached."""
        return max(1, min(self.page, MAX_PAGE, -(-listed // self.per_page)))


@dataclass(frozen=True)
class Snippet:
    position: int
    html: SafeString

    @property
    def anchor(self) -> str:
        return f"p-{self.position}"


@dataclass(frozen=True)
class Hit:
    article_id: int
    snippets: list[Snippet]
    # True when the article has only some of the query's words (a partial match, listed
    # after every full match); see Results.
    partial: bool = False


@dataclass(frozen=True)
class Results:
    """One page of a search, and the counts a researcher may publish.

    A full match is an article that matches the query as written: every one of its
    words (or, for a query in syntax, what the syntax asks); for a long question, all its
    words but at most one (`may_lack`, words.words_needed). A partial match has some of a
    query's plain words but fewer than that. `total` counts the full matches; when
    fewer than a page of them exist (or the search asks for partial matches), the
    partial ones are listed after them and counted in `partial_total`. Facets and days
    count the full matches only, unless `counts_partial` (SearchParams.with_partial).
    """

    total: int
    page: int
    per_page: int
    hits: list[Hit]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # {"source" | "section" | "year" | "month" | a tag kind: [FacetValue]}, counted over
    # the counted set; a tag's value is its slug, its label its name.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # The query with rare words respelled from the archive's vocabulary, if that helps.
    suggestion: str | None = None
    # Articles with some of the words but not all, listed after the full matches; None
    # when they were not looked for (a query in syntax or of one word, or a page of full
    # matches without with_partial).
    partial_total: int | None = None
    # True when facets and days count the partial matches too.
    counts_partial: bool = False
    # {publication day in the current time zone, or None if undated: articles}, counted
    # over the counted set; only when asked for (SearchParams.with_days).
    days: dict = field(default_factory=dict)
    # How many of the query's words a full match may lack: 1 for a long question, else 0.
    may_lack: int = 0

    @property
    def full_words(self) -> str:
        """Return what a full match has, as the page says it."""
        return "all your words, or all but one" if self.may_lack else "all your words"

    @property
    def listed(self) -> int:
        """Return how many articles the search lists: the full matches, then the partial."""
        return self.total + (self.partial_total or 0)

    @property
    def counted(self) -> int:
        """Return how many articles the facets, chart and exports describe."""
        return self.listed if self.counts_partial else self.total

    @property
    def reachable(self) -> int:
        """Return how many of the listed articles can be paged to (MAX_PAGE pages)."""
        return min(self.listed, MAX_PAGE * self.per_page)

    @property
    def pages(self) -> int:
        """Return the number of pages that can be shown."""
        return -(-self.reachable // self.per_page)

    @property
    def summary(self) -> str:
        """Return both counts as a sentence, or "" when no partial match is listed."""
        if not self.partial_total:
            return ""
        if self.total:
            full = f"{self.total:,} article{' has' if self.total == 1 else 's have'}"
        else:
            full = "No article has"
        more = f"{self.partial_total:,} more" if self.total else f"{self.partial_total:,}"
        have = "has" if self.partial_total == 1 else "have"
        return f"{full} {self.full_words}; {more} {have} some."

    @property
    def first(self) -> int:
        """Return the number of the first hit on this page (1-based), or 0 if none."""
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def last(self) -> int:
        """Return the number of the last hit on this page."""
        return (self.page - 1) * self.per_page + len(self.hits)


@dataclass
class Found:
    """What an engine found for one page, before its snippets are made: the ids in order."""

    total: int
    page: int
    ids: list[int]
    facets: dict
    partial_total: int | None = None
    counts_partial: bool = False
    notes: list[str] = field(default_factory=list)
    suggestion: str | None = None
    days: dict = field(default_factory=dict)
    may_lack: int = 0

    def results(self, per_page: int, snippets: dict, notes: list[str], started: float) -> Results:
        """Return the Results of this page: hits with their snippets, the query's notes first."""
        # Full matches are listed first, so a hit is partial exactly when it comes after them.
        first = (self.page - 1) * per_page
        return Results(
            total=self.total,
            page=self.page,
            per_page=per_page,
            hits=[
                Hit(article_id, snippets.get(article_id, []), partial=first + n >= self.total)
                for n, article_id in enumerate(self.ids)
            ],
            notes=notes + self.notes,
            seconds=time.perf_counter() - started,
            facets=self.facets,
            suggestion=self.suggestion,
            partial_total=self.partial_total,
            counts_partial=self.counts_partial,
            days=self.days,
            may_lack=self.may_lack,
        )


@dataclass(frozen=True)
class Drift:
    """How the engine's documents differ from the database, article by article."""

    documents: int
    missing: list[int]
    stale: list[int]
    orphaned: list[int]
    pending: int

    @property
    def in_sync(self) -> bool:
        """Return True if every article is indexed as it is in the database, and no more."""
        return not (self.missing or self.stale or self.orphaned)


@dataclass(frozen=True)
class IndexStatus:
    documents: int | None  # None when the index cannot be read
    pending: int
    last_update: datetime | None
    problem: str

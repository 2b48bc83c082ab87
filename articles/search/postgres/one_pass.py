"""Count, order and facet the matching search documents in one statement.

Matching a tsquery reads every matching vector (the GIN index finds candidates, each is
then rechecked), and so does ranking it. Counting, the page and each facet were separate
queries, so at 100,000 articles a common word's vectors were read six times over. Here the
matches are read once, into a MATERIALIZED CTE of narrow columns (id, score, and the date,
source and section each document carries), and the total, the page and every facet are
counted from that: the same rows and the same order as the separate queries gave, one read
of the vectors, no join to the articles (but for filters on them).
"""

import calendar
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, FloatField, Q, Value

from .. import tags as tag_lists  # its TAG_FACET_VALUES read at each search (tests change it)
from ..tags import tag_facets
from ..types import SPEAKER, TAG_FIELDS, FacetValue, undated_value
from .tsquery import reading_connection

# The page's order over the CTE's columns: full matches first, then as _ordering says.
_ORDER = {
    "relevance": "is_full DESC, score DESC, article_id",
    "newest": "is_full DESC, published DESC NULLS LAST, article_id DESC",
    "oldest": "is_full DESC, published ASC NULLS LAST, article_id",
}
# What each count groups the matches by; years and months are UTC, as in the Whoosh index.
# Raw values (date_part, not extract's numeric): each row is hashed on these, and only the
# groups are turned into text.
_GROUPS = {
    "total": "is_full",
    "source": "source_id",
    "section": "lower(section)",
    "year": "date_part('year', published AT TIME ZONE 'UTC')",
    "month": "date_part('month', published AT TIME ZONE 'UTC')",
}
# The tags, then the quoted speakers (counted as a kind of tag, as tags.tag_facets shows them).
# Only the tags that can reach a kind's TAG_FACET_VALUES commonest (the %s) leave the
# database: rank() gives tied counts one rank, so every tag tied at the last place comes
# too, and tag_facets breaks the tie by name as the Whoosh engine does. A common word's
# matches name tens of thousands of tags.
# The tags and the speakers are counted from the tag ids and speakers' slugs each matching
# document carries (documents.py); only the counted tags are looked up, by id, for their
# kind and name, and only the listed speakers for theirs (max() of the slug's quotes'
# names: one slug is one name but for its case). Joined as tables, the planner hashed
# the whole of articles_articletag and articles_quote for every search, however few the
# matches (60 ms of a 70 ms search for 83 matches at 12,500 articles); looked up per
# match, a common word's 18,000 matches cost 18,000 index lookups a table.
_TAGS = (
    "UNION ALL SELECT kind, slug, name, n, NULL FROM ("  # noqa: S608
    "SELECT 'tag:' || t.kind AS kind, t.slug, t.name, c.n, "
    "rank() OVER (PARTITION BY t.kind ORDER BY c.n DESC) AS place FROM ("
    "SELECT l.tag_id, count(*) AS n FROM m CROSS JOIN LATERAL unnest(m.tag_ids) AS l(tag_id) "
    "GROUP BY l.tag_id) AS c CROSS JOIN LATERAL ("
    "SELECT kind, slug, name FROM articles_tag WHERE id = c.tag_id OFFSET 0) AS t) AS tags "
    "WHERE place <= %s "
    f"UNION ALL SELECT 'tag:{SPEAKER}', slug, ("
    "SELECT max(q.speaker) FROM articles_quote q WHERE q.speaker_slug = speakers.slug), n, NULL "
    "FROM (SELECT s.slug, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) AS place "
    "FROM m CROSS JOIN LATERAL unnest(m.speaker_slugs) AS s(slug) GROUP BY s.slug) AS speakers "
    "WHERE place <= %s"
)


@dataclass
class Counted:
    """What one pass found: the full and partial totals, one page of ids, the facets."""

    full: int = 0
    partial: int = 0
    ids: list[int] = field(default_factory=list)
    facets: dict = field(default_factory=dict)


def one_pass(documents, full, loose, score, sort: str, start: int, size: int, facets: str):
    """Return the Counted of `documents` matching `full` (or `loose`, when given: the partial
    matches, counted apart and listed after the full ones), the page of `size` ids from
    `start` ordered by `score` or the date, and the facets: "" for none, "year" for the
    months of the year filtered on too, else "all"."""
    is_full = ExpressionWrapper(Q(vector=full), output_field=BooleanField())
    matching = documents.filter(Q(vector=full) | Q(vector=loose) if loose else Q(vector=full))
    rows = matching.order_by().annotate(
        score=score if sort == "relevance" else Value(0.0, output_field=FloatField()),
        is_full=is_full if loose else Value(True),
    )
    columns = ["article_id", "score", "is_full", "published", "source_id", "section"]
    columns += ["tag_ids", "speaker_slugs"] if facets else []
    sql, params = rows.values(*columns).query.sql_with_params()
    kinds = ["total", *(["source", "section", "year"] if facets else [])]
    kinds += ["month"] if facets == "year" else []
    statement = (
        f"WITH m AS MATERIALIZED ({sql}) {_counts(kinds)} "  # noqa: S608 -- Django's SQL, constants
        "UNION ALL SELECT 'page', NULL, NULL, 0, ARRAY(SELECT article_id FROM m "
        f"ORDER BY {_ORDER[sort]} LIMIT %s OFFSET %s)" + (_TAGS if facets else "")
    )
    cap = [tag_lists.TAG_FACET_VALUES] * 2 if facets else []
    with reading_connection().cursor() as cursor:
        cursor.execute(statement, [*params, size, start, *cap])
        return _counted(cursor.fetchall(), facets)


def _counts(kinds: list[str]) -> str:
    """Return the SELECT of every count in one scan of the matches (grouping sets): rows
    (kind, key, the source's name for a source, count, NULL)."""
    groups = [(kind, _GROUPS[kind]) for kind in kinds]
    kind = " ".join(f"WHEN GROUPING({by}) = 0 THEN '{kind}'" for kind, by in groups)
    key = " ".join(f"WHEN GROUPING({by}) = 0 THEN ({by})::text" for _, by in groups)
    sets = ", ".join(f"({by})" for _, by in groups)
    return (
        "SELECT f.kind, coalesce(s.slug, f.key), s.name, f.n, NULL::bigint[] FROM ("  # noqa: S608
        f"SELECT CASE {kind} END AS kind, CASE {key} END AS key, count(*) AS n "
        f"FROM m GROUP BY GROUPING SETS ({sets})) AS f "
        "LEFT JOIN articles_source s ON s.id = CASE WHEN f.kind = 'source' THEN f.key::bigint END"
    )


def _counted(rows, facets: str) -> Counted:
    counted = Counted()
    found = {"source": [], "section": [], "year": {}, "month": []}
    tags = {kind: {} for kind in TAG_FIELDS}
    for kind, key, label, count, ids in rows:
        if kind == "total":
            setattr(counted, "full" if key == "true" else "partial", count)
        elif kind == "page":
            counted.ids = list(ids)
        elif kind == "year":
            found["year"][None if key is None else int(key)] = count
        elif kind == "month" and key is not None:
            found["month"].append(FacetValue(key, calendar.month_name[int(key)], count))
        elif kind.startswith("tag:"):
            tags.setdefault(kind[4:], {})[key, label] = count
        elif kind == "source":
            found[kind].append(FacetValue(key, label, count))
        elif kind == "section" and key:  # no facet value for articles without a section
            found[kind].append(FacetValue(key, key, count))
    if facets:
        counted.facets = _facets(found, facets) | tag_facets(tags)
    return counted


def _facets(found: dict, facets: str) -> dict:
    """Return the facets sorted as the Whoosh engine sorts them: most frequent first."""
    for name in ("source", "section"):
        found[name].sort(key=lambda value: (-value.count, value.label.lower()))
    years = found.pop("year")
    undated = years.pop(None, 0)
    found["year"] = [FacetValue(str(y), str(y), years[y]) for y in sorted(years, reverse=True)]
    found["year"] += [undated_value(undated)] if undated else []
    months = found.pop("month")
    if facets == "year":
        found["month"] = sorted(months, key=lambda value: int(value.key))
    return found

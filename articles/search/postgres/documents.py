"""Write the search documents: one weighted tsvector per article, in the article's transaction.

The vector is computed by PostgreSQL from the database's own rows (one INSERT ... SELECT), so
it is exact whatever wrote the article, and it commits or rolls back with the change itself:
this engine needs no queue. Queue rows left by the Whoosh engine are applied all the same.
"""

import time
from collections.abc import Callable
from datetime import UTC

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVector, SearchVectorCombinable, SearchVectorField
from django.db import DatabaseError, connection, transaction
from django.db.models import BigIntegerField, Count, Exists, F, Func, Max, OuterRef, TextField

from ...indexing.queue import pending_count
from ...models import Article, IndexQueueEntry, SearchDocument
from ..types import Drift, IndexStatus
from .tsquery import CONFIG, WORD_FORMS_SQL, WORDS_CONFIG, WordForms

BATCH_SIZE = 2000
FOLLOW_POLL_SECONDS = 0.5

_UPSERT = """
INSERT INTO articles_searchdocument
    (article_id, version, vector, source_id, section, published, tag_ids, speaker_slugs)
{select}
ON CONFLICT (article_id) DO UPDATE SET version = EXCLUDED.version, vector = EXCLUDED.vector,
    source_id = EXCLUDED.source_id, section = EXCLUDED.section, published = EXCLUDED.published,
    tag_ids = EXCLUDED.tag_ids, speaker_slugs = EXCLUDED.speaker_slugs
"""
# The vocabulary for fuzzy terms and suggestions: folded, unstemmed words, no numbers, read
# from the text as the documents read it (WORD_FORMS_SQL). Words are never removed (a word no
# article has any more just matches nothing); sorted, so two concurrent imports take the rows'
# locks in one order and cannot deadlock.
_WORDS = f"""
INSERT INTO articles_searchword (word)
SELECT DISTINCT w.lexeme FROM (
    SELECT title || ' ' || standfirst AS t FROM articles_article WHERE id = ANY(%s)
    UNION ALL SELECT text FROM articles_paragraph WHERE article_id = ANY(%s)
) AS texts, unnest(to_tsvector(%s::regconfig, {WORD_FORMS_SQL.format(text="texts.t")})) AS w
WHERE w.lexeme !~ '[0-9]' AND length(w.lexeme) BETWEEN 2 AND 40
ORDER BY w.lexeme
ON CONFLICT DO NOTHING
"""  # noqa: S608 -- WORD_FORMS_SQL is a constant; the ids and the configuration are bound


class TagLexemes(SearchVectorCombinable, Func):
    """The article's tags as lexemes `kind:slug` (`place:japan`), weight D, as they are:
    never stemmed or split, so `place:japan` finds exactly the articles tagged Japan."""

    template = (
        "setweight(array_to_tsvector(ARRAY(SELECT t.kind || ':' || t.slug "
        "FROM articles_articletag l JOIN articles_tag t ON t.id = l.tag_id "
        "WHERE l.article_id = %(expressions)s)), 'D')"
    )
    output_field = SearchVectorField()


class TagIds(Func):
    """The ids of the article's tags, in order, which the tag facets count."""

    template = (
        "ARRAY(SELECT l.tag_id FROM articles_articletag l "
        "WHERE l.article_id = %(expressions)s ORDER BY l.tag_id)"
    )
    output_field = ArrayField(BigIntegerField())


class SpeakerSlugs(Func):
    """The slugs of the speakers the article's quotes name, once each, which the "Who said
    it" facet counts."""

    template = (
        "ARRAY(SELECT DISTINCT q.speaker_slug FROM articles_quote q "
        "WHERE q.article_id = %(expressions)s AND q.speaker_slug <> '' ORDER BY 1)"
    )
    output_field = ArrayField(TextField())


# A quote's speaker in full and as written; "he" and "she" are no name (pronouns are
# indexed all the same: `speaker:he` is no search anybody makes).
SPEAKER_NAMES = "q.speaker || ' ' || q.speaker_as_written"
# One field's lexemes renamed `field:lexeme`, positions kept, as tsvector text: the lexeme
# quoted with its quotes doubled and backslashes escaped (PostgreSQL's tsvector input).
_PREFIXED = (
    r"""SELECT string_agg('''' || '{prefix}:' || replace(replace(w.lexeme, '\', '\\'), """
    r"""'''', '''''') || ''':' || array_to_string(w.positions, ','), ' ') """
    "FROM unnest(to_tsvector('{config}'::regconfig, {text})) AS w"
)


class QuoteLexemes(SearchVectorCombinable, Func):
    """The words of the article's quotes, or of its speakers' names, as lexemes `quote:word`
    (`speaker:putin`), weight D, with their positions: `quote:"lasting peace"` is the phrase
    `'quote:last' <-> 'quote:peac'`, and no plain word of the text is one of them."""

    output_field = SearchVectorField()

    def __init__(self, article_id, *, prefix: str, column: str):
        texts = (
            f"(SELECT string_agg({column}, ' ' ORDER BY q.id) FROM articles_quote q "  # noqa: S608
            "WHERE q.article_id = %(expressions)s)"
        )
        words = WORD_FORMS_SQL.format(text=texts)
        prefixed = _PREFIXED.format(prefix=prefix, config=CONFIG, text=words)
        # Only constants go into the text (the prefixes and columns above); the id is bound.
        self.template = f"setweight(COALESCE(({prefixed})::tsvector, ''::tsvector), 'D')"
        super().__init__(article_id)


def _vectors(articles):
    """Return (id, updated_at, weighted vector, source, section, published, tag ids,
    speakers' slugs) rows; the vector has title A, standfirst B, body C, names and tags D."""
    return articles.annotate(
        body=StringAgg("paragraphs__text", delimiter="\n\n", order_by="paragraphs__position"),
        document=SearchVector(WordForms("title"), weight="A", config=CONFIG)
        + SearchVector(WordForms("standfirst"), weight="B", config=CONFIG)
        + SearchVector(WordForms("body"), weight="C", config=CONFIG)
        + SearchVector("source__name", "section", "byline", weight="D", config=CONFIG)
        + TagLexemes(F("pk"))
        + QuoteLexemes(F("pk"), prefix="quote", column="q.text")
        + QuoteLexemes(F("pk"), prefix="speaker", column=SPEAKER_NAMES),
        tag_id_list=TagIds(F("pk")),
        speaker_slug_list=SpeakerSlugs(F("pk")),
    ).values_list(
        "pk",
        "updated_at",
        "document",
        "source_id",
        "section",
        "published",
        "tag_id_list",
        "speaker_slug_list",
    )


def write_documents(article_ids) -> int:
    """Write the documents of these articles in the current transaction; return how many."""
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    select, params = _vectors(Article.objects.filter(pk__in=ids).order_by()).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(select=select), params)
        cursor.execute(_WORDS, [ids, ids, WORDS_CONFIG])
    return len(ids)


def apply_pending(*, lock_timeout: float = 60.0) -> int:
    """Apply index updates queued while the Whoosh engine was configured; return how many."""
    applied = 0
    while entries := list(IndexQueueEntry.objects.values_list("pk", "article_id")[:BATCH_SIZE]):
        with transaction.atomic():
            applied += write_documents(article_id for _, article_id in entries)
            IndexQueueEntry.objects.filter(pk__in=[pk for pk, _ in entries]).delete()
    return applied


def apply_until(
    should_stop: Callable[[], bool],
    *,
    on_applied: Callable[[int], None] = lambda n: None,
    lock_timeout: float = 60.0,
) -> int:
    """Apply queued rows until should_stop(): imports write their documents themselves, so
    this only catches rows queued under the Whoosh engine."""
    applied = 0
    while True:
        stopping = should_stop()
        if done := apply_pending():
            applied += done
            on_applied(done)
        if stopping:
            return applied
        time.sleep(FOLLOW_POLL_SECONDS)


def index_status() -> IndexStatus:
    """Return the document count, the queue length and the newest document's time."""
    try:
        newest = SearchDocument.objects.aggregate(n=Count("pk"), last=Max("version"))
    except DatabaseError as error:  # never raise into the admin page
        return IndexStatus(None, pending_count(), None, str(error))
    return IndexStatus(newest["n"], pending_count(), newest["last"], "")


def rebuild_index(*, if_missing: bool = False, lock_timeout: float = 600.0) -> int | None:
    """Recompute every article's document; return the count (None: all present, if_missing)."""
    if if_missing and not Article.objects.filter(_without_document()).exists():
        return None
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        with transaction.atomic():
            write_documents(ids[start : start + BATCH_SIZE])
    apply_pending()
    with connection.cursor() as cursor:  # the planner's view of the vectors, as they are now
        cursor.execute("ANALYZE articles_searchdocument")
    return SearchDocument.objects.count()


def _without_document():
    return ~Exists(SearchDocument.objects.filter(article_id=OuterRef("pk")))


def check_index() -> Drift:
    """Compare the search documents with the articles, article by article."""
    indexed = dict(SearchDocument.objects.values_list("article_id", "version"))
    versions = dict(Article.objects.values_list("pk", "updated_at"))
    return Drift(
        documents=len(indexed),
        missing=sorted(versions.keys() - indexed.keys()),
        stale=sorted(
            pk
            for pk in versions.keys() & indexed.keys()
            if versions[pk].astimezone(UTC) != indexed[pk].astimezone(UTC)
        ),
        orphaned=sorted(indexed.keys() - versions.keys()),
        pending=pending_count(),
    )

"""Counts of articles kept by the database: per source and section, and per quarter hour of
publication (UTC), so the pages that list or count never count the whole article table.

Triggers keep them, so every writer is counted: the ORM, the importer's bulk inserts, raw
SQL, a TRUNCATE. SQLite counts row by row; PostgreSQL once per statement from its transition
tables, taking the count rows in key order (two concurrent imports cannot deadlock on them).
A decrement of a count row that is missing (a flush that emptied the counts first) leaves
no row behind: rows at zero or below are deleted.
"""

from django.db import migrations, models

COUNTS = ("articles_sourcesectioncount", "articles_publishedcount")


def sqlite_period(row: str) -> str:
    """The start of the UTC quarter hour of `row`.published ('1987-03-02 15:07:09' gives
    '1987-03-02 15:00:00'): Django keeps SQLite datetimes as UTC text."""
    published = f"{row}.published"
    return (
        f"substr({published}, 1, 14) || printf('%02d', CAST(substr({published}, 15, 2) AS"
        f" INTEGER) / 15 * 15) || ':00'"
    )


def sqlite_add(row: str) -> str:
    return f"""
    INSERT INTO articles_sourcesectioncount (source_id, section, articles, undated)
    VALUES ({row}.source_id, {row}.section, 1, {row}.published IS NULL)
    ON CONFLICT (source_id, section) DO UPDATE
    SET articles = articles + 1, undated = undated + excluded.undated;
    INSERT INTO articles_publishedcount (period, articles)
    SELECT {sqlite_period(row)}, 1 WHERE {row}.published IS NOT NULL
    ON CONFLICT (period) DO UPDATE SET articles = articles + 1;"""


def sqlite_subtract(row: str) -> str:
    same_key = f"source_id = {row}.source_id AND section = {row}.section"
    period = sqlite_period(row)
    return f"""
    UPDATE articles_sourcesectioncount
    SET articles = articles - 1, undated = undated - ({row}.published IS NULL) WHERE {same_key};
    DELETE FROM articles_sourcesectioncount WHERE {same_key} AND articles <= 0;
    UPDATE articles_publishedcount SET articles = articles - 1 WHERE period = {period};
    DELETE FROM articles_publishedcount WHERE period = {period} AND articles <= 0;"""


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER articles_count_insert AFTER INSERT ON articles_article BEGIN"
    f"{sqlite_add('NEW')}\nEND",
    f"CREATE TRIGGER articles_count_delete AFTER DELETE ON articles_article BEGIN"
    f"{sqlite_subtract('OLD')}\nEND",
    "CREATE TRIGGER articles_count_update AFTER UPDATE OF source_id, section, published"
    " ON articles_article WHEN OLD.source_id IS NOT NEW.source_id"
    " OR OLD.section IS NOT NEW.section OR OLD.published IS NOT NEW.published BEGIN"
    f"{sqlite_subtract('OLD')}{sqlite_add('NEW')}\nEND",
]
SQLITE_BACKFILL = [
    "INSERT INTO articles_sourcesectioncount (source_id, section, articles, undated)"
    " SELECT source_id, section, count(*), sum(published IS NULL) FROM articles_article"
    " GROUP BY source_id, section",
    "INSERT INTO articles_publishedcount (period, articles)"
    f" SELECT {sqlite_period('articles_article')}, count(*) FROM articles_article"
    " WHERE published IS NOT NULL GROUP BY 1",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS articles_count_{event}" for event in ("insert", "delete", "update")
]

# The UTC quarter hour, whatever the session's TimeZone.
PG_PERIOD = (
    "(date_trunc('hour', published AT TIME ZONE 'UTC') + floor(date_part('minute',"
    " published AT TIME ZONE 'UTC') / 15) * interval '15 minutes') AT TIME ZONE 'UTC'"
)
PG_DELTAS = {
    "insert": "SELECT source_id, section, published, 1 AS n FROM new_rows",
    "delete": "SELECT source_id, section, published, -1 AS n FROM old_rows",
    "update": "SELECT source_id, section, published, 1 AS n FROM new_rows UNION ALL"
    " SELECT source_id, section, published, -1 AS n FROM old_rows",
}


def pg_function(event: str) -> str:
    deltas = PG_DELTAS[event]
    undated = "coalesce(sum(n) FILTER (WHERE published IS NULL), 0)"
    return f"""
CREATE FUNCTION articles_count_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_sourcesectioncount AS c (source_id, section, articles, undated)
    SELECT source_id, section, sum(n), {undated} FROM ({deltas}) AS d
    GROUP BY source_id, section HAVING sum(n) <> 0 OR {undated} <> 0
    ORDER BY source_id, section
    ON CONFLICT (source_id, section) DO UPDATE
    SET articles = c.articles + EXCLUDED.articles, undated = c.undated + EXCLUDED.undated;
    DELETE FROM articles_sourcesectioncount AS c USING ({deltas}) AS d
    WHERE c.source_id = d.source_id AND c.section = d.section AND c.articles <= 0;
    INSERT INTO articles_publishedcount AS c (period, articles)
    SELECT {PG_PERIOD}, sum(n) FROM ({deltas}) AS d WHERE published IS NOT NULL
    GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1
    ON CONFLICT (period) DO UPDATE SET articles = c.articles + EXCLUDED.articles;
    DELETE FROM articles_publishedcount AS c USING ({deltas}) AS d
    WHERE d.published IS NOT NULL AND c.period = {PG_PERIOD.replace("published", "d.published")}
    AND c.articles <= 0;
    RETURN NULL;
END $$"""


def pg_trigger(event: str) -> str:
    tables = {
        "insert": "NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }[event]
    return (
        f"CREATE TRIGGER articles_count_{event} AFTER {event.upper()} ON articles_article"
        f" REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION articles_count_{event}()"
    )


PG_TRIGGERS = [sql for event in PG_DELTAS for sql in (pg_function(event), pg_trigger(event))] + [
    "CREATE FUNCTION articles_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$"
    # DELETE, not TRUNCATE: Django's flush truncates these tables in the same statement.
    f" BEGIN {' '.join(f'DELETE FROM {table};' for table in COUNTS)} RETURN NULL; END $$",
    "CREATE TRIGGER articles_count_truncate AFTER TRUNCATE ON articles_article"
    " FOR EACH STATEMENT EXECUTE FUNCTION articles_count_truncate()",
]
PG_BACKFILL = [
    "INSERT INTO articles_sourcesectioncount (source_id, section, articles, undated)"
    " SELECT source_id, section, count(*), count(*) FILTER (WHERE published IS NULL)"
    " FROM articles_article GROUP BY source_id, section",
    f"INSERT INTO articles_publishedcount (period, articles) SELECT {PG_PERIOD}, count(*)"
    " FROM articles_article WHERE published IS NOT NULL GROUP BY 1",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS articles_count_{event} ON articles_article;"
    f" DROP FUNCTION IF EXISTS articles_count_{event}()"
    for event in ("insert", "delete", "update", "truncate")
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_TRIGGERS + SQLITE_BACKFILL})
    _run(schema_editor, {"postgresql": PG_TRIGGERS + PG_BACKFILL})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": PG_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_names_found"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.DateTimeField(unique=True)),
                ("articles", models.BigIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="SourceSectionCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source_id", models.BigIntegerField()),
                ("section", models.CharField(max_length=100)),
                ("articles", models.BigIntegerField()),
                ("undated", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source_id", "section"), name="count_source_section"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

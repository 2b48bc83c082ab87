"""Article ids by blocks of 100, with when each block last changed, for the sitemap index.

Triggers keep the rows, as migration 0013's counts: every writer is counted (the ORM, the
importer's bulk inserts, raw SQL, a TRUNCATE). SQLite row by row; PostgreSQL once per
statement from its transition tables, taking the rows in block order (two concurrent imports
cannot deadlock on them). A deletion dates its block at the deletion's time; a block whose
articles are all gone keeps its row at 0.
"""

from django.db import migrations, models

BLOCK_IDS = 100  # models.SITEMAP_BLOCK_IDS when this migration was written; it must not change
BLOCK = f"(id - 1) / {BLOCK_IDS}"  # integer division on both databases


def sqlite_block(row: str) -> str:
    return f"({row}.id - 1) / {BLOCK_IDS}"


# Django keeps SQLite datetimes as UTC text ('2025-06-03 12:00:00.123456'), which sorts
# as the times do; 'now' in the same form, to the millisecond.
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_TRIGGERS = [
    "CREATE TRIGGER articles_sitemap_insert AFTER INSERT ON articles_article BEGIN"
    " INSERT INTO articles_sitemapblock (block, articles, last_changed)"
    f" VALUES ({sqlite_block('NEW')}, 1, NEW.updated_at) ON CONFLICT (block) DO UPDATE"
    " SET articles = articles + 1, last_changed = max(last_changed, excluded.last_changed);"
    " END",
    "CREATE TRIGGER articles_sitemap_delete AFTER DELETE ON articles_article BEGIN"
    f" UPDATE articles_sitemapblock SET articles = articles - 1,"
    f" last_changed = max(last_changed, {SQLITE_NOW}) WHERE block = {sqlite_block('OLD')};"
    " END",
    "CREATE TRIGGER articles_sitemap_update AFTER UPDATE OF updated_at ON articles_article"
    " WHEN OLD.updated_at IS NOT NEW.updated_at BEGIN"
    " UPDATE articles_sitemapblock SET last_changed = max(last_changed, NEW.updated_at)"
    f" WHERE block = {sqlite_block('NEW')};"
    " END",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS articles_sitemap_{event}" for event in ("insert", "delete", "update")
]

PG_CHANGES = {
    "insert": f"SELECT {BLOCK} AS block, count(*) AS n, max(updated_at) AS changed"
    " FROM new_rows GROUP BY 1",
    "delete": f"SELECT {BLOCK} AS block, -count(*) AS n, clock_timestamp() AS changed"
    " FROM old_rows GROUP BY 1",
    "update": f"SELECT {BLOCK} AS block, 0 AS n, max(updated_at) AS changed"
    " FROM new_rows GROUP BY 1",
}


def pg_function(event: str) -> str:
    return f"""
CREATE FUNCTION articles_sitemap_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_sitemapblock AS b (block, articles, last_changed)
    SELECT block, n, changed FROM ({PG_CHANGES[event]}) AS c ORDER BY block
    ON CONFLICT (block) DO UPDATE SET articles = b.articles + EXCLUDED.articles,
    last_changed = GREATEST(b.last_changed, EXCLUDED.last_changed);
    RETURN NULL;
END $$"""


def pg_trigger(event: str) -> str:
    tables = {
        "insert": "NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
        "update": "NEW TABLE AS new_rows",
    }[event]
    return (
        f"CREATE TRIGGER articles_sitemap_{event} AFTER {event.upper()} ON articles_article"
        f" REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION articles_sitemap_{event}()"
    )


PG_TRIGGERS = [sql for event in PG_CHANGES for sql in (pg_function(event), pg_trigger(event))] + [
    # DELETE, not TRUNCATE: Django's flush truncates this table in the same statement.
    "CREATE FUNCTION articles_sitemap_truncate() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN DELETE FROM articles_sitemapblock; RETURN NULL; END $$",
    "CREATE TRIGGER articles_sitemap_truncate AFTER TRUNCATE ON articles_article"
    " FOR EACH STATEMENT EXECUTE FUNCTION articles_sitemap_truncate()",
]
PG_DROP = [
    f"DROP TRIGGER IF EXISTS articles_sitemap_{event} ON articles_article;"
    f" DROP FUNCTION IF EXISTS articles_sitemap_{event}()"
    for event in ("insert", "delete", "update", "truncate")
]
BACKFILL = (
    "INSERT INTO articles_sitemapblock (block, articles, last_changed)"
    f" SELECT {BLOCK}, count(*), max(updated_at) FROM articles_article GROUP BY 1"
)


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": [*SQLITE_TRIGGERS, BACKFILL]})
    _run(schema_editor, {"postgresql": [*PG_TRIGGERS, BACKFILL]})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": PG_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_search_document_speaker_slugs"),
    ]

    operations = [
        migrations.CreateModel(
            name="SitemapBlock",
            fields=[
                ("block", models.BigIntegerField(primary_key=True, serialize=False)),
                ("articles", models.BigIntegerField()),
                ("last_changed", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]

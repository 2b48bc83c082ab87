"""Search documents read faster (PostgreSQL only; nothing on SQLite).

- Vectors of up to 8 kB stay in the table's own rows. One over about 2 kB (a quarter of the
  articles at 100,000) went out of line into the TOAST table, uncompressed (vectors hardly
  compress), so matching and ranking fetched it by an index lookup per article, per use.
  With toast_tuple_target at its maximum, a value moves out of line only when its row would
  not fit in an 8 kB page. Documents written before keep their place until rewritten:
  `manage.py rebuild_index` rewrites them all.
- Each document carries its article's source, section and publication time, which facets
  count and dates sort by, so a search need not join every match to its article. Filled
  here from the articles; written with the vector from then on.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

# RunSQL that does nothing on SQLite, where the Whoosh engine needs no such table.
PostgresOnlySQL = import_module("articles.migrations.0003_postgres_search").PostgresOnlySQL

COLUMNS = """
ALTER TABLE articles_searchdocument SET (toast_tuple_target = 8160);
ALTER TABLE articles_searchdocument ADD COLUMN source_id bigint,
    ADD COLUMN section varchar(100), ADD COLUMN published timestamp with time zone;
UPDATE articles_searchdocument d
    SET source_id = a.source_id, section = a.section, published = a.published
    FROM articles_article a WHERE a.id = d.article_id;
ALTER TABLE articles_searchdocument ALTER COLUMN source_id SET NOT NULL,
    ALTER COLUMN section SET NOT NULL;
"""
COLUMNS_DROPPED = """
ALTER TABLE articles_searchdocument DROP COLUMN source_id, DROP COLUMN section,
    DROP COLUMN published;
ALTER TABLE articles_searchdocument RESET (toast_tuple_target);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_article_counts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[PostgresOnlySQL(COLUMNS, reverse_sql=COLUMNS_DROPPED)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="published",
                    field=models.DateTimeField(null=True),
                ),
                migrations.AddField(
                    model_name="searchdocument",
                    name="section",
                    field=models.CharField(default="", max_length=100),
                    preserve_default=False,
                ),
                migrations.AddField(
                    model_name="searchdocument",
                    name="source",
                    field=models.ForeignKey(
                        db_constraint=False,
                        default=None,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.source",
                    ),
                    preserve_default=False,
                ),
            ],
        ),
    ]

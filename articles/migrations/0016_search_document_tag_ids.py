"""Each search document carries its article's tag ids (PostgreSQL only; nothing on SQLite).

A search counted the tag facets by looking up every match's tag links: for a common word's
12,000 matches that was 12,000 index lookups, most of the search's time. With the ids in
the document, the tags are counted from the rows the search reads anyway. Filled here from
the tag links; written with the vector from then on (the document is rewritten whenever an
article's tags change, as `place:japan` must follow them).
"""

from importlib import import_module

import django.contrib.postgres.fields
from django.db import migrations, models

# RunSQL that does nothing on SQLite, where the Whoosh engine needs no such table.
PostgresOnlySQL = import_module("articles.migrations.0003_postgres_search").PostgresOnlySQL

COLUMN = """
ALTER TABLE articles_searchdocument ADD COLUMN tag_ids bigint[] NOT NULL DEFAULT '{}';
UPDATE articles_searchdocument d SET tag_ids = l.ids
    FROM (SELECT article_id, array_agg(tag_id ORDER BY tag_id) AS ids
          FROM articles_articletag GROUP BY article_id) AS l
    WHERE l.article_id = d.article_id;
"""
COLUMN_DROPPED = "ALTER TABLE articles_searchdocument DROP COLUMN tag_ids"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_vector_statistics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[PostgresOnlySQL(COLUMN, reverse_sql=COLUMN_DROPPED)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="tag_ids",
                    field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), blank=True, default=list, size=None
                    ),
                ),
            ],
        ),
    ]

"""Each search document carries the slugs of its quotes' speakers (PostgreSQL only).

The "Who said it" facet looked up every match's quotes: for a common word's 18,000
matches at 100,000 articles, about 100 ms of the search. With the slugs in the document,
the speakers are counted from the rows the search reads anyway, and only the listed ones
are looked up for their names. Filled here from the quotes; written with the vector from
then on (the document is rewritten whenever an article's quotes change, as `speaker:putin`
must follow them).
"""

from importlib import import_module

import django.contrib.postgres.fields
from django.db import migrations, models

# RunSQL that does nothing on SQLite, where the Whoosh engine needs no such table.
PostgresOnlySQL = import_module("articles.migrations.0003_postgres_search").PostgresOnlySQL

COLUMN = """
ALTER TABLE articles_searchdocument ADD COLUMN speaker_slugs text[] NOT NULL DEFAULT '{}';
UPDATE articles_searchdocument d SET speaker_slugs = q.slugs
    FROM (SELECT article_id, array_agg(DISTINCT speaker_slug ORDER BY speaker_slug) AS slugs
          FROM articles_quote WHERE speaker_slug <> '' GROUP BY article_id) AS q
    WHERE q.article_id = d.article_id;
"""
COLUMN_DROPPED = "ALTER TABLE articles_searchdocument DROP COLUMN speaker_slugs"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_search_document_tag_ids"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[PostgresOnlySQL(COLUMN, reverse_sql=COLUMN_DROPPED)],
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="speaker_slugs",
                    field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), blank=True, default=list, size=None
                    ),
                ),
            ],
        ),
    ]

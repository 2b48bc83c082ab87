"""Finer planner statistics on the search documents' words (PostgreSQL only).

ANALYZE keeps, for a tsvector column, the share of rows having each of its commonest
lexemes: 1,000 of them at PostgreSQL's default target, down to words in about 5% of the
articles. At 1,000 it keeps 10,000, down to words in a few hundredths of a percent. A long
question borrows words by how rare they are (articles/search/postgres/feedback.py), and the
planner estimates how many articles a word matches from the same list. Only a setting: the
next ANALYZE (autovacuum's, or `manage.py rebuild_index`'s) gathers them.
"""

from importlib import import_module

from django.db import migrations

# RunSQL that does nothing on SQLite, where the Whoosh engine needs no such table.
PostgresOnlySQL = import_module("articles.migrations.0003_postgres_search").PostgresOnlySQL

TARGET = "ALTER TABLE articles_searchdocument ALTER COLUMN vector SET STATISTICS 1000"
DEFAULT = "ALTER TABLE articles_searchdocument ALTER COLUMN vector SET STATISTICS -1"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_faster_search_documents"),
    ]

    operations = [PostgresOnlySQL(TARGET, reverse_sql=DEFAULT)]

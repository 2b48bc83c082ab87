"""Keep search vectors of up to 8 kB in the table's own rows (PostgreSQL only).

A tsvector over about 2 kB (a quarter of the articles at 100,000) went out of line into the
TOAST table, uncompressed (vectors hardly compress), so matching and ranking fetched it by
an index lookup per article, twice. With toast_tuple_target at its maximum, PostgreSQL moves
a value out of line only when the row would not fit in an 8 kB page. Documents written
before keep their place until rewritten: `manage.py rebuild_index` rewrites them all.
"""

from importlib import import_module

from django.db import migrations

# RunSQL that does nothing on SQLite, where the Whoosh engine needs no such table.
PostgresOnlySQL = import_module("articles.migrations.0003_postgres_search").PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_frozen_sets"),
    ]

    operations = [
        PostgresOnlySQL(
            "ALTER TABLE articles_searchdocument SET (toast_tuple_target = 8160);",
            reverse_sql="ALTER TABLE articles_searchdocument RESET (toast_tuple_target);",
        ),
    ]

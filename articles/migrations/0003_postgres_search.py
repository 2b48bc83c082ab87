"""The PostgreSQL search engine's tables, text search configurations and indexes.

Why SeparateDatabaseAndState: Django's state gets the SearchDocument and SearchWord models
(so the ORM can query them and `makemigrations --check` stays clean), while the database
side is SQL that runs on PostgreSQL only and does nothing on SQLite, where the Whoosh engine
needs no such tables. Writing the SQL ourselves also gives what Django 5.2's schema editor
cannot: ON DELETE CASCADE from articles, a GIN index on the vector, a trigram index, and the
text search configurations.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models
import django.contrib.postgres.search
import django.db.models.deletion


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and is a no-op on every other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# `newsarchive`: English stems with accents folded and NO stop words, like the Whoosh
# analyzer (`US`, `X` and "the war" stay searchable). `newsarchive_words`: the same words
# unstemmed, for the vocabulary that fuzzy terms and suggestions look up.
CONFIGURATIONS = """
CREATE TEXT SEARCH DICTIONARY newsarchive_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION newsarchive (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION newsarchive
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, newsarchive_stem;
CREATE TEXT SEARCH CONFIGURATION newsarchive_words (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION newsarchive_words
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;
"""

TABLES = """
CREATE TABLE articles_searchdocument (
    article_id bigint PRIMARY KEY REFERENCES articles_article (id) ON DELETE CASCADE,
    version timestamp with time zone NOT NULL,
    vector tsvector NOT NULL
);
CREATE INDEX articles_searchdocument_vector_gin ON articles_searchdocument USING gin (vector);
CREATE TABLE articles_searchword (word text PRIMARY KEY);
CREATE INDEX articles_searchword_trigram_gin ON articles_searchword
    USING gin (word gin_trgm_ops);
"""


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_import_run"),
    ]

    operations = [
        # Both are no-ops on databases other than PostgreSQL.
        TrigramExtension(),
        UnaccentExtension(),
        PostgresOnlySQL(
            CONFIGURATIONS,
            reverse_sql="""
            DROP TEXT SEARCH CONFIGURATION newsarchive_words;
            DROP TEXT SEARCH CONFIGURATION newsarchive;
            DROP TEXT SEARCH DICTIONARY newsarchive_stem;
            """,
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                PostgresOnlySQL(
                    TABLES,
                    reverse_sql="DROP TABLE articles_searchword; DROP TABLE articles_searchdocument;",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="SearchDocument",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="articles.article",
                            ),
                        ),
                        ("version", models.DateTimeField()),
                        ("vector", django.contrib.postgres.search.SearchVectorField()),
                    ],
                    options={"verbose_name": "search document"},
                ),
                migrations.CreateModel(
                    name="SearchWord",
                    fields=[("word", models.TextField(primary_key=True, serialize=False))],
                ),
            ],
        ),
    ]

"""Insert many plain rows into a model's table with one executemany.

The importer's paragraphs, the tags it and the name finder create, and the links between
tags and articles are most of an import's rows. A model instance for each, and
bulk_create's compiling of them, cost over half of the importer's time (issues 9 and 19);
these rows need nothing a model adds (no defaults, no signals: bulk_create sends none either).
"""

from collections.abc import Iterable

from django.db import connection


def insert_rows(model, fields: tuple[str, ...], rows: Iterable[tuple], *, skip_existing=False):
    """Insert `rows` (values in the order of the model's `fields`) into its table.

    With `skip_existing`, a row that would break a unique constraint is left out (ON
    CONFLICT DO NOTHING, what bulk_create(ignore_conflicts=True) writes for PostgreSQL;
    SQLite knows it since 3.24): another import may write the same row at the same moment.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in fields
    )
    values = ", ".join(["%s"] * len(fields))
    conflict = " ON CONFLICT DO NOTHING" if skip_existing else ""
    # Only the model's own quoted table and column names go into the text; values are bound.
    insert = f"INSERT INTO {table} ({columns}) VALUES ({values}){conflict}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(insert, list(rows))

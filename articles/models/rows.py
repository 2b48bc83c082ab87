"""Insert many plain rows into a model's table with one executemany.

The importer's paragraphs, the tags it and the name finder create, and the links between
tags and articles are most of an import's rows. A model instance for each, and
bulk_create's compiling of them, cost over half of the importer's time (issues 9 and 19);
these rows need nothing a model adds (no defaults, no signals: bulk_create sends none either).
"""

from collections.abc import Iterable

from django.db import connection


def insert_rows(
    model,
    fields: tuple[str, ...],
    rows: Iterable[tuple],
    *,
    skip_existing=False,
    replace_on: str | None = None,
):
    """Insert `rows` (values in the order of the model's `fields`) into its table.

    With `skip_existing`, a row that would break a unique constraint is left out (ON
    CONFLICT DO NOTHING, what bulk_create(ignore_conflicts=True) writes for PostgreSQL;
    SQLite knows it since 3.24): another import may write the same row at the same moment.
    With `replace_on` (a unique field among `fields`), a row whose value of it is taken
    updates that row's other fields instead (ON CONFLICT (...) DO UPDATE, what
    bulk_create(update_conflicts=True) writes).
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(model._meta.get_field(name).column) for name in fields]
    values = ", ".join(["%s"] * len(fields))
    conflict = " ON CONFLICT DO NOTHING" if skip_existing else ""
    if replace_on is not None:
        key = quote(model._meta.get_field(replace_on).column)
        changed = ", ".join(f"{name} = EXCLUDED.{name}" for name in names if name != key)
        conflict = f" ON CONFLICT ({key}) DO UPDATE SET {changed}"
    # Only the model's own quoted table and column names go into the text; values are bound.
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({values}){conflict}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(insert, list(rows))


def select_rows(model, fields: tuple[str, ...], where_in: str, values: Iterable) -> list[tuple]:
    """Return the `fields` of the model's rows whose field `where_in` is one of `values`,
    as plain tuples: one SELECT for each 10,000 values, without the ORM's preparing of each
    value (its `__in` lookup cost more than the query for a batch's thousands of slugs)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    key = quote(model._meta.get_field(where_in).column)
    values, found = list(values), []
    with connection.cursor() as cursor:
        for start in range(0, len(values), 10_000):
            chunk = values[start : start + 10_000]
            marks = ", ".join(["%s"] * len(chunk))
            # Only the model's own quoted names go into the text; values are bound.
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {key} IN ({marks})", chunk)  # noqa: S608
            found.extend(cursor.fetchall())
    return found

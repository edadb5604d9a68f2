"""The demo for the browser tests: seeded once per worker and day, then copied back.

The browser tests are transactional (the live server reads what is committed), so the
database is emptied after each of them. Seeding the demo again takes seconds; copying its
rows back takes a tenth of that. The copy is of the database's own bytes (PostgreSQL's
COPY, SQLite's values), every table of every model, generated columns left out: after the
copy the database holds exactly what `seed_demo` wrote, content types and permissions
included (the flush re-created those with other ids).
"""

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from demo.seed import DemoUser, seed_demo

# (database name, day) -> (what seed_demo returned, {table: (columns, rows)})
_snapshots: dict[tuple, tuple] = {}


def demo_for(today: datetime.date) -> list[DemoUser]:
    key = (connection.settings_dict["NAME"], today)
    if key in _snapshots:
        users, tables = _snapshots[key]
        _restore(tables)
        return users
    users = seed_demo(today=today)
    _snapshots[key] = (users, _dump())
    return users


def _tables() -> dict[str, list[str]]:
    """Each model's table and its stored columns (not the generated ones)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        tables[meta.db_table] = [
            field.column for field in meta.concrete_fields if not getattr(field, "generated", False)
        ]
    return tables


def _quoted(table: str, columns: list[str]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(table), ", ".join(quote(column) for column in columns)


def _dump() -> dict[str, tuple]:
    tables = {}
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the driver's own cursor: values exactly as stored
        for table, columns in _tables().items():
            name, names = _quoted(table, columns)
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {name} ({names}) TO STDOUT") as copy:
                    rows = b"".join(bytes(block) for block in copy)
            else:
                rows = cursor.execute(f"SELECT {names} FROM {name}").fetchall()
            tables[table] = (columns, rows)
    return tables


def _restore(tables: dict[str, tuple]) -> None:
    # Foreign keys are checked at commit (Django creates them deferrable): any order works.
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        for table, (columns, rows) in tables.items():
            name, names = _quoted(table, columns)
            cursor.execute(f"DELETE FROM {name}")
            if not rows:
                continue
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                    copy.write(rows)
            else:
                marks = ", ".join("?" * len(columns))
                cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", rows)
    ContentType.objects.clear_cache()

"""What every app's demo seeder receives: the scale, a seeded random source and a progress bar."""

import datetime
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from tqdm import tqdm

from hubs.years import academic_year_of

DEMO_PASSWORD = "partnership-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.partnership.test"


@dataclass
class DemoScale:
    schools: int = 550
    hubs: int = 45
    trusts: int = 130
    review_years: int = 10
    requests: int = 3500
    users: int = 1000

    @classmethod
    def for_schools(cls, schools: int, hubs: int) -> "DemoScale":
        """Scale everything else in proportion to a real network of 550 schools."""
        ratio = schools / 550
        return cls(
            schools=schools,
            hubs=hubs,
            trusts=max(1, round(130 * ratio)) if schools < 5000 else round(schools / 10),
            requests=max(10, round(3500 * ratio)) if schools < 5000 else schools * 4,
            users=max(10, round(1000 * ratio)) if schools < 5000 else schools * 2,
        )


@dataclass
class DemoContext:
    scale: DemoScale
    rng: random.Random
    today: datetime.date
    show_progress: bool = True
    # One hash for every demo user: hashing tens of thousands of passwords would take minutes.
    password_hash: str = field(default_factory=lambda: make_password(DEMO_PASSWORD))
    # (role, email) pairs to print after seeding and show in the README.
    logins: list[tuple[str, str]] = field(default_factory=list)

    @property
    def current_year(self) -> int:
        return academic_year_of(self.today)

    def email(self, local_part: str) -> str:
        return f"{local_part}@{DEMO_EMAIL_DOMAIN}"

    def progress(self, items: Iterable, total: int, label: str) -> Iterator:
        return iter(
            tqdm(items, total=total, desc=label, disable=not self.show_progress, leave=True)
        )

    def batches(self, items: list, size: int = 2000) -> Iterator[list]:
        for start in range(0, len(items), size):
            yield items[start : start + size]


def copy_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Load many rows fast with PostgreSQL COPY (no signals, no history, no ids returned).

    `fields` are the model's attribute names (use "school_id" for a foreign key). Rows go in
    COPY's binary format, typed from the table's own columns: a quarter of the client's work of
    the text format, which writes every date and number out as text.
    """
    columns = [model._meta.get_field(name.removesuffix("_id")).column for name in fields]
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [table],
        )
        types = dict(cursor.fetchall())
        sql = f'COPY "{table}" ({", ".join(columns)}) FROM STDIN (FORMAT BINARY)'
        with cursor.cursor.copy(sql) as copy:
            copy.set_types([types[column] for column in columns])
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


# What bulk_loading takes off the loaded tables: their foreign keys, and every index but the
# primary key and those a foreign key relies on (with the unique constraints they back).
_LOAD_BLOCKERS = """
    SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)
      FROM pg_constraint
     WHERE conrelid = ANY(%(tables)s::regclass[]) AND contype IN ('f', 'u', 'x')
       AND (contype = 'f'
            OR conindid NOT IN (SELECT conindid FROM pg_constraint WHERE contype = 'f'))
    UNION ALL
    SELECT 'index', indrelid::regclass::text, index.relname, pg_get_indexdef(indexrelid)
      FROM pg_index JOIN pg_class index ON index.oid = indexrelid
     WHERE indrelid = ANY(%(tables)s::regclass[]) AND NOT indisprimary
       AND indexrelid NOT IN (SELECT conindid FROM pg_constraint)
"""


@contextmanager
def bulk_loading(models):
    """Load the models' tables without their foreign keys and secondary indexes, then add them back.

    A foreign key checks every copied row on its own, and every index takes each row as it comes:
    millions of lookups and scattered page writes at national scale. Added back after the load,
    PostgreSQL checks each key and builds each index in one pass over the table (about twice as
    fast in all). Primary keys stay: ids arrive in order, so they cost little. A unique
    constraint broken by the load fails as it is added back, and the whole load with it.
    """
    tables = [model._meta.db_table for model in models]
    with transaction.atomic(), connection.cursor() as cursor:
        # Run the checks still pending from earlier rows: a table with pending checks cannot
        # be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(_LOAD_BLOCKERS, {"tables": tables})
        # Foreign keys last: they go after what they may rely on is back.
        blockers = sorted(cursor.fetchall(), key=lambda row: row[3].startswith("FOREIGN KEY"))
        for kind, table, name, _ in blockers:
            if kind == "index":
                cursor.execute(f'DROP INDEX "{name}"')
            else:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        yield
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for kind, table, name, definition in blockers:
            if kind == "index":
                cursor.execute(definition)
            else:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Statistics for the grown tables, so the later seeders' queries get sensible plans
        # (a correlated subquery planned for an empty table runs for many minutes).
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


@dataclass
class Ids:
    """The next free id of each table, so COPY can load rows that others point at."""

    next: dict = field(default_factory=dict)

    def take(self, model) -> int:
        if model not in self.next:
            with connection.cursor() as cursor:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
                self.next[model] = cursor.fetchone()[0] + 1
        value = self.next[model]
        self.next[model] += 1
        return value

    def reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in self.next:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
                )

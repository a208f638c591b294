"""Small helpers for the set-based paths: the few places where the two engines differ.

PostgreSQL gets COPY and row locks; SQLite (one writer at a time) gets executemany and
needs no locks. Everything else in the bulk paths is SQL both engines run as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

# One key for every job that adds JHT entries: posting, reversals, yearly returns.
# Taken per chunk transaction, so those jobs interleave chunk by chunk and never
# deadlock on account rows.
LEDGER_LOCK_KEY = 0x4A48_5400  # "JHT\0"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


class TableWriter:
    """Appends rows to a table: COPY on PostgreSQL, one executemany on SQLite."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table = table
        self.columns = columns

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        written = 0
        with connection.cursor() as cursor:
            if is_postgresql():
                statement = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
                with cursor.cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
                        written += 1
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                # Table and column names come from code, never from input.
                columns = ", ".join(self.columns)
                statement = f"INSERT INTO {self.table} ({columns}) VALUES ({placeholders})"  # noqa: S608
                batch = [[_sqlite_value(v) for v in row] for row in rows]
                if batch:
                    cursor.executemany(statement, batch)
                written = len(batch)
        return written


def table_columns(model: Any, *names: str) -> tuple[str, list[str]]:
    return model._meta.db_table, [model._meta.get_field(n).column for n in names]


def lock_ledger() -> None:
    """Serialise ledger writers for the rest of the transaction (PostgreSQL; SQLite is serial)."""
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LEDGER_LOCK_KEY])


def for_update() -> str:
    """The row-lock clause for a raw SELECT: FOR UPDATE on PostgreSQL, nothing on SQLite."""
    return " FOR UPDATE" if is_postgresql() else ""


def has_program_sql(programs_column: str, program: str) -> str:
    """SQL true when the JSON list in `programs_column` holds `program` (a code, no quotes)."""
    assert program.isalpha(), program
    if is_postgresql():
        return f"({programs_column} ? '{program}')"
    return f"(instr({programs_column}, '\"{program}\"') > 0)"


def drop_temp_table(cursor: Any, name: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")

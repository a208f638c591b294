"""Issuance serials for membership (KPJ) and employer (NPP) numbers.

PostgreSQL: real sequences. `nextval` never hands the same value to two
transactions and never waits for another enrolment to commit, so concurrent
enrolments neither collide nor queue. A rolled-back enrolment leaves a gap, which
is harmless. SQLite: a counter row updated inside the caller's transaction;
SQLite serialises writers, so that is safe there too.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F

from jamsos.registry.models import SerialCounter

SERIAL_NAMES = ("kpj", "npp")


def sequence_name(name: str) -> str:
    return f"registry_{name}_serial"


def next_serials(name: str, count: int = 1) -> list[int]:
    if name not in SERIAL_NAMES:
        raise ValueError(f"unknown serial {name!r}")
    if count < 1:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)", [sequence_name(name), count]
            )
            return [row[0] for row in cursor.fetchall()]
    SerialCounter.objects.get_or_create(name=name)
    SerialCounter.objects.filter(name=name).update(last_value=F("last_value") + count)
    last = SerialCounter.objects.get(name=name).last_value
    return list(range(last - count + 1, last + 1))

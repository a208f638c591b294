"""Dates as people type them on forms (pure Python)."""

from __future__ import annotations

import datetime as dt

from jamsos.ops.errors import JamsosError, define_error

BIRTH_DATE_FORMAT = define_error(
    "BIRTH_DATE_FORMAT",
    id="Tulis tanggal lahir sebagai HH/BB/TTTT, misalnya 17/08/1990.",
    en="Write the date of birth as DD/MM/YYYY, for example 17/08/1990.",
)


def parse_birth_date(text: str) -> dt.date:
    """DD/MM/YYYY as people write it; also YYYY-MM-DD, which a calendar picker sends."""
    cleaned = text.strip().replace("-", "/").replace(".", "/").replace(" ", "")
    for pattern in ("%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise JamsosError(BIRTH_DATE_FORMAT, field="birth_date")

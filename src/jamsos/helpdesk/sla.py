"""How long a ticket may stay unfinished: hours by category and priority.

Calendar hours, counted from the opening; the clock does not stop while waiting for
the caller. A number a caller needs today is quick; a correction waits for documents.
"""

from __future__ import annotations

import datetime as dt

from jamsos.helpdesk.models import Category, Priority

#                        urgent high normal  low
_TABLE: dict[Category, tuple[int, int, int, int]] = {
    Category.MEMBERSHIP_NUMBER: (4, 8, 24, 72),
    Category.BALANCE: (8, 24, 48, 120),
    Category.CLAIM: (8, 24, 72, 120),
    Category.DATA_CORRECTION: (24, 72, 120, 240),
    Category.EMPLOYER_COMPLAINT: (24, 72, 168, 336),
    Category.APP_OR_WEBSITE: (4, 24, 72, 168),
}
_COLUMNS = (Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW)

SLA_HOURS: dict[tuple[str, str], int] = {
    (category.value, priority.value): hours
    for category, row in _TABLE.items()
    for priority, hours in zip(_COLUMNS, row, strict=True)
}


def sla_hours(category: str, priority: str) -> int:
    return SLA_HOURS[(category, priority)]


def sla_deadline(*, category: str, priority: str, opened_at: dt.datetime) -> dt.datetime:
    return opened_at + dt.timedelta(hours=sla_hours(category, priority))

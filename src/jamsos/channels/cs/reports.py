"""The supervisors' view of reveals: how many each agent made, per day and per hour.

Counted from the access log itself, so the report and the log can never disagree.
Days and hours are in the server's time zone (WIB).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from jamsos.audit.models import AuditEvent, AuditEventQuerySet
from jamsos.channels.cs.models import RevealLimitAlert
from jamsos.channels.cs.services import CHANNEL, REVEAL_ACTION


@dataclass(frozen=True)
class DailyRow:
    agent: str
    counts: tuple[int, ...]  # one per day of the report, oldest first
    refused: int  # reveals refused at the limit, over the whole period

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class HourlyRow:
    hour: dt.datetime
    agent: str
    count: int
    refused: int


def _reveals() -> AuditEventQuerySet:
    return AuditEvent.objects.filter(channel=CHANNEL, action=REVEAL_ACTION)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reveals_per_day(
    *, days: int = 7, today: dt.date | None = None
) -> tuple[list[dt.date], list[DailyRow]]:
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    period = [first + dt.timedelta(days=n) for n in range(days)]
    rows = (
        _reveals()
        .filter(
            occurred_at__gte=_local_midnight(first),
            occurred_at__lt=_local_midnight(today) + dt.timedelta(days=1),
        )
        .annotate(day=TruncDate("occurred_at"))
        .values("actor_label", "day")
        .annotate(
            shown=Count("id", filter=Q(outcome="success")),
            refused=Count("id", filter=Q(outcome="denied", details__refused="limit")),
        )
        .order_by()
    )
    counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
    refused: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["actor_label"]][row["day"]] = row["shown"]
        refused[row["actor_label"]] += row["refused"]
    table = [
        DailyRow(
            agent=agent,
            counts=tuple(counts[agent].get(day, 0) for day in period),
            refused=refused[agent],
        )
        for agent in sorted(counts)
    ]
    return period, table


def reveals_per_hour(*, day: dt.date | None = None) -> list[HourlyRow]:
    """Each agent's reveals in each hour of one day that had any, latest hour first."""
    day = day or timezone.localdate()
    start = _local_midnight(day)
    rows = (
        _reveals()
        .filter(occurred_at__gte=start, occurred_at__lt=start + dt.timedelta(days=1))
        .annotate(hour=TruncHour("occurred_at"))
        .values("actor_label", "hour")
        .annotate(
            shown=Count("id", filter=Q(outcome="success")),
            refused=Count("id", filter=Q(outcome="denied", details__refused="limit")),
        )
        .order_by("-hour", "actor_label")
    )
    return [
        HourlyRow(
            hour=row["hour"], agent=row["actor_label"], count=row["shown"], refused=row["refused"]
        )
        for row in rows
        if row["shown"] or row["refused"]
    ]


def recent_limit_alerts(
    *, hours: int = 24, now: dt.datetime | None = None
) -> list[RevealLimitAlert]:
    now = now or timezone.now()
    return list(
        RevealLimitAlert.objects.filter(raised_at__gte=now - dt.timedelta(hours=hours))
        .select_related("agent")
        .order_by("-raised_at", "-id")
    )

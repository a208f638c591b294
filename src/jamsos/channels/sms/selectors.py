"""Reads for reports: what the SMS service cost, per operator and day, and one sender's messages."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from jamsos.channels.sms.models import InboundSms, OutboundSms
from jamsos.identity import normalise_phone
from jamsos.registry.personal_data import phone_index


@dataclass(frozen=True)
class BillingRow:
    """One operator on one day (in the server's time zone, WIB). Amounts in whole rupiah."""

    day: dt.date
    operator: str
    inbound_messages: int = 0
    inbound_parts: int = 0
    inbound_charge: int = 0
    outbound_messages: int = 0
    outbound_parts: int = 0
    outbound_charge: int = 0

    @property
    def total_charge(self) -> int:
        return self.inbound_charge + self.outbound_charge


def _day_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def billing_report(*, date_from: dt.date, date_to: dt.date) -> list[BillingRow]:
    """Messages, parts and charges per day and operator, both days included.

    Inbound messages count on the day the gateway received them, replies on the day they
    were queued. Two grouped queries, whatever the number of messages.
    """
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    start, end = _day_bounds(date_from, date_to)
    zone = timezone.get_current_timezone()
    totals: dict[tuple[dt.date, str], dict[str, int]] = defaultdict(dict)
    for direction, queryset, time_field in (
        ("inbound", InboundSms.objects.all(), "received_at"),
        ("outbound", OutboundSms.objects.all(), "created_at"),
    ):
        rows = (
            queryset.filter(**{f"{time_field}__gte": start, f"{time_field}__lt": end})
            .annotate(day=TruncDate(time_field, tzinfo=zone))
            .values("day", "operator")
            .annotate(messages=Count("pk"), parts=Sum("parts"), charge=Sum("charge"))
        )
        for row in rows:
            totals[(row["day"], row["operator"])].update(
                {
                    f"{direction}_messages": row["messages"],
                    f"{direction}_parts": row["parts"] or 0,
                    f"{direction}_charge": row["charge"] or 0,
                }
            )
    return [
        BillingRow(day=day, operator=operator, **values)
        for (day, operator), values in sorted(totals.items())
    ]


def messages_from(phone: str) -> QuerySet[InboundSms]:
    """Everything one phone sent, newest first, found through the blind index.

    `phone` is written any way people write one; a malformed one raises `JamsosError`.
    """
    e164 = normalise_phone(phone)
    return InboundSms.objects.filter(msisdn_index=phone_index(e164)).order_by("-received_at")

"""Reads of a participant's JHT account and JP record, for the portal and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum

from jamsos.ledger.models import EntryKind, JhtAccount, JhtEntry, JpMonth
from jamsos.registry.models import Participant


def jht_balance(participant: Participant) -> int:
    """The JHT balance in rupiah: 0 before anything was posted."""
    account = JhtAccount.objects.filter(participant=participant).only("balance").first()
    return 0 if account is None else account.balance


@dataclass(frozen=True)
class JhtStatement:
    """One year of a JHT account, by value date: opening + movements = closing."""

    year: int
    opening: int
    contributions: int
    returns: int
    withdrawals: int
    closing: int
    entries: tuple[JhtEntry, ...]


def jht_statement(participant: Participant, year: int) -> JhtStatement:
    """The yearly statement (PP 46/2015 asks for one at least once a year).

    Contributions are net of reversed postings; withdrawals are shown as a positive
    amount taken out.
    """
    january = dt.date(year, 1, 1)
    entries = JhtEntry.objects.filter(account_id=participant.pk)
    opening = entries.filter(value_date__lt=january).aggregate(t=Sum("amount"))["t"] or 0
    in_year = tuple(
        entries.filter(value_date__gte=january, value_date__lte=dt.date(year, 12, 31)).order_by(
            "value_date", "id"
        )
    )
    contributions = sum(
        e.amount
        for e in in_year
        if e.kind in (EntryKind.CONTRIBUTION, EntryKind.CONTRIBUTION_REVERSAL)
    )
    returns = sum(e.amount for e in in_year if e.kind == EntryKind.RETURN)
    withdrawals = -sum(e.amount for e in in_year if e.kind == EntryKind.WITHDRAWAL)
    return JhtStatement(
        year=year,
        opening=opening,
        contributions=contributions,
        returns=returns,
        withdrawals=withdrawals,
        closing=opening + contributions + returns - withdrawals,
        entries=in_year,
    )


@dataclass(frozen=True)
class JpContributionMonth:
    month: dt.date
    wage_base: int
    amount: int


def jp_contribution_months(participant: Participant) -> list[JpContributionMonth]:
    """Paid JP months with their wage base, for the pension formula (masa iur and wages).

    A month paid by two employers counts once, with the two wage bases added; a posting
    that was reversed does not count.
    """
    rows = (
        JpMonth.objects.filter(participant=participant)
        .values("month")
        .annotate(
            amount=Sum("amount"),
            wage=Sum("wage_base", filter=Q(kind="posted"), default=0)
            - Sum("wage_base", filter=Q(kind="reversed"), default=0),
        )
        .order_by("month")
    )
    return [
        JpContributionMonth(month=row["month"], wage_base=row["wage"], amount=row["amount"])
        for row in rows
        if row["amount"] > 0
    ]

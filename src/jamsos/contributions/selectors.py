"""Reads of contributions and invoices, for the registry, the portals and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from jamsos.contributions.models import ContributionLine, Invoice, InvoiceStatus, Payment
from jamsos.programs.contributions import late_fine, months_late
from jamsos.registry.models import Employer, Participant


def last_paid_month(participant: Participant, *, as_of: dt.date) -> dt.date | None:
    """The latest contribution month whose invoice was settled on or before `as_of`.

    A worker's month is paid when the employer's invoice for it is settled: the worker's
    share was withheld from the wage and is owed by the employer, so a partly paid
    invoice pays no one's month yet.
    """
    return ContributionLine.objects.filter(
        participant=participant, invoice__settled_on__lte=as_of
    ).aggregate(last=Max("month"))["last"]


@dataclass(frozen=True)
class ContributionMonth:
    """One month of one worker's contributions with one employer."""

    month: dt.date
    employer_npp: str
    employer_name: str
    wage: int
    jkk: int
    jkm: int
    jht_employer: int
    jht_worker: int
    jp_employer: int
    jp_worker: int
    total: int
    invoice_number: str
    status: str
    settled_on: dt.date | None

    @property
    def paid(self) -> bool:
        return self.status == InvoiceStatus.PAID

    @property
    def jht(self) -> int:
        return self.jht_employer + self.jht_worker


def contribution_history(
    participant: Participant, *, limit: int | None = None
) -> list[ContributionMonth]:
    """The participant's contributions per month and employer, newest first."""
    lines = (
        ContributionLine.objects.filter(participant=participant)
        .select_related("invoice__employer")
        .order_by("-month", "invoice_id")
    )
    if limit is not None:
        lines = lines[:limit]
    return [
        ContributionMonth(
            month=line.month,
            employer_npp=line.invoice.employer.npp,
            employer_name=line.invoice.employer.name,
            wage=line.wage,
            jkk=line.jkk,
            jkm=line.jkm,
            jht_employer=line.jht_employer,
            jht_worker=line.jht_worker,
            jp_employer=line.jp_employer,
            jp_worker=line.jp_worker,
            total=line.total,
            invoice_number=line.invoice.number,
            status=line.invoice.status,
            settled_on=line.invoice.settled_on,
        )
        for line in lines
    ]


def employer_invoices(employer: Employer) -> QuerySet[Invoice]:
    return Invoice.objects.filter(employer=employer).order_by("-month")


@dataclass(frozen=True)
class PaymentView:
    payment: Payment
    reversed: bool


@dataclass(frozen=True)
class InvoiceStatement:
    """An invoice as the employer sees it on `as_of`.

    `fine_charged` is the fine on contribution already paid late; `fine_accruing` the
    fine the still unpaid contribution would carry if paid on `as_of`.
    """

    invoice: Invoice
    as_of: dt.date
    amount: int
    paid: int
    fine_charged: int
    fine_accruing: int
    contribution_outstanding: int
    outstanding: int
    overpaid: int
    months_late: int
    payments: tuple[PaymentView, ...]


def invoice_statement(invoice: Invoice, *, as_of: dt.date) -> InvoiceStatement:
    payments = tuple(
        PaymentView(payment=p, reversed=getattr(p, "reversal", None) is not None)
        for p in invoice.payments.select_related("reversal").order_by("paid_on", "id")
    )
    contribution_paid = min(invoice.paid_amount, invoice.amount)
    contribution_outstanding = invoice.amount - contribution_paid
    accruing = late_fine(amount=contribution_outstanding, due=invoice.due_date, paid_on=as_of)
    late = 0 if contribution_outstanding == 0 else months_late(due=invoice.due_date, paid_on=as_of)
    return InvoiceStatement(
        invoice=invoice,
        as_of=as_of,
        amount=invoice.amount,
        paid=invoice.paid_amount,
        fine_charged=invoice.fine_amount,
        fine_accruing=accruing,
        contribution_outstanding=contribution_outstanding,
        outstanding=invoice.outstanding + accruing,
        overpaid=invoice.overpaid,
        months_late=late,
        payments=payments,
    )

"""Builders for contribution and ledger tests: hire workers, report wages, pay."""

from __future__ import annotations

import datetime as dt
import itertools

from jamsos.contributions.models import Invoice
from jamsos.contributions.services import (
    PaymentResult,
    WageReportResult,
    WageRow,
    record_payment,
    submit_wage_report,
)
from jamsos.registry.models import Employer, Employment
from tests.factories import SYSTEM, make_nik
from tests.registry.test_enrolment import enrol

TODAY = dt.date(2026, 11, 25)
JUNE = dt.date(2026, 6, 1)
JUNE_DUE = dt.date(2026, 7, 15)
_references = itertools.count(1)


def hire(employer: Employer, wage: int = 5_000_000, **overrides: object) -> Employment:
    overrides.setdefault("full_name", "Budi Santoso")
    return enrol(employer, make_nik(), wage=wage, **overrides).employment


def rows_for(employments: list[Employment], wages: list[int] | None = None) -> list[WageRow]:
    wages = wages or [e.wage for e in employments]
    return [
        WageRow(row=number, nik=e.participant.nik, wage=wage)
        for number, (e, wage) in enumerate(zip(employments, wages, strict=True), start=2)
    ]


def report(
    employer: Employer,
    employments: list[Employment],
    month: dt.date = JUNE,
    wages: list[int] | None = None,
    **overrides: object,
) -> WageReportResult:
    values: dict[str, object] = {
        "employer": employer,
        "month": month,
        "rows": rows_for(employments, wages),
        "actor": SYSTEM,
        "today": TODAY,
    }
    values.update(overrides)
    return submit_wage_report(**values)


def pay(
    invoice: Invoice,
    amount: int | None = None,
    paid_on: dt.date | None = None,
    reference: str | None = None,
) -> PaymentResult:
    return record_payment(
        invoice=invoice,
        bank_reference=reference or f"BANK-{next(_references):06d}",
        amount=invoice.amount if amount is None else amount,
        paid_on=paid_on or invoice.due_date - dt.timedelta(days=5),
        actor=SYSTEM,
        today=TODAY,
    )


def reported_and_paid(
    employer: Employer, employments: list[Employment], month: dt.date = JUNE, **pay_args: object
) -> Invoice:
    invoice = report(employer, employments, month).invoice
    return pay(invoice, **pay_args).invoice

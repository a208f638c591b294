"""Payments against invoices, their reversal, and the invoice's payment summary.

A payment is identified by the bank's reference: recording the same transfer twice
(same reference, invoice and amount) returns the first payment; the same reference with
another amount or invoice is PAYMENT_REFERENCE_CONFLICT. A wrongly recorded payment
is cancelled by a `PaymentReversal` row; payment rows are never edited.

How payments settle an invoice (`summarise`): the payments that are not reversed, in
order of payment date, pay the contribution first. The part of each payment that pays
contribution after the due date carries the late fine for it (2% per started month,
`late_fine`). Whatever is paid beyond the contribution pays the fine, and beyond that is
an over-payment (a credit shown on the invoice). The invoice is settled on the date of
the payment that completes the contribution; only then is it posted to the workers'
JHT accounts. A reversal that un-settles a posted invoice, or moves its settlement
date, reverses the posting in the same transaction (jamsos.ledger.posting.unpost).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.audit.services import record_event
from jamsos.contributions import errors
from jamsos.contributions.models import Invoice, InvoiceStatus, Payment, PaymentReversal
from jamsos.ops.errors import JamsosError
from jamsos.programs.contributions import late_fine, rupiah
from jamsos.registry.services import Actor

MAX_REFERENCE = 64
MAX_REASON = 200


@dataclass(frozen=True)
class PaymentResult:
    payment: Payment
    invoice: Invoice
    # False when this transfer had already been recorded: nothing changed.
    created: bool


@dataclass(frozen=True)
class PaymentSummary:
    paid_amount: int
    fine_amount: int
    settled_on: dt.date | None
    status: str


def summarise(invoice: Invoice, payments: list[tuple[int, dt.date]]) -> PaymentSummary:
    """The invoice's payment state from its (amount, paid_on) payments, not reversed."""
    remaining = invoice.amount
    fine = 0
    settled_on = None
    for amount, paid_on in sorted(payments, key=lambda p: p[1]):
        applied = min(amount, remaining)
        if applied <= 0:
            continue
        fine += late_fine(amount=applied, due=invoice.due_date, paid_on=paid_on)
        remaining -= applied
        if remaining == 0:
            settled_on = paid_on
    if settled_on is not None:
        status = InvoiceStatus.PAID
    elif remaining < invoice.amount:
        status = InvoiceStatus.PARTIAL
    else:
        status = InvoiceStatus.UNPAID
    return PaymentSummary(sum(a for a, _ in payments), fine, settled_on, status)


def _effective_payments(invoice: Invoice) -> list[tuple[int, dt.date]]:
    return list(
        Payment.objects.filter(invoice=invoice, reversal__isnull=True)
        .order_by("paid_on", "id")
        .values_list("amount", "paid_on")
    )


def _resettle(invoice: Invoice) -> None:
    """Bring the invoice's summary (and its posting, if settlement changed) up to date."""
    from jamsos.ledger.posting import unpost

    summary = summarise(invoice, _effective_payments(invoice))
    fields = ["paid_amount", "fine_amount", "settled_on", "status"]
    if summary.settled_on != invoice.settled_on:
        if invoice.settled_on is not None and invoice.posting_cursor > 0:
            unpost(invoice)  # resets the posting columns
            fields += ["posting_cursor", "posted_at"]
        if summary.settled_on is not None:
            invoice.settlement_cycle += 1
            invoice.posting_cursor = 0
            invoice.posted_at = None
            fields += ["settlement_cycle", "posting_cursor", "posted_at"]
    invoice.paid_amount = summary.paid_amount
    invoice.fine_amount = summary.fine_amount
    invoice.settled_on = summary.settled_on
    invoice.status = summary.status
    invoice.save(update_fields=sorted(set(fields)))


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("employer").get(pk=invoice.pk)


def _check_reference(reference: str) -> str:
    if (
        not isinstance(reference, str)
        or not reference
        or reference != reference.strip()
        or len(reference) > MAX_REFERENCE
    ):
        raise JamsosError(errors.PAYMENT_REFERENCE_INVALID, field="bank_reference")
    return reference


def _conflict(existing: Payment, reference: str) -> JamsosError:
    return JamsosError(
        errors.PAYMENT_REFERENCE_CONFLICT,
        field="bank_reference",
        reference=reference,
        amount=rupiah(existing.amount),
        paid_on=existing.paid_on.strftime("%d/%m/%Y"),
        invoice=existing.invoice.number,
    )


def _same_transfer(existing: Payment, invoice: Invoice, amount: int) -> bool:
    # The bank's date is not compared: a re-sent notification may carry the booking date
    # instead of the value date. The first recording's date stands.
    return (existing.invoice_id, existing.amount) == (invoice.pk, amount)


def record_payment(
    *,
    invoice: Invoice,
    bank_reference: str,
    amount: int,
    paid_on: dt.date,
    actor: Actor,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> PaymentResult:
    """Record a bank transfer against an invoice; idempotent by bank reference."""
    reference = _check_reference(bank_reference)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise JamsosError(errors.PAYMENT_AMOUNT_INVALID, field="amount", value=amount)
    today = today or timezone.localdate()
    if not invoice.month <= paid_on <= today:
        raise JamsosError(
            errors.PAYMENT_DATE_INVALID,
            field="paid_on",
            paid_on=paid_on.strftime("%d/%m/%Y"),
            month=f"{invoice.month:%m/%Y}",
            today=today.strftime("%d/%m/%Y"),
        )
    with transaction.atomic():
        invoice = _locked(invoice)
        existing = Payment.objects.select_related("invoice").filter(bank_reference=reference)
        found = existing.first()
        if found is None:
            try:
                with transaction.atomic():
                    payment = Payment.objects.create(
                        invoice=invoice,
                        bank_reference=reference,
                        amount=amount,
                        paid_on=paid_on,
                        recorded_by=_user(actor),
                        channel=actor.channel,
                    )
            except IntegrityError:
                # The same reference was recorded for another invoice at the same moment.
                found = existing.get()
        if found is not None:
            if _same_transfer(found, invoice, amount):
                return PaymentResult(payment=found, invoice=invoice, created=False)
            raise _conflict(found, reference)
        _resettle(invoice)
        record_event(
            actor=actor.user,  # type: ignore[arg-type]
            actor_role=actor.role,
            channel=actor.channel,
            action="payment.record",
            outcome="success",
            request=request,
            details={
                "invoice": invoice.number,
                "bank_reference": reference,
                "amount": amount,
                "paid_on": paid_on.isoformat(),
                "status": invoice.status,
            },
        )
    return PaymentResult(payment=payment, invoice=invoice, created=True)


def reverse_payment(
    *,
    payment: Payment,
    reason: str,
    actor: Actor,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> PaymentReversal:
    """Cancel a wrongly recorded payment with a correcting entry; the payment row stays."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise JamsosError(errors.PAYMENT_REVERSAL_REASON_REQUIRED, field="reason")
    with transaction.atomic():
        invoice = _locked(payment.invoice)
        previous = PaymentReversal.objects.filter(payment=payment).first()
        if previous is not None:
            raise JamsosError(
                errors.PAYMENT_ALREADY_REVERSED,
                field="payment",
                reference=payment.bank_reference,
                reversed_on=previous.reversed_on.strftime("%d/%m/%Y"),
            )
        reversal = PaymentReversal.objects.create(
            payment=payment,
            reason=reason,
            reversed_on=today or timezone.localdate(),
            recorded_by=_user(actor),
            channel=actor.channel,
        )
        was_posted = invoice.posting_cursor > 0
        _resettle(invoice)
        record_event(
            actor=actor.user,  # type: ignore[arg-type]
            actor_role=actor.role,
            channel=actor.channel,
            action="payment.reverse",
            outcome="success",
            request=request,
            purpose=reason,
            details={
                "invoice": invoice.number,
                "bank_reference": payment.bank_reference,
                "amount": payment.amount,
                "status": invoice.status,
                "posting_reversed": was_posted and invoice.posting_cursor == 0,
            },
        )
    return reversal


def _user(actor: Actor) -> object | None:
    user = actor.user
    return user if getattr(user, "is_authenticated", False) else None

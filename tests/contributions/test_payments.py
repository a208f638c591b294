import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from jamsos.audit.models import AuditEvent
from jamsos.contributions.models import AppendOnly, Invoice, Payment, PaymentReversal
from jamsos.contributions.selectors import invoice_statement
from jamsos.contributions.services import record_payment, reverse_payment
from jamsos.ops.errors import JamsosError
from jamsos.programs.contributions import late_fine
from tests.contributions.support import JUNE_DUE, TODAY, hire, pay, report
from tests.factories import SYSTEM, make_employer
from tests.registry.test_enrolment import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice() -> Invoice:
    employer = make_employer()
    workers = [hire(employer, wage) for wage in (4_000_000, 5_000_000, 12_000_000)]
    return report(employer, workers).invoice


def test_a_full_payment_on_time_settles_the_invoice_without_fine(invoice):
    result = pay(invoice, paid_on=dt.date(2026, 7, 10))

    assert result.created
    paid = result.invoice
    assert paid.status == "paid" and paid.settled_on == dt.date(2026, 7, 10)
    assert (paid.paid_amount, paid.fine_amount, paid.outstanding, paid.overpaid) == (
        invoice.amount,
        0,
        0,
        0,
    )
    assert paid.settlement_cycle == 1


def test_the_same_transfer_recorded_twice_is_one_payment(invoice):
    first = pay(invoice, reference="TRF-0001")
    again = pay(invoice, reference="TRF-0001")

    assert not again.created
    assert again.payment.pk == first.payment.pk
    assert Payment.objects.count() == 1
    assert Invoice.objects.get(pk=invoice.pk).paid_amount == invoice.amount
    assert AuditEvent.objects.filter(action="payment.record").count() == 1


def test_a_reference_reused_with_another_amount_is_a_conflict_and_changes_nothing(invoice):
    pay(invoice, amount=1_000_000, reference="TRF-0002")

    with pytest.raises(JamsosError) as refused:
        pay(invoice, amount=2_000_000, reference="TRF-0002")

    assert refused.value.code == "PAYMENT_REFERENCE_CONFLICT"
    assert "Rp1.000.000" in refused.value.message("id")
    assert Payment.objects.count() == 1
    assert Invoice.objects.get(pk=invoice.pk).paid_amount == 1_000_000


def test_a_reference_reused_for_another_invoice_is_a_conflict(invoice):
    employer = make_employer()
    other = report(employer, [hire(employer)]).invoice
    pay(invoice, reference="TRF-0003")

    with pytest.raises(JamsosError) as refused:
        pay(other, amount=invoice.amount, reference="TRF-0003")

    assert refused.value.code == "PAYMENT_REFERENCE_CONFLICT"


def test_instalments_leave_it_partly_paid_until_the_last_one_settles_it(invoice):
    first = pay(invoice, amount=1_000_000, paid_on=dt.date(2026, 7, 1)).invoice
    assert (first.status, first.settled_on, first.outstanding) == (
        "partial",
        None,
        invoice.amount - 1_000_000,
    )

    last = pay(invoice, amount=invoice.amount - 1_000_000, paid_on=dt.date(2026, 7, 14)).invoice

    assert last.status == "paid"
    assert last.settled_on == dt.date(2026, 7, 14)  # the last instalment's date
    assert last.outstanding == 0


def test_an_over_payment_is_kept_and_shown_as_a_credit(invoice):
    paid = pay(invoice, amount=invoice.amount + 75_000).invoice

    assert paid.status == "paid"
    assert paid.overpaid == 75_000
    statement = invoice_statement(paid, as_of=TODAY)
    assert statement.overpaid == 75_000 and statement.outstanding == 0


def test_a_late_payment_adds_two_percent_of_the_late_part_per_started_month(invoice):
    on_time = 1_000_000
    late = invoice.amount - on_time
    pay(invoice, amount=on_time, paid_on=JUNE_DUE)
    # 16 August is one month and a day after 15 July: two started months.
    paid = pay(invoice, amount=late, paid_on=dt.date(2026, 8, 16)).invoice

    expected_fine = (late * 4 + 50) // 100  # 2% × 2 months, rounded half up
    assert paid.fine_amount == expected_fine
    assert paid.fine_amount == late_fine(amount=late, due=JUNE_DUE, paid_on=dt.date(2026, 8, 16))
    assert paid.status == "paid"  # the contribution is paid; the fine is still owed
    assert paid.outstanding == expected_fine

    settled_fine = pay(invoice, amount=expected_fine, paid_on=dt.date(2026, 9, 1)).invoice
    assert settled_fine.outstanding == 0 and settled_fine.overpaid == 0


def test_an_unpaid_invoice_shows_the_fine_it_is_accruing(invoice):
    statement = invoice_statement(invoice, as_of=dt.date(2026, 9, 20))

    assert statement.months_late == 3
    assert statement.fine_accruing == late_fine(
        amount=invoice.amount, due=JUNE_DUE, paid_on=dt.date(2026, 9, 20)
    )
    assert statement.outstanding == invoice.amount + statement.fine_accruing


def test_a_reversal_is_a_correcting_entry_that_unsettles_the_invoice(invoice):
    wrong = pay(invoice, reference="TRF-WRONG").payment

    reversal = reverse_payment(payment=wrong, reason="booked to the wrong company", actor=SYSTEM)

    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_amount, invoice.settled_on) == ("unpaid", 0, None)
    assert Payment.objects.get(pk=wrong.pk).amount == wrong.amount  # untouched
    assert reversal.payment_id == wrong.pk
    statement = invoice_statement(invoice, as_of=TODAY)
    assert [(p.payment.bank_reference, p.reversed) for p in statement.payments] == [
        ("TRF-WRONG", True)
    ]
    assert AuditEvent.objects.filter(action="payment.reverse").count() == 1


def test_a_payment_cannot_be_reversed_twice(invoice):
    payment = pay(invoice).payment
    reverse_payment(payment=payment, reason="duplicate import", actor=SYSTEM)

    with pytest.raises(JamsosError) as refused:
        reverse_payment(payment=payment, reason="again", actor=SYSTEM)

    assert refused.value.code == "PAYMENT_ALREADY_REVERSED"
    assert PaymentReversal.objects.count() == 1


def test_a_reversal_needs_a_reason(invoice):
    payment = pay(invoice).payment
    with pytest.raises(JamsosError) as refused:
        reverse_payment(payment=payment, reason="  ", actor=SYSTEM)
    assert refused.value.code == "PAYMENT_REVERSAL_REASON_REQUIRED"


def test_reversing_an_earlier_instalment_moves_the_settlement_and_the_fine(invoice):
    early = pay(invoice, amount=1_000_000, paid_on=dt.date(2026, 7, 1)).payment
    pay(invoice, amount=invoice.amount - 1_000_000, paid_on=dt.date(2026, 7, 10))
    pay(invoice, amount=1_000_000, paid_on=dt.date(2026, 8, 3))

    reverse_payment(payment=early, reason="bounced", actor=SYSTEM)

    invoice.refresh_from_db()
    assert invoice.settled_on == dt.date(2026, 8, 3)
    assert invoice.fine_amount == late_fine(
        amount=1_000_000, due=JUNE_DUE, paid_on=dt.date(2026, 8, 3)
    )
    assert invoice.settlement_cycle == 2


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"amount": 0}, "PAYMENT_AMOUNT_INVALID"),
        ({"amount": 10.5}, "PAYMENT_AMOUNT_INVALID"),
        ({"bank_reference": ""}, "PAYMENT_REFERENCE_INVALID"),
        ({"bank_reference": " TRF"}, "PAYMENT_REFERENCE_INVALID"),
        ({"paid_on": dt.date(2026, 11, 26)}, "PAYMENT_DATE_INVALID"),
        ({"paid_on": dt.date(2026, 5, 31)}, "PAYMENT_DATE_INVALID"),
    ],
)
def test_impossible_payments_are_refused(invoice, changes, code):
    values = {
        "invoice": invoice,
        "bank_reference": "TRF-9",
        "amount": 1_000,
        "paid_on": dt.date(2026, 7, 1),
        "actor": SYSTEM,
        "today": TODAY,
    }
    values.update(changes)
    with pytest.raises(JamsosError) as refused:
        record_payment(**values)
    assert refused.value.code == code
    assert Payment.objects.count() == 0


def test_payment_rows_cannot_be_edited_or_deleted(invoice, database_engine):
    payment = pay(invoice).payment

    with pytest.raises(AppendOnly):
        payment.save()
    with pytest.raises(AppendOnly):
        Payment.objects.filter(pk=payment.pk).update(amount=1)
    with pytest.raises(AppendOnly):
        payment.delete()
    if database_engine == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE contributions_payment SET amount = 1")


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_transfer_recorded_at_once_from_two_invoices_is_recorded_once():
    employer = make_employer()
    first = report(employer, [hire(employer)]).invoice
    second = report(employer, [hire(employer)], month=dt.date(2026, 7, 1)).invoice

    def send(invoice):
        return pay(invoice, amount=first.amount, reference="TRF-RACE").created

    outcomes = run_at_once(send, [first, second, first, second])

    assert Payment.objects.count() == 1
    conflicts = [o for o in outcomes if isinstance(o, JamsosError)]
    assert {o.code for o in conflicts} == {"PAYMENT_REFERENCE_CONFLICT"}
    assert outcomes.count(True) == 1


def test_a_transfer_notified_again_with_another_date_is_still_one_payment(invoice):
    first = pay(invoice, reference="TRF-0004", paid_on=dt.date(2026, 7, 10))
    again = pay(invoice, reference="TRF-0004", paid_on=dt.date(2026, 7, 11))

    assert not again.created
    assert again.payment.paid_on == first.payment.paid_on == dt.date(2026, 7, 10)

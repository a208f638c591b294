import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from jamsos.contributions.models import AppendOnly, Invoice
from jamsos.contributions.services import reverse_payment
from jamsos.ledger.models import EntryKind, JhtAccount, JhtEntry, JpMonth
from jamsos.ledger.posting import post_settled_invoices
from jamsos.ledger.selectors import jht_balance, jp_contribution_months
from jamsos.ledger.verify import verify_ledger
from tests.contributions.support import JUNE, hire, pay, report, reported_and_paid
from tests.factories import SYSTEM, make_employer

pytestmark = pytest.mark.django_db


def balances() -> dict[int, int]:
    return dict(JhtAccount.objects.values_list("participant_id", "balance"))


def test_posting_credits_each_worker_both_jht_shares_and_records_the_jp_month():
    employer = make_employer()
    workers = [hire(employer, wage) for wage in (5_000_000, 15_000_000)]
    invoice = reported_and_paid(employer, workers, paid_on=dt.date(2026, 7, 10))

    summary = post_settled_invoices()

    assert (summary.invoices, summary.lines) == (1, 2)
    for line in invoice.lines.all():
        entry = JhtEntry.objects.get(source_line=line)
        assert entry.amount == line.jht_employer + line.jht_worker
        assert entry.account_id == line.participant_id
        assert entry.value_date == dt.date(2026, 7, 10)
        assert jht_balance(line.participant) == line.jht
        [jp] = jp_contribution_months(line.participant)
        assert (jp.month, jp.wage_base, jp.amount) == (JUNE, line.jp_base, line.jp)
    invoice.refresh_from_db()
    assert invoice.posted_at is not None
    assert verify_ledger().ok


def test_posting_again_changes_nothing():
    employer = make_employer()
    reported_and_paid(employer, [hire(employer) for _ in range(3)])
    post_settled_invoices()
    before = (balances(), JhtEntry.objects.count(), JpMonth.objects.count())

    again = post_settled_invoices()

    assert again.lines == 0
    assert (balances(), JhtEntry.objects.count(), JpMonth.objects.count()) == before


def test_an_invoice_not_yet_settled_is_not_posted():
    employer = make_employer()
    invoice = report(employer, [hire(employer)]).invoice
    pay(invoice, amount=invoice.amount - 1)

    assert post_settled_invoices().lines == 0
    assert JhtEntry.objects.count() == 0
    assert verify_ledger().ok


def test_a_large_invoice_posted_in_small_chunks_gives_the_same_balances():
    employer = make_employer()
    workers = [hire(employer, 3_000_000 + 100_000 * k) for k in range(7)]
    reported_and_paid(employer, workers)
    small = make_employer()
    reported_and_paid(small, [hire(small)])
    chunks = []

    summary = post_settled_invoices(chunk_size=3, on_chunk=lambda n, lines, done: chunks.append(n))

    assert summary.lines == 8 and summary.chunks == len(chunks) == 4
    assert len(balances()) == 8
    assert verify_ledger().ok


def test_an_invoice_half_posted_is_finished_from_its_cursor():
    employer = make_employer()
    invoice = reported_and_paid(employer, [hire(employer) for _ in range(5)])
    calls = []

    def stop_after_first_chunk(number, lines, done):
        calls.append(number)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        post_settled_invoices(chunk_size=2, on_chunk=stop_after_first_chunk)
    invoice.refresh_from_db()
    assert invoice.posting_cursor > 0 and invoice.posted_at is None
    assert not verify_ledger().ok  # paid but not fully posted

    post_settled_invoices(chunk_size=2)

    assert JhtEntry.objects.count() == 5
    assert verify_ledger().ok


def test_posting_many_invoices_takes_a_fixed_number_of_queries_per_chunk(
    django_assert_max_num_queries,
):
    for _ in range(6):
        employer = make_employer()
        reported_and_paid(employer, [hire(employer) for _ in range(3)])

    with django_assert_max_num_queries(12):
        summary = post_settled_invoices(chunk_size=1000)

    assert (summary.invoices, summary.lines, summary.chunks) == (6, 18, 1)


def test_reversing_the_payment_of_a_posted_invoice_reverses_its_posting():
    employer = make_employer()
    workers = [hire(employer) for _ in range(2)]
    invoice = report(employer, workers).invoice
    wrong = pay(invoice, reference="TRF-WRONG").payment
    post_settled_invoices()

    reverse_payment(payment=wrong, reason="transfer bounced", actor=SYSTEM)

    assert set(balances().values()) == {0}
    reversals = JhtEntry.objects.filter(kind=EntryKind.CONTRIBUTION_REVERSAL)
    assert reversals.count() == 2
    assert all(jp_contribution_months(w.participant) == [] for w in workers)
    assert verify_ledger().ok

    pay(invoice, reference="TRF-RIGHT", paid_on=dt.date(2026, 7, 20))
    post_settled_invoices()

    invoice.refresh_from_db()
    assert invoice.settlement_cycle == 2
    line = invoice.lines.first()
    assert jht_balance(line.participant) == line.jht
    assert JhtEntry.objects.filter(kind=EntryKind.CONTRIBUTION).count() == 4  # two cycles
    assert verify_ledger().ok


def test_a_worker_with_two_employers_in_a_month_gets_both_postings():
    first, second = make_employer(), make_employer()
    worker = hire(first, 4_000_000)
    from tests.registry.test_enrolment import enrol

    other = enrol(second, worker.participant.nik, wage=6_000_000).employment
    reported_and_paid(first, [worker])
    reported_and_paid(second, [other])

    post_settled_invoices()

    lines = worker.participant.contribution_lines.all()
    assert jht_balance(worker.participant) == sum(line.jht for line in lines)
    [jp] = jp_contribution_months(worker.participant)
    assert jp.wage_base == 10_000_000


def test_ledger_rows_cannot_be_edited_or_deleted(database_engine):
    employer = make_employer()
    reported_and_paid(employer, [hire(employer)])
    post_settled_invoices()
    entry = JhtEntry.objects.get()

    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        JhtEntry.objects.update(amount=1)
    if database_engine == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM ledger_jht_entry")


def test_an_invoice_posted_is_marked_with_its_last_line():
    employer = make_employer()
    invoice = reported_and_paid(employer, [hire(employer) for _ in range(2)])
    post_settled_invoices()

    invoice = Invoice.objects.get(pk=invoice.pk)
    assert invoice.posting_cursor == invoice.lines.order_by("-id")[0].id


def test_reversing_a_payment_while_its_posting_is_half_done_reverses_the_posted_half():
    employer = make_employer()
    invoice = report(employer, [hire(employer) for _ in range(5)]).invoice
    payment = pay(invoice).payment

    def stop(number, lines, done):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        post_settled_invoices(chunk_size=2, on_chunk=stop)
    assert JhtEntry.objects.count() == 2

    reverse_payment(payment=payment, reason="wrong company", actor=SYSTEM)

    assert set(balances().values()) == {0}
    assert post_settled_invoices().lines == 0
    assert verify_ledger().ok


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_posting_runs_at_once_post_every_line_once():
    from tests.registry.test_enrolment import run_at_once

    for _ in range(3):
        employer = make_employer()
        reported_and_paid(employer, [hire(employer) for _ in range(7)])

    outcomes = run_at_once(lambda size: post_settled_invoices(chunk_size=size), [2, 3, 5, 4])

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sum(o.lines for o in outcomes) >= 21
    assert JhtEntry.objects.count() == 21
    assert verify_ledger().ok


def test_the_background_task_posts_the_invoices_it_is_given():
    from jamsos.ledger.tasks import post_invoices

    employer = make_employer()
    first = reported_and_paid(employer, [hire(employer)])
    reported_and_paid(employer, [hire(employer)], month=dt.date(2026, 7, 1))

    result = post_invoices.enqueue([first.pk])

    assert result.return_value == 1
    assert JhtEntry.objects.count() == 1

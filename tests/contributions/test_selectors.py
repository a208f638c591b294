import datetime as dt

import pytest

from jamsos.contributions.selectors import contribution_history, last_paid_month
from jamsos.ledger.posting import post_settled_invoices
from jamsos.ledger.selectors import jht_balance, jht_statement, jp_contribution_months
from tests.contributions.support import JUNE, TODAY, hire, pay, report, reported_and_paid
from tests.factories import make_employer
from tests.registry.test_enrolment import enrol

pytestmark = pytest.mark.django_db
JULY = dt.date(2026, 7, 1)


def test_the_contribution_history_lists_each_month_and_employer_newest_first():
    first, second = make_employer(name="PT Satu"), make_employer(name="PT Dua")
    worker = hire(first, 5_000_000)
    other = enrol(second, worker.participant.nik, wage=3_000_000).employment
    reported_and_paid(first, [worker], month=JUNE)
    report(first, [worker], month=JULY)
    reported_and_paid(second, [other], month=JULY)

    history = contribution_history(worker.participant)

    assert [(m.month, m.employer_name, m.wage, m.paid) for m in history] == [
        (JULY, "PT Satu", 5_000_000, False),
        (JULY, "PT Dua", 3_000_000, True),
        (JUNE, "PT Satu", 5_000_000, True),
    ]
    june = history[-1]
    assert june.jht == 285_000 and june.total == june.jkk + june.jkm + 285_000 + 150_000
    assert june.settled_on is not None


def test_the_history_takes_one_query_however_long_it_is(django_assert_num_queries):
    employer = make_employer()
    worker = hire(employer)
    for month in range(1, 7):
        report(employer, [worker], month=dt.date(2026, month, 1))

    with django_assert_num_queries(1):
        history = contribution_history(worker.participant)

    assert len(history) == 6


def test_a_month_counts_as_paid_from_the_day_its_invoice_is_settled():
    employer = make_employer()
    worker = hire(employer)
    invoice = report(employer, [worker]).invoice
    pay(invoice, amount=invoice.amount - 1, paid_on=dt.date(2026, 7, 5))
    assert last_paid_month(worker.participant, as_of=TODAY) is None

    pay(invoice, amount=1, paid_on=dt.date(2026, 7, 20))

    assert last_paid_month(worker.participant, as_of=dt.date(2026, 7, 19)) is None
    assert last_paid_month(worker.participant, as_of=dt.date(2026, 7, 20)) == JUNE


def test_balance_statement_and_jp_months_before_anything_is_posted_are_empty():
    employer = make_employer()
    worker = hire(employer)
    reported_and_paid(employer, [worker])

    assert jht_balance(worker.participant) == 0
    assert jht_statement(worker.participant, 2026).closing == 0
    assert jp_contribution_months(worker.participant) == []

    post_settled_invoices()

    assert jht_balance(worker.participant) == 285_000
    statement = jht_statement(worker.participant, 2026)
    assert (statement.opening, statement.contributions, statement.closing) == (0, 285_000, 285_000)
    assert [(m.month, m.wage_base) for m in jp_contribution_months(worker.participant)] == [
        (JUNE, 5_000_000)
    ]

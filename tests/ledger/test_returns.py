import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jamsos.audit.models import AuditEvent
from jamsos.ledger.models import EntryKind, JhtAccount, JhtEntry, YearlyReturn
from jamsos.ledger.posting import post_settled_invoices
from jamsos.ledger.returns import credit_return
from jamsos.ledger.selectors import jht_balance, jht_statement
from jamsos.ledger.verify import verify_ledger
from jamsos.ops.errors import JamsosError
from tests.contributions.support import TODAY, hire, pay, report, reported_and_paid
from tests.factories import SYSTEM, make_employer

pytestmark = pytest.mark.django_db
JHT_OF_5M = 285_000  # 3.7% + 2% of Rp5,000,000


def _paid_month(employer, workers, month: dt.date, paid_on: dt.date) -> None:
    reported_and_paid(employer, workers, month=month, paid_on=paid_on)


@pytest.fixture
def worker():
    """One worker, Rp5,000,000 a month, paid for four months around 2025."""
    employer = make_employer()
    worker = hire(employer, 5_000_000)
    _paid_month(employer, [worker], dt.date(2024, 6, 1), dt.date(2024, 7, 10))  # opening
    _paid_month(employer, [worker], dt.date(2025, 2, 1), dt.date(2025, 3, 10))  # 10 month-ends
    _paid_month(employer, [worker], dt.date(2025, 11, 1), dt.date(2025, 12, 5))  # 1 month-end
    _paid_month(employer, [worker], dt.date(2025, 12, 1), dt.date(2026, 1, 10))  # next year
    post_settled_invoices()
    return worker


def credit(year: int = 2025, rate: str = "5.63", **options):
    return credit_return(year=year, rate_percent=rate, actor=SYSTEM, today=TODAY, **options)


def reference_return(account_id: int, year: int, rate: Decimal) -> int:
    """Month by month, as the method says: Σ month-end balance × R / 1200, half up."""
    entries = list(
        JhtEntry.objects.filter(account_id=account_id)
        .exclude(kind=EntryKind.RETURN, year=year)
        .values_list("value_date", "amount")
    )
    total = Decimal(0)
    for month in range(1, 13):
        month_end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        total += sum(amount for day, amount in entries if day <= month_end)
    return int((total * rate / 1200).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_the_return_is_the_average_of_the_twelve_month_end_balances_times_the_rate(worker):
    declared = credit()

    # (12 + 10 + 1) month-ends × 285,000 × 5.63% / 12 = 30,753.875
    entry = JhtEntry.objects.get(kind=EntryKind.RETURN)
    assert entry.amount == 30_754 == reference_return(worker.participant_id, 2025, Decimal("5.63"))
    assert entry.value_date == dt.date(2025, 12, 31) and entry.year == 2025
    assert (declared.accounts_credited, declared.total_credited) == (1, 30_754)
    assert declared.completed_at is not None
    assert jht_balance(worker.participant) == 4 * JHT_OF_5M + 30_754
    assert verify_ledger().ok


def test_the_yearly_statement_adds_up(worker):
    credit()

    statement = jht_statement(worker.participant, 2025)

    assert (statement.opening, statement.contributions, statement.returns) == (
        JHT_OF_5M,
        2 * JHT_OF_5M,
        30_754,
    )
    assert statement.withdrawals == 0
    assert statement.closing == 3 * JHT_OF_5M + 30_754
    assert jht_statement(worker.participant, 2026).opening == statement.closing


def test_running_it_again_credits_nothing_more(worker):
    credit()
    again = credit()

    assert JhtEntry.objects.filter(kind=EntryKind.RETURN).count() == 1
    assert again.total_credited == 30_754
    assert AuditEvent.objects.filter(action="jht.return.credit").count() == 1


def test_an_interrupted_run_resumes_and_credits_each_account_once():
    employer = make_employer()
    workers = [hire(employer, 3_000_000 + 250_000 * k) for k in range(5)]
    _paid_month(employer, workers, dt.date(2025, 4, 1), dt.date(2025, 5, 12))
    _paid_month(employer, workers[:3], dt.date(2025, 8, 1), dt.date(2025, 9, 1))
    post_settled_invoices()

    def crash_after_first_chunk(accounts, amount, cursor):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        credit(chunk_size=2, on_chunk=crash_after_first_chunk)
    assert JhtEntry.objects.filter(kind=EntryKind.RETURN).count() == 2
    assert YearlyReturn.objects.get().completed_at is None

    declared = credit(chunk_size=2)

    rate = Decimal("5.63")
    expected = {w.participant_id: reference_return(w.participant_id, 2025, rate) for w in workers}
    credited = dict(
        JhtEntry.objects.filter(kind=EntryKind.RETURN).values_list("account_id", "amount")
    )
    assert credited == expected
    assert declared.accounts_credited == 5
    assert declared.total_credited == sum(expected.values())
    assert verify_ledger().ok


def test_another_rate_for_a_year_already_declared_is_refused(worker):
    credit(rate="5.63")

    with pytest.raises(JamsosError) as refused:
        credit(rate="6")

    assert refused.value.code == "JHT_RETURN_RATE_CONFLICT"
    assert "5.63%" in refused.value.message("en")


@pytest.mark.parametrize("rate", ["0", "-1", "101", "abc", "5.123456", "NaN"])
def test_an_impossible_rate_is_refused(rate):
    with pytest.raises(JamsosError) as refused:
        credit(rate=rate)
    assert refused.value.code == "JHT_RETURN_RATE_INVALID"


def test_a_year_that_has_not_ended_cannot_be_credited():
    with pytest.raises(JamsosError) as refused:
        credit(year=2026)
    assert refused.value.code == "JHT_RETURN_YEAR_NOT_ENDED"


def test_settled_invoices_waiting_to_be_posted_hold_the_return_back():
    employer = make_employer()
    reported_and_paid(employer, [hire(employer)], month=dt.date(2025, 5, 1))

    with pytest.raises(JamsosError) as refused:
        credit()

    assert refused.value.code == "LEDGER_POSTING_PENDING"
    assert YearlyReturn.objects.count() == 0


def test_an_account_empty_during_the_year_gets_no_entry():
    employer = make_employer()
    worker = hire(employer)
    invoice = report(employer, [worker], month=dt.date(2025, 12, 1)).invoice
    pay(invoice, paid_on=dt.date(2026, 1, 5))
    post_settled_invoices()

    declared = credit()

    assert declared.accounts_credited == 0
    assert JhtAccount.objects.count() == 1


def test_crediting_many_accounts_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    employer = make_employer()
    _paid_month(
        employer, [hire(employer) for _ in range(12)], dt.date(2025, 3, 1), dt.date(2025, 4, 1)
    )
    post_settled_invoices()

    # One chunk: the declaration, the chunk's handful of statements, the completion.
    with django_assert_max_num_queries(26):
        declared = credit(chunk_size=1000)

    assert declared.accounts_credited == 12


def test_the_command_credits_and_reports_each_chunk(worker):
    out = StringIO()

    call_command("jht", "credit-return", "--year", "2025", "--rate", "5.63", stdout=out)

    assert "credited 1 accounts" in out.getvalue()
    assert "Rp30,754" in out.getvalue()


def test_the_command_refuses_with_the_error_code():
    with pytest.raises(CommandError) as refused:
        call_command("jht", "credit-return", "--year", "2025", "--rate", "0")
    assert refused.value.returncode == 2
    assert "JHT_RETURN_RATE_INVALID (--rate)" in str(refused.value)

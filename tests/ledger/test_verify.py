import contextlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jamsos.ledger.models import JhtAccount, JhtEntry
from jamsos.ledger.posting import post_settled_invoices
from jamsos.ledger.verify import verify_ledger
from tests.contributions.support import hire, report, reported_and_paid
from tests.factories import make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    employer = make_employer()
    workers = [hire(employer, wage) for wage in (4_000_000, 6_000_000, 9_000_000)]
    invoice = reported_and_paid(employer, workers)
    post_settled_invoices()
    return invoice


@contextlib.contextmanager
def as_an_attacker(database_engine):
    """Raw SQL past the application; on PostgreSQL with the append-only triggers off."""
    with connection.cursor() as cursor:
        if database_engine == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if database_engine == "postgresql":
                cursor.execute("RESET session_replication_role")


def test_clean_books_verify_and_the_command_says_ok(books):
    out = StringIO()
    call_command("ledger", "verify", stdout=out)
    assert out.getvalue().startswith("OK: 3 accounts, 3 entries, 1 invoices")


def test_a_tampered_balance_is_found(books, database_engine):
    account = JhtAccount.objects.order_by("pk").first()
    with as_an_attacker(database_engine) as cursor:
        cursor.execute(
            "UPDATE ledger_jht_account SET balance = balance + 1000000 WHERE participant_id = %s",
            [account.pk],
        )

    report = verify_ledger()

    assert [p for p in report.problems if p.startswith(f"account {account.pk}:")]
    assert len(report.problems) == 1


def test_a_tampered_entry_is_found_even_with_the_balance_adjusted_to_match(books, database_engine):
    entry = JhtEntry.objects.order_by("pk").first()
    with as_an_attacker(database_engine) as cursor:
        cursor.execute("UPDATE ledger_jht_entry SET amount = amount * 2 WHERE id = %s", [entry.pk])
        cursor.execute(
            "UPDATE ledger_jht_account SET balance = balance * 2 WHERE participant_id = %s",
            [entry.account_id],
        )

    report = verify_ledger()

    assert report.problems == [
        f"line {entry.source_line_id} (invoice {books.number}): JHT entries net "
        f"{2 * entry.amount}, expected {entry.amount}"
    ]


def test_an_entry_moved_to_another_account_is_found(books, database_engine):
    first, second = JhtEntry.objects.order_by("pk")[:2]
    with as_an_attacker(database_engine) as cursor:
        cursor.execute(
            "UPDATE ledger_jht_entry SET account_id = %s WHERE id = %s",
            [second.account_id, first.pk],
        )

    problems = verify_ledger().problems

    assert any("in another worker's account" in p for p in problems)
    assert sum(p.startswith("account ") for p in problems) == 2


def test_a_deleted_entry_is_found(books, database_engine):
    entry = JhtEntry.objects.order_by("pk").first()
    with as_an_attacker(database_engine) as cursor:
        cursor.execute("DELETE FROM ledger_jht_entry WHERE id = %s", [entry.pk])

    problems = verify_ledger().problems

    assert any(p.startswith(f"line {entry.source_line_id} ") for p in problems)
    assert any(p.startswith(f"account {entry.account_id}:") for p in problems)


def test_a_paid_invoice_not_posted_fails_verification_and_the_command_exits_1(books):
    employer = make_employer()
    waiting = reported_and_paid(employer, [hire(employer)])
    err = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("ledger", "verify", stderr=err)

    assert failed.value.returncode == 1
    assert f"invoice {waiting.number}: paid on" in err.getvalue()
    assert "not fully posted" in err.getvalue()


def test_an_invoice_that_no_longer_matches_its_lines_is_found(books, database_engine):
    with as_an_attacker(database_engine) as cursor:
        cursor.execute(
            "UPDATE contributions_invoice SET employer_amount = employer_amount - 1, "
            "amount = amount - 1 WHERE id = %s",
            [books.pk],
        )

    problems = verify_ledger().problems

    assert any(p.startswith(f"invoice {books.number}: 3 workers") for p in problems)


def test_an_unpaid_invoice_needs_no_posting():
    employer = make_employer()
    report(employer, [hire(employer)])
    assert verify_ledger().ok

"""`jamsos ledger verify`: prove the books add up.

Checks, each one set-based query over the whole ledger:
  1. every stored JHT balance equals the sum of its account's entries;
  2. every contribution line's JHT entries net to its JHT shares if its invoice is paid
     and posted (to zero otherwise), and sit in the line's own worker's account; the
     same for its JP months;
  3. every paid invoice is fully posted;
  4. every invoice equals the sum of its lines, and its paid amount the sum of its
     payments that are not reversed.
A posting that ran twice, a lost chunk, an edited entry or an edited balance each break
one of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from jamsos.contributions.models import (
    ContributionLine,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentReversal,
)
from jamsos.ledger.models import JhtAccount, JhtEntry, JpMonth

ACCOUNT = JhtAccount._meta.db_table
ENTRY = JhtEntry._meta.db_table
JP = JpMonth._meta.db_table
LINE = ContributionLine._meta.db_table
INVOICE = Invoice._meta.db_table
PAYMENT = Payment._meta.db_table
REVERSAL = PaymentReversal._meta.db_table
SHOWN_PER_CHECK = 50


@dataclass
class LedgerReport:
    accounts: int = 0
    entries: int = 0
    invoices: int = 0
    problems: list[str] = field(default_factory=list)
    # Problems found beyond those listed, per check.
    not_shown: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(cursor, sql: str, params: list | None = None) -> list[tuple]:
    cursor.execute(sql, params or [])
    return cursor.fetchall()


def _add(report: LedgerReport, rows: list[tuple], describe) -> None:
    report.problems.extend(describe(row) for row in rows[:SHOWN_PER_CHECK])
    report.not_shown += max(len(rows) - SHOWN_PER_CHECK, 0)


def verify_ledger() -> LedgerReport:
    report = LedgerReport()
    paid = InvoiceStatus.PAID.value
    with connection.cursor() as cursor:
        report.accounts = _rows(cursor, f"SELECT COUNT(*) FROM {ACCOUNT}")[0][0]  # noqa: S608
        report.entries = _rows(cursor, f"SELECT COUNT(*) FROM {ENTRY}")[0][0]  # noqa: S608
        report.invoices = _rows(cursor, f"SELECT COUNT(*) FROM {INVOICE}")[0][0]  # noqa: S608

        balances = _rows(
            cursor,
            f"SELECT a.participant_id, a.balance, COALESCE(s.total, 0) FROM {ACCOUNT} a "  # noqa: S608
            f"LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM {ENTRY} "
            "GROUP BY account_id) s ON s.account_id = a.participant_id "
            "WHERE a.balance <> COALESCE(s.total, 0) ORDER BY a.participant_id",
        )
        _add(
            report,
            balances,
            lambda r: f"account {r[0]}: stored balance {r[1]} but its entries sum to {int(r[2])}",
        )

        # What each line should have: its shares when its invoice is posted up to it.
        posted = f"(i.status = '{paid}' AND l.id <= i.posting_cursor)"
        lines = _rows(
            cursor,
            f"SELECT l.id, i.number, CASE WHEN {posted} THEN l.jht_employer + l.jht_worker "  # noqa: S608
            "ELSE 0 END AS expected, COALESCE(s.net, 0), COALESCE(s.strangers, 0) "
            f"FROM {LINE} l JOIN {INVOICE} i ON i.id = l.invoice_id "
            "LEFT JOIN (SELECT e.source_line_id, SUM(e.amount) AS net, "
            "  SUM(CASE WHEN e.account_id <> l2.participant_id THEN 1 ELSE 0 END) AS strangers "
            f"  FROM {ENTRY} e JOIN {LINE} l2 ON l2.id = e.source_line_id "
            "  GROUP BY e.source_line_id) s ON s.source_line_id = l.id "
            f"WHERE COALESCE(s.net, 0) <> CASE WHEN {posted} THEN l.jht_employer + l.jht_worker "
            "ELSE 0 END OR COALESCE(s.strangers, 0) > 0 ORDER BY l.id",
        )
        _add(
            report,
            lines,
            lambda r: (
                f"line {r[0]} (invoice {r[1]}): JHT entries net {int(r[3])}, expected {r[2]}"
                + (f"; {int(r[4])} entry(ies) in another worker's account" if r[4] else "")
            ),
        )

        jp = _rows(
            cursor,
            f"SELECT l.id, i.number, CASE WHEN {posted} THEN l.jp_employer + l.jp_worker "  # noqa: S608
            "ELSE 0 END, COALESCE(s.net, 0) "
            f"FROM {LINE} l JOIN {INVOICE} i ON i.id = l.invoice_id "
            f"LEFT JOIN (SELECT source_line_id, SUM(amount) AS net FROM {JP} "
            "  GROUP BY source_line_id) s ON s.source_line_id = l.id "
            f"WHERE COALESCE(s.net, 0) <> CASE WHEN {posted} THEN l.jp_employer + l.jp_worker "
            "ELSE 0 END ORDER BY l.id",
        )
        _add(
            report,
            jp,
            lambda r: f"line {r[0]} (invoice {r[1]}): JP months net {int(r[3])}, expected {r[2]}",
        )

        unposted = _rows(
            cursor,
            f"SELECT number, settled_on FROM {INVOICE} "  # noqa: S608
            f"WHERE status = '{paid}' AND posted_at IS NULL ORDER BY id",
        )
        _add(
            report,
            unposted,
            lambda r: (
                f"invoice {r[0]}: paid on {r[1]} but not fully posted "
                "(run: jamsos contributions post)"
            ),
        )

        sums = _rows(
            cursor,
            f"SELECT i.number, i.worker_count, i.employer_amount, i.worker_amount, "  # noqa: S608
            "COALESCE(s.n, 0), COALESCE(s.employer, 0), COALESCE(s.worker, 0) "
            f"FROM {INVOICE} i LEFT JOIN (SELECT invoice_id, COUNT(*) AS n, "
            "  SUM(jkk + jkm + jht_employer + jp_employer) AS employer, "
            f"  SUM(jht_worker + jp_worker) AS worker FROM {LINE} GROUP BY invoice_id) s "
            "ON s.invoice_id = i.id WHERE i.worker_count <> COALESCE(s.n, 0) "
            "OR i.employer_amount <> COALESCE(s.employer, 0) "
            "OR i.worker_amount <> COALESCE(s.worker, 0) ORDER BY i.id",
        )
        _add(
            report,
            sums,
            lambda r: (
                f"invoice {r[0]}: {r[1]} workers, employer {r[2]}, worker {r[3]} but its lines "
                f"are {r[4]} workers, employer {int(r[5])}, worker {int(r[6])}"
            ),
        )

        payments = _rows(
            cursor,
            f"SELECT i.number, i.paid_amount, COALESCE(s.total, 0) FROM {INVOICE} i "  # noqa: S608
            f"LEFT JOIN (SELECT p.invoice_id, SUM(p.amount) AS total FROM {PAYMENT} p "
            f"  WHERE NOT EXISTS (SELECT 1 FROM {REVERSAL} r WHERE r.payment_id = p.id) "
            "  GROUP BY p.invoice_id) s ON s.invoice_id = i.id "
            "WHERE i.paid_amount <> COALESCE(s.total, 0) ORDER BY i.id",
        )
        _add(
            report,
            payments,
            lambda r: f"invoice {r[0]}: paid amount {r[1]} but its payments sum to {int(r[2])}",
        )
    return report

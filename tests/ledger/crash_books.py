"""Helper process for the kill -9 test: fill a fresh database, or dump its balances.

    python -m tests.ledger.crash_books setup   # migrate, hire, report, pay (no posting)
    python -m tests.ledger.crash_books dump    # JSON: balances by KPJ, entry and JP counts

Runs against DATABASE_URL with the test settings, in its own process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

EMPLOYERS = 3
WORKERS = 40
MONTHS = (dt.date(2026, 5, 1), dt.date(2026, 6, 1))


def setup() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.contributions.support import hire, pay, report
    from tests.factories import make_employer

    staff = []
    for number in range(EMPLOYERS):
        employer = make_employer(risk_class=number % 5 + 1)
        workers = [hire(employer, 2_500_000 + 137_000 * k) for k in range(WORKERS)]
        staff.append((employer, workers))
    for month in MONTHS:
        for employer, workers in staff:
            invoice = report(employer, workers, month=month).invoice
            pay(invoice, amount=invoice.amount // 2)
            pay(invoice, amount=invoice.amount - invoice.amount // 2)
    # The participant the test locks: employer 2's last worker (posted in a middle chunk).
    print(json.dumps({"lock_participant": staff[1][1][-1].participant_id}))


def dump() -> None:
    from jamsos.ledger.models import JhtAccount, JhtEntry, JpMonth

    balances = dict(JhtAccount.objects.values_list("participant__kpj", "balance"))
    print(
        json.dumps(
            {
                "balances": balances,
                "entries": JhtEntry.objects.count(),
                "jp_months": JpMonth.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    {"setup": setup, "dump": dump}[sys.argv[1]]()

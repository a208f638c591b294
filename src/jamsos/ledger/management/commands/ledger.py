"""`jamsos ledger verify`: every balance is the sum of its entries, every paid invoice
is posted exactly once. Exit status 1 with the list of problems otherwise."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.ledger.verify import verify_ledger


class Command(BaseCommand):
    help = "Check the JHT ledger against its entries, invoices and payments."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify}")
        commands.add_parser("verify", help="prove the books add up; exit status 1 if not")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_ledger()
        summary = (
            f"{report.accounts:,} accounts, {report.entries:,} entries, "
            f"{report.invoices:,} invoices"
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"OK: {summary}"))
            return
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(problem))
        if report.not_shown:
            self.stderr.write(f"... and {report.not_shown:,} more")
        total = len(report.problems) + report.not_shown
        raise CommandError(
            f"the ledger does not add up: {total:,} problem(s) in {summary}", returncode=1
        )

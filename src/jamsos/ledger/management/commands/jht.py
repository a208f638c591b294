"""`jamsos jht credit-return --year Y --rate R`: credit the declared yearly return.

    jamsos jht credit-return --year 2025 --rate 5.63

R is in percent. Each account is credited once per year: running the command again, or
after an interruption, finishes what is left and changes nothing else. The method
(average of the twelve month-end balances × R) is described in jamsos.ledger.returns.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.ledger.returns import DEFAULT_CHUNK, credit_return
from jamsos.ops.errors import JamsosError
from jamsos.registry.services import Actor

OPERATOR = Actor(user=None, role="operator", channel="cli")


def format_error(exc: JamsosError) -> str:
    option = f" (--{exc.field.replace('_', '-')})" if exc.field else ""
    return f"{exc.code}{option}\n  id: {exc.message('id')}\n  en: {exc.message('en')}"


class Command(BaseCommand):
    help = "JHT account jobs: credit the yearly return."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{credit-return}"
        )
        credit = commands.add_parser("credit-return", help="credit a year's declared return")
        credit.add_argument("--year", type=int, required=True)
        credit.add_argument("--rate", required=True, help="declared return in percent, e.g. 5.63")
        credit.add_argument(
            "--chunk-size", type=int, default=DEFAULT_CHUNK, help="accounts per chunk"
        )
        credit.add_argument("--pause", type=float, default=0.0, help="seconds between chunks")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1 or options["pause"] < 0:
            raise CommandError("--chunk-size must be positive and --pause not negative")

        def report(accounts: int, amount: int, cursor: int) -> None:
            self.stdout.write(
                f"credited {accounts:,} accounts, Rp{amount:,} (up to account {cursor})"
            )
            self.stdout.flush()

        try:
            declared = credit_return(
                year=options["year"],
                rate_percent=options["rate"],
                actor=OPERATOR,
                chunk_size=options["chunk_size"],
                pause=options["pause"],
                on_chunk=report,
            )
        except JamsosError as exc:
            raise CommandError(format_error(exc), returncode=2) from None
        self.stdout.write(
            f"Hasil pengembangan / return {declared.year} at {declared.rate_percent.normalize()}%: "
            f"{declared.accounts_credited:,} accounts, Rp{declared.total_credited:,}"
        )

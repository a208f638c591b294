"""`jamsos contributions post`: post settled invoices to the JHT accounts.

    jamsos contributions post                    # everything settled and not yet posted
    jamsos contributions post --invoice 12 --invoice 13
    jamsos contributions post --chunk-size 10000 --pause 0.5

Each chunk is committed on its own and reported on stdout ("chunk N committed"); an
interrupted run is resumed by running the command again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.ledger.posting import DEFAULT_CHUNK, post_settled_invoices


class Command(BaseCommand):
    help = "Contribution jobs: post settled invoices to the JHT accounts and JP record."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{post}")
        post = commands.add_parser("post", help="post settled invoices, chunk by chunk")
        post.add_argument(
            "--chunk-size", type=int, default=DEFAULT_CHUNK, help="contribution lines per chunk"
        )
        post.add_argument("--pause", type=float, default=0.0, help="seconds to wait between chunks")
        post.add_argument(
            "--invoice", type=int, action="append", dest="invoices", help="only this invoice id"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["chunk_size"] < 1 or options["pause"] < 0:
            raise CommandError("--chunk-size must be positive and --pause not negative")

        def report(number: int, lines: int, done: int) -> None:
            self.stdout.write(f"chunk {number} committed: {lines:,} lines ({done:,} so far)")
            self.stdout.flush()

        summary = post_settled_invoices(
            chunk_size=options["chunk_size"],
            invoice_ids=options["invoices"],
            pause=options["pause"],
            on_chunk=report,
        )
        self.stdout.write(
            f"Dibukukan / posted: {summary.invoices:,} invoices, {summary.lines:,} lines "
            f"in {summary.chunks:,} chunks"
        )

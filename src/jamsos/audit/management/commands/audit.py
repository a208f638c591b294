"""`jamsos audit seal [--follow --interval SECONDS]` and `jamsos audit verify`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.audit import sealing
from jamsos.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Seal the access log into its hash chain, or verify the chain."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{seal,verify}")
        seal = commands.add_parser("seal", help="link unsealed audit rows into the hash chain")
        seal.add_argument(
            "--follow", action="store_true", help="keep sealing until interrupted (Ctrl-C)"
        )
        seal.add_argument(
            "--interval", type=float, default=5.0, help="seconds between rounds with --follow"
        )
        seal.add_argument("--batch-size", type=int, default=5000, help="rows per transaction")
        commands.add_parser("verify", help="recompute the chain; exit status 1 if tampered with")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "seal":
            self._seal(options)
        else:
            self._verify()

    def _seal(self, options: dict[str, Any]) -> None:
        batch_size = options["batch_size"]
        if batch_size < 1 or options["interval"] <= 0:
            raise CommandError("--batch-size and --interval must be positive")
        if not options["follow"]:
            self.stdout.write(f"Sealed {sealing.seal_pending(batch_size)} rows.")
            return
        self.stdout.write(f"Sealing every {options['interval']:g} s; Ctrl-C stops.")
        try:
            sealing.seal_continuously(
                interval=options["interval"],
                batch_size=batch_size,
                on_sealed=lambda count: self.stdout.write(f"Sealed {count} rows."),
            )
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def _verify(self) -> None:
        result = verify_chain()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"OK: {result.sealed} rows sealed, {result.pending} awaiting seal"
                )
            )
            return
        for problem in result.problems:
            self.stderr.write(self.style.ERROR(str(problem)))
        raise CommandError(
            f"the audit log has been tampered with: {len(result.problems)} problem(s) "
            f"in {result.sealed} sealed rows",
            returncode=1,
        )

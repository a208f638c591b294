"""`jamsos notify deliver [--follow --interval S --limit N]` and `jamsos notify purge --days N`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.notify import delivery, services


class Command(BaseCommand):
    help = "Deliver outbox messages that are due, or blank the bodies of old finished ones."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{deliver,purge}"
        )
        deliver = commands.add_parser("deliver", help="send the messages that are due")
        deliver.add_argument(
            "--follow", action="store_true", help="keep delivering until interrupted (Ctrl-C)"
        )
        deliver.add_argument(
            "--interval", type=float, default=5.0, help="seconds between rounds with --follow"
        )
        deliver.add_argument("--limit", type=int, default=100, help="messages per round")
        purge = commands.add_parser(
            "purge", help="blank the bodies of sent and failed messages older than --days"
        )
        purge.add_argument("--days", type=int, default=30, help="age in days (default 30)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "deliver":
            self._deliver(options)
        else:
            self._purge(options["days"])

    def _deliver(self, options: dict[str, Any]) -> None:
        limit = options["limit"]
        if limit < 1 or options["interval"] <= 0:
            raise CommandError("--limit and --interval must be positive")
        if not options["follow"]:
            self.stdout.write(f"Sent {delivery.deliver_pending(limit)} messages.")
            return
        self.stdout.write(f"Delivering every {options['interval']:g} s; Ctrl-C stops.")
        try:
            delivery.deliver_continuously(
                interval=options["interval"],
                limit=limit,
                on_sent=lambda count: self.stdout.write(f"Sent {count} messages."),
            )
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")

    def _purge(self, days: int) -> None:
        if days < 0:
            raise CommandError("--days cannot be negative")
        count = services.purge_old_bodies(days=days)
        self.stdout.write(f"Blanked the bodies of {count} messages older than {days} days.")

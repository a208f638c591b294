"""`jamsos sms report --from YYYY-MM-DD --to YYYY-MM-DD [--json]`: SMS cost per operator and day."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.channels.sms.selectors import BillingRow, billing_report


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date; write YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Reports on the SMS keyword service."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{report}")
        report = commands.add_parser(
            "report", help="messages, parts and rupiah per operator and day, both ways"
        )
        report.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        report.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
        report.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_to < date_from:
            raise CommandError("--to is before --from")
        rows = billing_report(date_from=date_from, date_to=date_to)
        if options["json"]:
            self._json(rows)
        else:
            self._table(rows, date_from, date_to)

    def _json(self, rows: list[BillingRow]) -> None:
        data = [
            {
                **dataclasses.asdict(row),
                "day": row.day.isoformat(),
                "total_charge": row.total_charge,
            }
            for row in rows
        ]
        self.stdout.write(json.dumps(data, indent=2))

    def _table(self, rows: list[BillingRow], date_from: dt.date, date_to: dt.date) -> None:
        self.stdout.write(f"SMS {date_from:%d/%m/%Y} - {date_to:%d/%m/%Y} (Rp)")
        header = ("day", "operator", "in", "in parts", "in Rp", "out", "out parts", "out Rp", "Rp")
        line = "{:<10} {:<10} {:>6} {:>8} {:>10} {:>6} {:>9} {:>10} {:>11}"
        self.stdout.write(line.format(*header))
        by_operator: dict[str, list[int]] = {}
        for row in rows:
            values = [
                row.inbound_messages,
                row.inbound_parts,
                row.inbound_charge,
                row.outbound_messages,
                row.outbound_parts,
                row.outbound_charge,
                row.total_charge,
            ]
            self.stdout.write(line.format(row.day.isoformat(), row.operator, *values))
            sums = by_operator.setdefault(row.operator, [0] * len(values))
            for index, value in enumerate(values):
                sums[index] += value
        if not rows:
            self.stdout.write("No messages in this period.")
            return
        self.stdout.write("")
        for operator, sums in sorted(by_operator.items()):
            self.stdout.write(line.format("total", operator, *sums))
        grand = [sum(column) for column in zip(*by_operator.values(), strict=True)]
        self.stdout.write(line.format("total", "all", *grand))

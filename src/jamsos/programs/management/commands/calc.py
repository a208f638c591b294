"""`jamsos calc contribution`: the monthly contribution of a wage earner, explained.

    jamsos calc contribution --wage 5000000 --risk-class 1 --month 2025-06
    jamsos calc contribution --wage 15000000 --risk-class 3 --month 2025-06 --json

Refused input prints the error code with its Indonesian and English message to stderr and
exits with status 2. `calc benefit` will join `contribution` as a second subcommand.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.ops.errors import JamsosError
from jamsos.programs.contributions import (
    ContributionBreakdown,
    compute_contribution,
    parse_month,
    parse_risk_class,
    parse_wage,
    party_label,
    percent_text,
    rupiah,
)

_HEADINGS = {
    "id": {
        "title": "Iuran peserta penerima upah, bulan iuran {month}",
        "columns": ("Program", "Pihak", "Dasar upah", "Tarif", "Iuran", "Batas upah"),
        "by_program": "Total per program",
        "employer": "Total pemberi kerja",
        "worker": "Total pekerja",
        "total": "Jumlah",
        "explanation": "Penjelasan",
    },
    "en": {
        "title": "Wage-earner contribution, contribution month {month}",
        "columns": ("Program", "Party", "Wage base", "Rate", "Amount", "Wage cap"),
        "by_program": "Total by programme",
        "employer": "Employer total",
        "worker": "Worker total",
        "total": "Grand total",
        "explanation": "Explanation",
    },
}


def format_error(exc: JamsosError) -> str:
    return exc.for_terminal()


def render_table(breakdown: ContributionBreakdown, language: str) -> list[str]:
    h = _HEADINGS[language]
    rows = [h["columns"]]
    for line in breakdown.lines:
        rows.append(
            (
                line.program,
                party_label(line.party, language),
                rupiah(line.base, language),
                percent_text(line.rate_percent, language),
                rupiah(line.amount, language),
                rupiah(line.cap_applied, language) if line.cap_applied is not None else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 5}

    def fmt(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    out = [h["title"].format(month=f"{breakdown.month:%Y-%m}"), ""]
    out.append(fmt(rows[0]))
    out.append("  ".join("-" * w for w in widths))
    out.extend(fmt(row) for row in rows[1:])
    out.append("")
    totals = [(program, amount) for program, amount in breakdown.program_totals.items()]
    label_width = max(
        len(h["employer"]), len(h["worker"]), len(h["total"]), *(len(p) for p, _ in totals)
    )
    amount_width = len(rupiah(breakdown.total, language))
    out.append(f"{h['by_program']}:")
    out.extend(
        f"  {program.ljust(label_width)}  {rupiah(amount, language).rjust(amount_width)}"
        for program, amount in totals
    )
    for key, amount in (
        ("employer", breakdown.employer_total),
        ("worker", breakdown.worker_total),
        ("total", breakdown.total),
    ):
        out.append(
            f"{h[key].ljust(label_width + 2)}  {rupiah(amount, language).rjust(amount_width)}"
        )
    out.append("")
    out.append(f"{h['explanation']}:")
    out.extend(f"- {line}" for line in breakdown.explain(language))
    return out


class Command(BaseCommand):
    help = "Calculate programme amounts: `contribution` (wage earner, one month)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{contribution}"
        )
        contribution = subcommands.add_parser(
            "contribution",
            help="monthly contribution of a wage earner (PU), line by line",
            description="Monthly contribution of a wage earner (PU), with the regulations.",
        )
        contribution.add_argument("--wage", required=True, help="monthly wage, whole rupiah")
        contribution.add_argument(
            "--risk-class", required=True, help="the employer's JKK risk class, 1 to 5"
        )
        contribution.add_argument("--month", required=True, help="contribution month, YYYY-MM")
        contribution.add_argument(
            "--relief-eligible",
            action="store_true",
            help="the employer meets the conditions of the JKK relief in force that month",
        )
        contribution.add_argument("--json", action="store_true", help="print JSON")
        contribution.add_argument(
            "--lang", choices=("id", "en"), default="id", help="language of the text output"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Only one subcommand so far; `benefit` will dispatch here too.
        try:
            breakdown = compute_contribution(
                wage=parse_wage(options["wage"]),
                risk_class=parse_risk_class(options["risk_class"]),
                month=parse_month(options["month"]),
                relief_eligible=options["relief_eligible"],
            )
        except JamsosError as exc:
            raise CommandError(format_error(exc), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(breakdown.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write("\n".join(render_table(breakdown, options["lang"])))

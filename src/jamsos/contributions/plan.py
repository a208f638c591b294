"""The calculator's rule for one employer and month, in a form SQL can apply to many rows.

`compute_contribution` is the single source of the rates, caps and rounding. A wage
report may have a million rows, so instead of calling it once per row the services ask
it once for the (risk class, month) of the report and read off its six lines: which
programme and party, the rate, and the cap on the base (JP). `ContributionPlan` turns
each line into an exact integer SQL expression:

    share = round_half_up(base × p / 100) with p = n / d (the rate as an exact fraction)
          = (2·base·n + 100·d) div (200·d)        for base ≥ 0

which is what the calculator's `share()` computes with Decimal. `amounts()` applies the
same plan in Python through the calculator itself; the tests check that the SQL and
the calculator agree wage by wage, caps and reliefs included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from jamsos.programs.contributions import EMPLOYER, WORKER, compute_contribution

# Which column of ContributionLine holds which (programme, party) line of the calculator.
COLUMNS = {
    ("JKK", EMPLOYER): "jkk",
    ("JKM", EMPLOYER): "jkm",
    ("JHT", EMPLOYER): "jht_employer",
    ("JHT", WORKER): "jht_worker",
    ("JP", EMPLOYER): "jp_employer",
    ("JP", WORKER): "jp_worker",
}
# Programmes an employment may leave out (JKK and JKM are mandatory, JKP has no line).
OPTIONAL_PROGRAMS = ("JHT", "JP")
# Far above any real monthly wage, and low enough that 2·wage·n stays inside a 64-bit integer.
MAX_WAGE = 1_000_000_000_000


@dataclass(frozen=True)
class PlanShare:
    column: str
    program: str
    party: str
    percent: Decimal
    cap: int | None
    regulation: str

    @property
    def fraction(self) -> tuple[int, int]:
        ratio = Fraction(self.percent)
        return ratio.numerator, ratio.denominator

    def sql(self, wage: str) -> str:
        """The share for the wage expression `wage` (a column name), as integer SQL."""
        n, d = self.fraction
        base = (
            wage
            if self.cap is None
            else f"(CASE WHEN {wage} > {self.cap} THEN {self.cap} ELSE {wage} END)"
        )
        return f"((2 * {base} * {n} + {100 * d}) / {200 * d})"


@dataclass(frozen=True)
class ContributionPlan:
    month: dt.date
    risk_class: int
    relief_eligible: bool
    relief_applied: bool
    jp_cap: int
    shares: tuple[PlanShare, ...]

    def share(self, column: str) -> PlanShare:
        return next(s for s in self.shares if s.column == column)

    def amounts(self, wage: int, programs: list[str] | tuple[str, ...]) -> dict[str, int]:
        """The six shares for one worker, through the calculator (the reference)."""
        breakdown = compute_contribution(
            wage=wage,
            risk_class=self.risk_class,
            month=self.month,
            relief_eligible=self.relief_eligible,
        )
        amounts = {}
        for line in breakdown.lines:
            included = line.program not in OPTIONAL_PROGRAMS or line.program in programs
            amounts[COLUMNS[(line.program, line.party)]] = line.amount if included else 0
        return amounts

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "program": s.program,
                "party": s.party,
                "rate_percent": str(s.percent),
                "cap": s.cap,
                "regulation": s.regulation,
            }
            for s in self.shares
        ]


def contribution_plan(
    *, risk_class: int, month: dt.date, relief_eligible: bool = False
) -> ContributionPlan:
    breakdown = compute_contribution(
        wage=1, risk_class=risk_class, month=month, relief_eligible=relief_eligible
    )
    shares = []
    for line in breakdown.lines:
        column = COLUMNS.get((line.program, line.party))
        if column is None:
            # The calculator grew a line this schema has no column for: refuse to drop money.
            raise RuntimeError(f"no contribution column for {line.program}/{line.party}")
        shares.append(
            PlanShare(
                column=column,
                program=line.program,
                party=line.party,
                percent=line.rate_percent,
                cap=None if line.cap is None else line.cap.value,
                regulation=line.regulation,
            )
        )
    if sorted(s.column for s in shares) != sorted(COLUMNS.values()):
        raise RuntimeError("the calculator's lines do not match the contribution columns")
    jp_cap = next(s.cap for s in shares if s.column == "jp_employer")
    assert jp_cap is not None
    return ContributionPlan(
        month=breakdown.month,
        risk_class=risk_class,
        relief_eligible=relief_eligible,
        relief_applied=breakdown.relief_applied,
        jp_cap=jp_cap,
        shares=tuple(shares),
    )

"""What-if calculators: anyone may estimate before claiming or hiring; nothing is stored."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from jamsos.channels.api.schemas import errors
from jamsos.ops.errors import JamsosError
from jamsos.programs.contributions import (
    CONTRIBUTION_MONTH_INVALID,
    compute_contribution,
    parse_month,
)

router = Router(tags=["calculators"])


# Far above any monthly wage, and low enough that every amount in the answer stays exact
# in a JavaScript number (2**53). Without a bound, a wage of some sixty digits overflowed
# the calculation's decimal precision and the request failed with a server error.
MAX_WAGE = 10**15


class ContributionQuery(Schema):
    wage: int = Field(le=MAX_WAGE, description="Monthly wage in whole rupiah")
    risk_class: int
    month: str  # YYYY-MM
    relief_eligible: bool = False
    language: str = "id"


class ContributionLineOut(Schema):
    program: str
    party: str
    base: int
    rate_percent: str
    amount: int
    cap_applied: int | None
    regulation: str


class ContributionOut(Schema):
    month: str
    wage: int
    risk_class: int
    relief_applied: bool
    lines: list[ContributionLineOut]
    program_totals: dict[str, int]
    employer_total: int
    worker_total: int
    total: int
    explanation: list[str]


def _month(text: str) -> dt.date:
    try:
        return parse_month(text)
    except ValueError:
        # parse_month lets the year 0000 through to datetime.date, which refuses it.
        raise JamsosError(CONTRIBUTION_MONTH_INVALID, field="month", value=text) from None


@router.post(
    "/contribution",
    response={200: ContributionOut, **errors(400, 422)},
    summary="Monthly contribution for a wage",
)
def contribution(request: HttpRequest, query: ContributionQuery) -> dict:
    breakdown = compute_contribution(
        wage=query.wage,
        risk_class=query.risk_class,
        month=_month(query.month),
        relief_eligible=query.relief_eligible,
    )
    return {
        "month": breakdown.month.strftime("%Y-%m"),
        "wage": breakdown.wage,
        "risk_class": breakdown.risk_class,
        "relief_applied": breakdown.relief_applied,
        "lines": [line.as_dict() for line in breakdown.lines],
        "program_totals": breakdown.program_totals,
        "employer_total": breakdown.employer_total,
        "worker_total": breakdown.worker_total,
        "total": breakdown.total,
        "explanation": breakdown.explain("en" if query.language.startswith("en") else "id"),
    }

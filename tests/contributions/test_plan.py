import datetime as dt
import random

import pytest
from django.db import connection

from jamsos.contributions.plan import contribution_plan

pytestmark = pytest.mark.django_db

MONTHS = [
    dt.date(2015, 7, 1),  # the first JP month
    dt.date(2024, 2, 1),  # the last month of the 2023 cap
    dt.date(2024, 3, 1),  # a new cap
    dt.date(2025, 2, 1),  # relief starts
    dt.date(2025, 6, 1),
    dt.date(2026, 1, 1),  # relief's last month
    dt.date(2026, 6, 1),
]


def _wages() -> list[int]:
    rng = random.Random(4)
    wages = [rng.randint(1, 80_000_000) for _ in range(400)]
    # Around the caps, and amounts whose shares end in exactly half a rupiah.
    wages += [7_000_000, 10_042_300, 10_042_301, 10_547_399, 10_547_400, 11_086_300]
    wages += [50, 150, 250, 1_250, 2_083_333, 999_999_999_999]
    return wages


def _sql_shares(plan, wages: list[int]) -> list[dict[str, int]]:
    columns = [share.column for share in plan.shares]
    expressions = ", ".join(share.sql("w.wage") for share in plan.shares)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS plan_wages")
        cursor.execute("CREATE TEMP TABLE plan_wages (n integer, wage bigint)")
        cursor.executemany("INSERT INTO plan_wages VALUES (%s, %s)", list(enumerate(wages)))
        cursor.execute(f"SELECT {expressions} FROM plan_wages w ORDER BY w.n")  # noqa: S608
        rows = cursor.fetchall()
        cursor.execute("DROP TABLE plan_wages")
    return [dict(zip(columns, (int(v) for v in row), strict=True)) for row in rows]


@pytest.mark.parametrize("month", MONTHS, ids=lambda m: f"{m:%Y-%m}")
@pytest.mark.parametrize("relief", [False, True], ids=["standard", "relief"])
def test_the_sql_shares_equal_the_calculator_for_every_wage_class_and_month(month, relief):
    wages = _wages()
    for risk_class in (1, 2, 3, 4, 5):
        plan = contribution_plan(risk_class=risk_class, month=month, relief_eligible=relief)

        computed = _sql_shares(plan, wages)

        expected = [plan.amounts(wage, ["JHT", "JP"]) for wage in wages]
        mismatches = [
            (wage, got, want)
            for wage, got, want in zip(wages, computed, expected, strict=True)
            if got != want
        ]
        assert mismatches == [], mismatches[:3]


def test_the_plan_keeps_each_rate_with_its_regulation():
    plan = contribution_plan(risk_class=1, month=dt.date(2025, 6, 1))

    rates = {(r["program"], r["party"]): r for r in plan.as_json()}

    assert rates[("JKK", "employer")]["rate_percent"] == "0.24"
    assert rates[("JP", "worker")]["cap"] == 10_547_400
    assert all(r["regulation"] for r in rates.values())

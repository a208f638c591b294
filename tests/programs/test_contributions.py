import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamsos.ops.errors import JamsosError
from jamsos.programs.contributions import (
    compute_contribution,
    due_date,
    late_fine,
    months_late,
    share,
)

# The worked examples of the domain README: (wage, risk class, month) and every amount.
EXAMPLES = {
    "A": (
        5_000_000,
        1,
        dt.date(2025, 6, 1),
        {
            ("JKK", "employer"): 12_000,
            ("JKM", "employer"): 15_000,
            ("JHT", "employer"): 185_000,
            ("JHT", "worker"): 100_000,
            ("JP", "employer"): 100_000,
            ("JP", "worker"): 50_000,
        },
        312_000,
        150_000,
    ),
    "B": (
        15_000_000,
        3,
        dt.date(2025, 6, 1),
        {
            ("JKK", "employer"): 133_500,
            ("JKM", "employer"): 45_000,
            ("JHT", "employer"): 555_000,
            ("JHT", "worker"): 300_000,
            ("JP", "employer"): 210_948,
            ("JP", "worker"): 105_474,
        },
        944_448,
        405_474,
    ),
    "C": (
        15_000_000,
        3,
        dt.date(2025, 2, 1),
        {
            ("JKK", "employer"): 133_500,
            ("JKM", "employer"): 45_000,
            ("JHT", "employer"): 555_000,
            ("JHT", "worker"): 300_000,
            ("JP", "employer"): 200_846,
            ("JP", "worker"): 100_423,
        },
        934_346,
        400_423,
    ),
}


def amounts(breakdown):
    return {(line.program, line.party): line.amount for line in breakdown.lines}


def jp_base(breakdown):
    return {line.base for line in breakdown.lines if line.program == "JP"}


@pytest.mark.parametrize("case", sorted(EXAMPLES))
def test_the_worked_examples_are_reproduced_to_the_rupiah(case):
    wage, risk_class, month, lines, employer_total, worker_total = EXAMPLES[case]
    breakdown = compute_contribution(wage=wage, risk_class=risk_class, month=month)
    assert amounts(breakdown) == lines
    assert breakdown.employer_total == employer_total
    assert breakdown.worker_total == worker_total
    assert breakdown.total == employer_total + worker_total
    assert breakdown.program_totals == {
        "JKK": lines["JKK", "employer"],
        "JKM": lines["JKM", "employer"],
        "JHT": lines["JHT", "employer"] + lines["JHT", "worker"],
        "JP": lines["JP", "employer"] + lines["JP", "worker"],
    }


def test_every_line_names_its_regulation():
    breakdown = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 6, 1))
    regulations = {line.program: line.regulation for line in breakdown.lines}
    assert regulations["JKK"].startswith("PP 44/2015")
    assert regulations["JKM"].startswith("PP 44/2015")
    assert regulations["JHT"].startswith("PP 46/2015")
    assert regulations["JP"].startswith("PP 45/2015")


def test_any_day_of_the_month_means_that_contribution_month():
    mid_month = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 2, 27))
    assert mid_month.month == dt.date(2025, 2, 1)
    assert jp_base(mid_month) == {10_042_300}


@pytest.mark.parametrize(
    ("month", "cap"),
    [
        (dt.date(2024, 2, 1), 9_559_600),
        (dt.date(2024, 3, 1), 10_042_300),
        (dt.date(2025, 2, 1), 10_042_300),
        (dt.date(2025, 3, 1), 10_547_400),
        (dt.date(2026, 2, 1), 10_547_400),
        (dt.date(2026, 3, 1), 11_086_300),
    ],
)
def test_the_jp_cap_changes_with_the_march_contribution_month(month, cap):
    breakdown = compute_contribution(wage=20_000_000, risk_class=1, month=month)
    assert jp_base(breakdown) == {cap}
    assert {line.cap_applied for line in breakdown.lines if line.program == "JP"} == {cap}


def test_a_wage_under_the_jp_cap_is_not_capped():
    breakdown = compute_contribution(wage=5_000_000, risk_class=1, month=dt.date(2025, 6, 1))
    assert jp_base(breakdown) == {5_000_000}
    assert all(line.cap_applied is None for line in breakdown.lines)


def test_other_programmes_use_the_full_wage_above_the_jp_cap():
    breakdown = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 6, 1))
    assert {line.base for line in breakdown.lines if line.program != "JP"} == {15_000_000}


@pytest.mark.parametrize(
    ("risk_class", "standard", "relieved"),
    [
        (1, 12_000, 6_000),
        (2, 27_000, 13_500),
        (3, 44_500, 22_250),
        (4, 63_500, 31_750),
        (5, 87_000, 43_500),
    ],
)
def test_the_jkk_relief_halves_jkk_for_an_eligible_employer(risk_class, standard, relieved):
    month = dt.date(2025, 6, 1)
    plain = compute_contribution(wage=5_000_000, risk_class=risk_class, month=month)
    relief = compute_contribution(
        wage=5_000_000, risk_class=risk_class, month=month, relief_eligible=True
    )
    assert amounts(plain)["JKK", "employer"] == standard
    assert amounts(relief)["JKK", "employer"] == relieved
    assert relief.relief_applied and not plain.relief_applied
    relieved_amounts = amounts(relief)
    del relieved_amounts["JKK", "employer"]
    plain_amounts = amounts(plain)
    del plain_amounts["JKK", "employer"]
    assert relieved_amounts == plain_amounts


@pytest.mark.parametrize(
    ("month", "applies"),
    [
        (dt.date(2025, 1, 1), False),
        (dt.date(2025, 2, 1), True),
        (dt.date(2025, 7, 1), True),
        (dt.date(2025, 8, 1), True),
        (dt.date(2026, 1, 1), True),
        (dt.date(2026, 2, 1), False),
    ],
)
def test_the_jkk_relief_applies_only_within_its_dates(month, applies):
    breakdown = compute_contribution(
        wage=15_000_000, risk_class=3, month=month, relief_eligible=True
    )
    assert breakdown.relief_applied is applies
    assert amounts(breakdown)["JKK", "employer"] == (66_750 if applies else 133_500)


def test_the_relief_extension_cites_the_regulation_that_extended_it():
    july = compute_contribution(
        wage=5_000_000, risk_class=1, month=dt.date(2025, 7, 1), relief_eligible=True
    )
    august = compute_contribution(
        wage=5_000_000, risk_class=1, month=dt.date(2025, 8, 1), relief_eligible=True
    )
    assert "PP 36/2025" not in july.lines[0].regulation
    assert "PP 36/2025" in august.lines[0].regulation


def test_an_employer_not_declared_eligible_never_gets_the_relief():
    breakdown = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 2, 1))
    assert not breakdown.relief_applied
    assert amounts(breakdown)["JKK", "employer"] == 133_500


def test_a_half_rupiah_is_rounded_up_on_each_share_separately():
    # 1,000,050 × 1% = 10,000.5 → 10,001 (half-even would give 10,000);
    # × 2% = 20,001 exactly; × 0.24% = 2,400.12 → 2,400; × 2.0% JHT = 20,001.
    breakdown = compute_contribution(wage=1_000_050, risk_class=1, month=dt.date(2025, 6, 1))
    lines = amounts(breakdown)
    assert lines["JP", "worker"] == 10_001
    assert lines["JP", "employer"] == 20_001
    assert lines["JKK", "employer"] == 2_400
    assert lines["JKM", "employer"] == 3_000  # 3,000.15
    assert lines["JHT", "employer"] == 37_002  # 37,001.85
    assert lines["JHT", "worker"] == 20_001


def test_share_rounds_half_up_not_half_even():
    assert share(250, Decimal("1")) == 3  # 2.5
    assert share(350, Decimal("1")) == 4  # 3.5
    assert share(249, Decimal("1")) == 2  # 2.49


def test_a_month_before_the_programmes_began_is_refused():
    with pytest.raises(JamsosError) as refused:
        compute_contribution(wage=5_000_000, risk_class=1, month=dt.date(2015, 6, 1))
    assert refused.value.code == "PARAMETER_NOT_IN_FORCE"
    assert refused.value.field == "month"
    assert "2015-07" in refused.value.message("en")
    assert "2015-07" in refused.value.message("id")


def test_july_2015_is_the_first_month_with_a_contribution():
    breakdown = compute_contribution(wage=8_000_000, risk_class=2, month=dt.date(2015, 7, 1))
    assert jp_base(breakdown) == {7_000_000}
    assert breakdown.jkp is None


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"wage": 0}, "CONTRIBUTION_WAGE_INVALID"),
        ({"wage": -5}, "CONTRIBUTION_WAGE_INVALID"),
        ({"wage": 1.5}, "CONTRIBUTION_WAGE_INVALID"),
        ({"wage": Decimal("5000000")}, "CONTRIBUTION_WAGE_INVALID"),
        ({"wage": "5000000"}, "CONTRIBUTION_WAGE_INVALID"),
        ({"wage": True}, "CONTRIBUTION_WAGE_INVALID"),
        ({"risk_class": 0}, "CONTRIBUTION_RISK_CLASS_INVALID"),
        ({"risk_class": 6}, "CONTRIBUTION_RISK_CLASS_INVALID"),
        ({"risk_class": "3"}, "CONTRIBUTION_RISK_CLASS_INVALID"),
        ({"risk_class": True}, "CONTRIBUTION_RISK_CLASS_INVALID"),
        ({"month": "2025-06"}, "CONTRIBUTION_MONTH_INVALID"),
    ],
)
def test_bad_inputs_are_refused_with_their_code(kwargs, code):
    arguments = {"wage": 5_000_000, "risk_class": 1, "month": dt.date(2025, 6, 1)} | kwargs
    with pytest.raises(JamsosError) as refused:
        compute_contribution(**arguments)
    assert refused.value.code == code
    assert refused.value.message("id") != refused.value.message("en")


def test_a_wage_below_the_reporting_floor_is_still_calculated():
    breakdown = compute_contribution(wage=500_000, risk_class=1, month=dt.date(2025, 6, 1))
    assert breakdown.total > 0


def test_jkp_adds_nothing_to_the_bill_and_is_explained():
    breakdown = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 6, 1))
    assert "JKP" not in breakdown.program_totals
    assert breakdown.jkp.employer_extra.percent == 0
    assert breakdown.jkp.worker_extra.percent == 0
    jkp_lines = [text for text in breakdown.explain("en") if text.startswith("JKP")]
    assert jkp_lines == [
        "JKP: no extra contribution from the employer or the worker. JKP is funded with "
        "0.36% × Rp5,000,000 = Rp18,000 a month: 0.22% from the central government, 0.14% "
        "moved out of the JKK contribution (JKP wage base at most Rp5,000,000) "
        "[PP 37/2021 Pasal 11 sebagaimana diubah PP 6/2025]."
    ]


def test_jkp_still_draws_on_jkm_in_february_2025_and_not_from_march():
    february = compute_contribution(wage=5_000_000, risk_class=1, month=dt.date(2025, 2, 1))
    march = compute_contribution(wage=5_000_000, risk_class=1, month=dt.date(2025, 3, 1))
    assert february.jkp.from_jkm.percent == Decimal("0.10")
    assert march.jkp.from_jkm.percent == 0


def test_the_explanation_shows_base_rate_cap_and_regulation_in_both_languages():
    breakdown = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 6, 1))
    english = breakdown.explain("en")
    assert english[0] == (
        "Contribution month 2025-06; reported wage Rp15,000,000; JKK risk class 3 (medium)."
    )
    assert (
        "JP, employer: Rp10,547,400 (capped wage) × 2.0% = Rp210,948 [PP 45/2015 Pasal 28 ayat (3)]"
        in english
    )
    assert any("B/726/022025" in text for text in english)
    assert english[-1] == (
        "Employer total Rp944,448; worker total Rp405,474 (withheld from the wage and paid in "
        "by the employer); grand total Rp1,349,922."
    )
    indonesian = breakdown.explain()
    assert "JKK, pemberi kerja: Rp15.000.000 × 0,89% = Rp133.500" in indonesian[1]


def test_the_explanation_says_when_a_declared_relief_is_not_in_force():
    breakdown = compute_contribution(
        wage=5_000_000, risk_class=1, month=dt.date(2024, 6, 1), relief_eligible=True
    )
    assert any("no relief is in force for 2024-06" in text for text in breakdown.explain("en"))


def test_as_dict_is_plain_json_data():
    data = compute_contribution(wage=15_000_000, risk_class=3, month=dt.date(2025, 6, 1)).as_dict()
    assert data["month"] == "2025-06"
    assert data["totals"] == {
        "by_program": {"JKK": 133_500, "JKM": 45_000, "JHT": 855_000, "JP": 316_422},
        "employer": 944_448,
        "worker": 405_474,
        "total": 1_349_922,
    }
    assert data["lines"][4] == {
        "program": "JP",
        "party": "employer",
        "base": 10_547_400,
        "rate_percent": "2.0",
        "amount": 210_948,
        "cap_applied": 10_547_400,
        "regulation": "PP 45/2015 Pasal 28 ayat (3)",
    }


def test_the_breakdown_cannot_be_changed():
    breakdown = compute_contribution(wage=5_000_000, risk_class=1, month=dt.date(2025, 6, 1))
    with pytest.raises(AttributeError):
        breakdown.wage = 1


@given(
    wage=st.integers(min_value=1, max_value=10**12),
    risk_class=st.integers(min_value=1, max_value=5),
    month_index=st.integers(min_value=0, max_value=12 * 12),
    relief_eligible=st.booleans(),
)
def test_for_any_wage_the_totals_are_the_sum_of_non_negative_whole_lines(
    wage, risk_class, month_index, relief_eligible
):
    month = dt.date(2015 + (6 + month_index) // 12, (6 + month_index) % 12 + 1, 1)
    breakdown = compute_contribution(
        wage=wage, risk_class=risk_class, month=month, relief_eligible=relief_eligible
    )
    line_sum = sum(line.amount for line in breakdown.lines)
    assert breakdown.employer_total + breakdown.worker_total == line_sum == breakdown.total
    assert sum(breakdown.program_totals.values()) == line_sum
    for line in breakdown.lines:
        assert type(line.amount) is int
        assert line.amount >= 0
        assert 0 < line.base <= wage


# --- Due date and late fine -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (dt.date(2025, 6, 1), dt.date(2025, 7, 15)),  # Tuesday
        (dt.date(2025, 5, 1), dt.date(2025, 6, 16)),  # 15 June 2025 is a Sunday
        (dt.date(2025, 10, 1), dt.date(2025, 11, 17)),  # 15 November 2025 is a Saturday
        (dt.date(2025, 12, 1), dt.date(2026, 1, 15)),  # into the next year
        (dt.date(2025, 12, 31), dt.date(2026, 1, 15)),  # any day of the month
    ],
)
def test_the_due_date_is_the_15th_of_the_next_month_moved_off_weekends(month, due):
    assert due_date(month) == due


def test_a_due_date_before_the_programmes_began_is_refused():
    with pytest.raises(JamsosError) as refused:
        due_date(dt.date(2015, 1, 1))
    assert refused.value.code == "PARAMETER_NOT_IN_FORCE"


@pytest.mark.parametrize(
    ("paid_on", "months"),
    [
        (dt.date(2025, 7, 10), 0),
        (dt.date(2025, 7, 15), 0),
        (dt.date(2025, 7, 16), 1),
        (dt.date(2025, 8, 15), 1),
        (dt.date(2025, 8, 16), 2),
        (dt.date(2025, 9, 15), 2),
        (dt.date(2025, 9, 16), 3),
        (dt.date(2026, 7, 16), 13),
    ],
)
def test_delay_counts_every_started_month(paid_on, months):
    assert months_late(due=dt.date(2025, 7, 15), paid_on=paid_on) == months


def test_started_months_clamp_to_the_end_of_a_short_month():
    assert months_late(due=dt.date(2025, 1, 31), paid_on=dt.date(2025, 2, 28)) == 1
    assert months_late(due=dt.date(2025, 1, 31), paid_on=dt.date(2025, 3, 1)) == 2


@pytest.mark.parametrize(
    ("paid_on", "fine"),
    [
        (dt.date(2025, 7, 1), 0),  # early
        (dt.date(2025, 7, 15), 0),  # on the due date
        (dt.date(2025, 7, 16), 9_000),  # 1 day late: 2% × 1
        (dt.date(2025, 8, 15), 9_000),  # exactly one month late: still 1 month
        (dt.date(2025, 8, 16), 18_000),  # one month and a day: 2 months
        (dt.date(2025, 10, 20), 36_000),  # 4 started months
    ],
)
def test_the_late_fine_is_two_percent_per_started_month(paid_on, fine):
    assert late_fine(amount=450_000, due=dt.date(2025, 7, 15), paid_on=paid_on) == fine


def test_the_late_fine_rounds_half_up_to_the_rupiah():
    # 2% × 25 = 0.5 → 1; 2% × 2 months × 1,012,345 = 40,493.8 → 40,494.
    assert late_fine(amount=25, due=dt.date(2025, 7, 15), paid_on=dt.date(2025, 7, 16)) == 1
    assert (
        late_fine(amount=1_012_345, due=dt.date(2025, 7, 15), paid_on=dt.date(2025, 9, 1)) == 40_494
    )


@pytest.mark.parametrize("amount", [-1, 1.5, "100", True])
def test_a_bad_late_amount_is_refused(amount):
    with pytest.raises(JamsosError) as refused:
        late_fine(amount=amount, due=dt.date(2025, 7, 15), paid_on=dt.date(2025, 8, 1))
    assert refused.value.code == "LATE_FINE_AMOUNT_INVALID"


def test_absurd_wages_and_year_zero_are_refused_with_their_codes():
    import datetime as dt

    import pytest

    from jamsos.ops.errors import JamsosError
    from jamsos.programs.contributions import compute_contribution, parse_month

    with pytest.raises(JamsosError) as wage:
        compute_contribution(wage=10**60, risk_class=1, month=dt.date(2025, 6, 1))
    with pytest.raises(JamsosError) as month:
        parse_month("0000-01")
    assert (wage.value.code, month.value.code) == (
        "CONTRIBUTION_WAGE_INVALID",
        "CONTRIBUTION_MONTH_INVALID",
    )

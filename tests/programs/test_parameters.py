import copy
import datetime as dt
from decimal import Decimal

import pytest

from jamsos.ops.errors import JamsosError
from jamsos.programs import parameters
from jamsos.programs.parameters import ParameterFileError, validate

# --- The shipped file -----------------------------------------------------------------------


def months(first: dt.date, last: dt.date):
    month = first
    while month <= last:
        yield month
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def test_the_shipped_file_loads_once_and_validates():
    assert parameters.load() is parameters.load()
    for name in parameters.REQUIRED_PARAMETERS:
        assert name in parameters.load().names()


def test_every_month_from_july_2015_has_rates_a_jp_cap_and_payment_rules():
    for month in months(dt.date(2015, 7, 1), dt.date(2027, 12, 1)):
        rates = parameters.rates_for(month)
        assert set(rates.jkk_by_risk_class) == {1, 2, 3, 4, 5}
        assert parameters.jp_wage_cap(month).value >= 7_000_000
        assert parameters.payment_rules(month).due_day_of_following_month == 15


def test_every_value_in_the_file_carries_a_regulation_and_a_confidence():
    loaded = parameters.load()
    for name in loaded.names():
        for entry in loaded.parameter(name).entries:
            assert entry.regulation.strip(), name
            assert entry.confidence in parameters.CONFIDENCE_LEVELS, name


def test_the_standard_wage_earner_rates_are_those_of_the_regulations():
    rates = parameters.rates_for(dt.date(2025, 6, 1))
    assert {k: r.percent for k, r in rates.jkk_by_risk_class.items()} == {
        1: Decimal("0.24"),
        2: Decimal("0.54"),
        3: Decimal("0.89"),
        4: Decimal("1.27"),
        5: Decimal("1.74"),
    }
    assert rates.jkm_employer.percent == Decimal("0.3")
    assert (rates.jht_employer.percent, rates.jht_worker.percent) == (Decimal("3.7"), 2)
    assert (rates.jp_employer.percent, rates.jp_worker.percent) == (2, 1)
    assert rates.jp_employer.regulation == "PP 45/2015 Pasal 28 ayat (3)"


@pytest.mark.parametrize(
    ("month", "cap"),
    [
        ("2015-07", 7_000_000),
        ("2016-02", 7_000_000),
        ("2016-03", 7_335_300),
        ("2017-03", 7_703_500),
        ("2018-03", 8_094_000),
        ("2019-03", 8_512_400),
        ("2020-03", 8_939_700),
        ("2021-03", 8_754_600),
        ("2022-03", 9_077_600),
        ("2023-03", 9_559_600),
        ("2024-03", 10_042_300),
        ("2025-02", 10_042_300),
        ("2025-03", 10_547_400),
        ("2026-02", 10_547_400),
        ("2026-03", 11_086_300),
        ("2030-01", 11_086_300),
    ],
)
def test_the_jp_wage_cap_by_contribution_month(month, cap):
    year, number = map(int, month.split("-"))
    amount = parameters.jp_wage_cap(dt.date(year, number, 1))
    assert amount.value == cap
    assert "PP 45/2015 Pasal 29" in amount.regulation


def test_the_jkk_rate_uses_the_relief_only_for_an_eligible_employer_in_its_dates():
    june = dt.date(2025, 6, 1)
    assert parameters.jkk_rate(june, 3).percent == Decimal("0.89")
    assert parameters.jkk_rate(june, 3, relief_eligible=True).percent == Decimal("0.445")
    assert parameters.jkk_rate(dt.date(2026, 2, 1), 3, relief_eligible=True).percent == Decimal(
        "0.89"
    )


def test_the_relief_carries_its_eligibility_conditions():
    relief = parameters.jkk_relief(dt.date(2025, 9, 1))
    assert relief.min_active_workers == 50
    assert len(relief.sectors) == 6
    assert relief.jkk_paid_up_to == "2025-01"
    assert "PP 36/2025" in relief.regulation
    assert parameters.jkk_relief(dt.date(2025, 1, 1)) is None


def test_a_bad_risk_class_is_refused_by_the_rate_lookup():
    with pytest.raises(JamsosError) as refused:
        parameters.jkk_rate(dt.date(2025, 6, 1), 9)
    assert refused.value.code == "CONTRIBUTION_RISK_CLASS_INVALID"


def test_jkp_funding_exists_from_march_2021_and_changes_split_from_march_2025():
    assert parameters.jkp_funding(dt.date(2021, 2, 1)) is None
    old = parameters.jkp_funding(dt.date(2021, 3, 1))
    new = parameters.jkp_funding(dt.date(2025, 3, 1))
    assert (old.total.percent, old.from_jkm.percent) == (Decimal("0.46"), Decimal("0.10"))
    assert (new.total.percent, new.from_jkm.percent) == (Decimal("0.36"), 0)
    assert old.wage_cap.value == new.wage_cap.value == 5_000_000
    assert new.employer_extra.percent == new.worker_extra.percent == 0


def test_the_reported_wage_floor_and_its_approval_minimum():
    floor = parameters.reported_wage_floor(dt.date(2025, 6, 1))
    assert floor.default.value == 1_968_169
    assert floor.with_approval.value == 1_000_000
    assert floor.default.confidence == "low"
    assert parameters.reported_wage_floor(dt.date(2023, 2, 1)).with_approval is None
    with pytest.raises(JamsosError) as refused:
        parameters.reported_wage_floor(dt.date(2022, 12, 1))
    assert refused.value.code == "PARAMETER_NOT_IN_FORCE"


def test_payment_rules_give_the_due_day_and_the_fine_rate():
    rules = parameters.payment_rules(dt.date(2025, 6, 1))
    assert rules.due_day_of_following_month == 15
    assert rules.late_fine_percent_per_month == 2
    assert rules.regulation


def test_inactivity_after_three_unpaid_months_is_an_agency_policy():
    assert parameters.inactive_after_unpaid_months(dt.date(2025, 6, 17)) == 3
    entry = parameters.in_force("registry.inactive_after_unpaid_months", dt.date(2025, 6, 1))
    assert entry.confidence == "policy"
    assert "bukan peraturan" in entry.regulation


def test_a_month_before_july_2015_is_not_in_force_for_any_contribution_parameter():
    with pytest.raises(JamsosError) as refused:
        parameters.rates_for(dt.date(2015, 6, 1))
    assert refused.value.code == "PARAMETER_NOT_IN_FORCE"
    assert "≥ 2015-07" in refused.value.message("en")


def test_benefit_parameters_are_looked_up_by_event_date():
    assert parameters.in_force("benefit.jkm.lump_sum", dt.date(2019, 12, 1)).value == 16_200_000
    assert parameters.in_force("benefit.jkm.lump_sum", dt.date(2019, 12, 2)).value == 20_000_000
    assert parameters.in_force("benefit.jp.pension_age", dt.date(2025, 6, 1)).value == 59


# --- The validator, on small in-memory files ------------------------------------------------


def entry(start, end, value="1.0", **extra):
    data = {
        "from": start,
        "to": end,
        "value": value,
        "regulation": "PP 1/2000",
        "confidence": "high",
    }
    return data | extra


def small_file(*entries, unit="percent"):
    return {"parameters": {"pu.test.rate": {"unit": unit, "entries": list(entries)}}}


def check(data):
    return validate(data, required={})


def test_the_validator_accepts_adjacent_ranges():
    loaded = check(small_file(entry("2020-01-01", "2020-12-31"), entry("2021-01-01", None, "2")))
    assert loaded.in_force("pu.test.rate", dt.date(2021, 5, 1)).value == "2"


def test_the_validator_rejects_overlapping_ranges_and_names_the_entry():
    with pytest.raises(ParameterFileError, match=r"'pu\.test\.rate'.*2020-06-01.*overlaps"):
        check(small_file(entry("2020-01-01", "2020-12-31"), entry("2020-06-01", None)))


def test_the_validator_rejects_an_open_range_followed_by_another():
    with pytest.raises(ParameterFileError, match="overlaps"):
        check(small_file(entry("2020-01-01", None), entry("2021-01-01", None)))


@pytest.mark.parametrize("regulation", [None, "", "   "])
def test_the_validator_rejects_a_missing_regulation(regulation):
    bad = entry("2020-01-01", None)
    bad["regulation"] = regulation
    with pytest.raises(ParameterFileError, match=r"entry 0 \(from 2020-01-01\).*regulation"):
        check(small_file(bad))


def test_the_validator_rejects_an_entry_without_a_regulation_key():
    bad = entry("2020-01-01", None)
    del bad["regulation"]
    with pytest.raises(ParameterFileError, match="missing"):
        check(small_file(bad))


@pytest.mark.parametrize("value", [1.5, "5000000", True, -1, 5_000_000.0])
def test_the_validator_rejects_money_that_is_not_a_whole_rupiah(value):
    with pytest.raises(ParameterFileError, match=r"'pu\.test\.rate', entry 0.*whole number"):
        check(small_file(entry("2020-01-01", None, value), unit="rupiah"))


@pytest.mark.parametrize("value", [0.24, "abc", "-1", "101", "NaN"])
def test_the_validator_rejects_a_rate_that_is_not_a_percent_string(value):
    with pytest.raises(ParameterFileError, match=r"percent|decimal"):
        check(small_file(entry("2020-01-01", None, value)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"to": "2019-01-01"}, "before"),
        ({"from": "2020-13-01"}, "ISO date"),
        ({"confidence": "sure"}, "confidence"),
        ({"colour": "red"}, "unknown keys"),
    ],
)
def test_the_validator_rejects_other_malformed_entries(change, message):
    with pytest.raises(ParameterFileError, match=message):
        check(small_file(entry("2020-01-01", None) | change))


def test_the_validator_requires_every_parameter_the_code_reads():
    with pytest.raises(ParameterFileError, match=r"required parameter 'pu\.jp\.wage_cap'"):
        validate(small_file(entry("2020-01-01", None)), required={"pu.jp.wage_cap": "rupiah"})


def test_the_validator_requires_the_unit_the_code_expects():
    with pytest.raises(ParameterFileError, match="unit must be 'rupiah'"):
        validate(small_file(entry("2020-01-01", None)), required={"pu.test.rate": "rupiah"})


def test_the_shipped_file_fails_validation_when_a_regulation_is_removed():
    import json
    from importlib import resources

    text = resources.files("jamsos.programs").joinpath("data/parameters.json").read_text()
    data = json.loads(text)
    broken = copy.deepcopy(data)
    broken["parameters"]["pu.jp.wage_cap"]["entries"][3]["regulation"] = ""
    with pytest.raises(
        ParameterFileError, match=r"'pu\.jp\.wage_cap', entry 3 \(from 2018-03-01\)"
    ):
        validate(broken)
    validate(data)


def test_a_contribution_month_parameter_starting_mid_month_applies_from_the_next_month():
    loaded = check(small_file(entry("2021-02-02", None)))
    assert loaded.find("pu.test.rate", dt.date(2021, 2, 20)) is None
    assert loaded.find("pu.test.rate", dt.date(2021, 3, 1)) is not None
    with pytest.raises(JamsosError) as refused:
        loaded.in_force("pu.test.rate", dt.date(2021, 2, 1))
    assert "≥ 2021-03" in refused.value.message("id")

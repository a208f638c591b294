from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.id import nik as stdnum_nik

from jamsos.identity import (
    NikInfo,
    check_nik_against,
    compose_nik,
    mask_nik,
    parse_nik,
    regency_codes,
    regency_name,
    validate_nik,
)
from jamsos.ops.errors import JamsosError

from .support import refused_with

# Jakarta Selatan (3171), district 01, born 17 August 1945.
A_MAN = "3171011708450001"
A_WOMAN = "3171015708450002"


def test_a_man_s_nik_is_accepted_and_read_into_its_parts():
    assert validate_nik(A_MAN) == A_MAN
    assert parse_nik(A_MAN) == NikInfo(
        nik=A_MAN,
        province_code="31",
        regency_code="3171",
        district_code="317101",
        birth_day=17,
        birth_month=8,
        birth_year_2digits=45,
        sex="M",
        serial=1,
    )


def test_a_woman_s_nik_carries_her_birth_day_plus_forty():
    info = parse_nik(A_WOMAN)
    assert info.sex == "F"
    assert info.birth_day == 17
    assert A_WOMAN[6:8] == "57"


@pytest.mark.parametrize(
    "written",
    ["3171 0117 0845 0001", "3171.0117.0845.0001", "3171-011708-450001", "  3171011708450001 "],
)
def test_spaces_dots_and_dashes_between_digits_are_dropped(written):
    assert validate_nik(written) == A_MAN


def test_full_width_digits_from_an_asian_keyboard_are_read_as_digits():
    assert validate_nik("３１７１０１１７０８４５０００１") == A_MAN


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "NIK_REQUIRED"),
        ("   ", "NIK_REQUIRED"),
        (" - . ", "NIK_REQUIRED"),
        ("31710117O8450001", "NIK_NOT_DIGITS"),  # letter O for zero
        ("3171/0117/0845/0001", "NIK_NOT_DIGITS"),
        ("٣١٧١٠١١٧٠٨٤٥٠٠٠١", "NIK_NOT_DIGITS"),  # Arabic-Indic digits are not accepted
        ("317101170845001", "NIK_LENGTH"),
        ("31710117084500011", "NIK_LENGTH"),
        ("9971011708450001", "NIK_REGION_UNKNOWN"),  # no province 99
        ("3199011708450001", "NIK_REGION_UNKNOWN"),  # Jakarta has no regency 99
        ("3171010008450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # day 00
        ("3171013208450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # day 32
        ("3171014008450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # day 40: neither man nor woman
        ("3171017208450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # day 72 = woman's 32
        ("3171011700450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # month 00
        ("3171011713450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # month 13
        ("3171013104450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # 31 April
        ("3171017104450001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # a woman's 31 April
        ("3171013002000001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # 30 February
        ("3171012902010001", "NIK_BIRTH_DATE_IMPOSSIBLE"),  # 29 February 1901 or 2001
        ("3171011708450000", "NIK_SERIAL_ZERO"),
    ],
)
def test_each_kind_of_wrong_nik_gets_its_own_code(value, code):
    with refused_with(code):
        validate_nik(value)


def test_the_seed_example_1234567890123456_fails_on_its_region():
    # Province 12 (Sumatera Utara) exists but has no regency 34. The date part 567890 (a
    # woman's 16th of month 78) is impossible too, but the region comes first.
    assert regency_name("1201") is not None
    assert regency_name("1234") is None
    with refused_with("NIK_REGION_UNKNOWN"):
        validate_nik("1234567890123456")


def test_the_first_wrong_part_from_the_left_is_the_one_reported():
    with refused_with("NIK_REGION_UNKNOWN"):
        validate_nik("9999999999990000")
    with refused_with("NIK_BIRTH_DATE_IMPOSSIBLE"):
        validate_nik("3171019999990000")
    with refused_with("NIK_NOT_DIGITS"):
        validate_nik("12AB")  # wrong characters matter more than the length


def test_a_known_province_with_an_unknown_regency_is_refused_though_stdnum_accepts_it():
    assert stdnum_nik.is_valid("1234011708450001")
    with refused_with("NIK_REGION_UNKNOWN"):
        validate_nik("1234011708450001")


def test_a_day_part_above_seventy_one_is_refused_though_stdnum_reads_it_modulo_forty():
    assert stdnum_nik.is_valid("3171018508450001")
    with refused_with("NIK_BIRTH_DATE_IMPOSSIBLE"):
        validate_nik("3171018508450001")


@pytest.mark.parametrize("nik", ["3171012902000001", "3171016902040001", "3171012902960001"])
def test_29_february_is_possible_in_a_two_digit_year_divisible_by_four(nik):
    assert validate_nik(nik) == nik


def test_a_nik_ending_in_45_matches_a_birth_date_declared_in_1945():
    assert check_nik_against(nik=A_MAN, birth_date=dt.date(1945, 8, 17), sex="M") == A_MAN


def test_the_declared_birth_date_decides_the_century_where_stdnum_would_guess_1905():
    nik = compose_nik(region_code="327301", birth_date=dt.date(2005, 3, 5), sex="F", serial=3)
    assert nik == "3273014503050003"
    assert stdnum_nik.get_birth_date(nik) == dt.date(1905, 3, 5)
    assert check_nik_against(nik=nik, birth_date=dt.date(2005, 3, 5), sex="F") == nik


@pytest.mark.parametrize(
    "declared",
    [dt.date(1945, 8, 18), dt.date(1945, 9, 17), dt.date(1946, 8, 17), dt.date(1955, 8, 17)],
)
def test_a_birth_date_that_differs_from_the_nik_in_day_month_or_year_is_a_mismatch(declared):
    with refused_with("NIK_BIRTH_DATE_MISMATCH"):
        check_nik_against(nik=A_MAN, birth_date=declared, sex="M")


def test_the_mismatch_message_shows_the_date_the_nik_carries():
    with refused_with("NIK_BIRTH_DATE_MISMATCH") as caught:
        check_nik_against(nik=A_WOMAN, birth_date=dt.date(1945, 8, 18), sex="F")
    assert "17-08-45" in caught.value.message("id")
    assert caught.value.field == "birth_date"


def test_a_woman_declared_with_a_man_s_nik_is_a_sex_mismatch():
    with refused_with("NIK_SEX_MISMATCH"):
        check_nik_against(nik=A_MAN, birth_date=dt.date(1945, 8, 17), sex="F")


def test_a_man_declared_with_a_woman_s_nik_is_a_sex_mismatch():
    with refused_with("NIK_SEX_MISMATCH"):
        check_nik_against(nik=A_WOMAN, birth_date=dt.date(1945, 8, 17), sex="M")


def test_when_both_birth_date_and_sex_differ_the_birth_date_is_reported():
    with refused_with("NIK_BIRTH_DATE_MISMATCH"):
        check_nik_against(nik=A_MAN, birth_date=dt.date(1990, 1, 1), sex="F")


def test_checking_an_invalid_nik_reports_why_it_is_invalid():
    with refused_with("NIK_LENGTH"):
        check_nik_against(nik="12345", birth_date=dt.date(1945, 8, 17), sex="M")


def test_a_sex_code_other_than_m_or_f_is_a_programming_error():
    with pytest.raises(ValueError, match="sex"):
        check_nik_against(nik=A_MAN, birth_date=dt.date(1945, 8, 17), sex="L")


regencies = st.sampled_from(regency_codes())
birth_dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31))


@settings(deadline=None)
@given(
    regency=regencies,
    district=st.integers(1, 20),
    birth_date=birth_dates,
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(1, 9999),
)
def test_a_composed_nik_is_valid_and_reads_back_what_went_in(
    regency, district, birth_date, sex, serial
):
    region = f"{regency}{district:02d}"
    nik = compose_nik(region_code=region, birth_date=birth_date, sex=sex, serial=serial)
    assert validate_nik(nik) == nik
    info = parse_nik(nik)
    assert (info.district_code, info.sex, info.serial) == (region, sex, serial)
    assert check_nik_against(nik=nik, birth_date=birth_date, sex=sex) == nik


two_digits = st.integers(0, 99).map("{:02d}".format)


@settings(deadline=None)
@given(regency=regencies, parts=st.tuples(two_digits, two_digits, two_digits, two_digits))
def test_every_nik_we_accept_stdnum_accepts_too(regency, parts):
    day, month, year, district = parts
    for serial in ("0000", "0001"):
        nik = f"{regency}{district}{day}{month}{year}{serial}"
        try:
            validate_nik(nik)
        except JamsosError:
            continue
        assert stdnum_nik.is_valid(nik)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"region_code": "31710"}, "6 digits"),
        ({"region_code": "999901"}, "unknown"),
        ({"serial": 0}, "serial"),
        ({"serial": 10000}, "serial"),
        ({"sex": "X"}, "sex"),
    ],
)
def test_compose_nik_refuses_arguments_that_cannot_make_a_valid_nik(kwargs, problem):
    arguments = {
        "region_code": "317101",
        "birth_date": dt.date(1990, 5, 17),
        "sex": "M",
        "serial": 1,
    }
    with pytest.raises(ValueError, match=problem):
        compose_nik(**{**arguments, **kwargs})


def test_regency_codes_are_the_sorted_four_digit_codes_of_the_kemendagri_table():
    codes = regency_codes()
    assert len(codes) > 400
    assert list(codes) == sorted(set(codes))
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert {"1101", "3171", "3273", "9471"} <= set(codes)


def test_a_regency_is_named_by_its_code_and_an_unknown_code_has_no_name():
    assert regency_name("3171") == "JAKARTA SELATAN"
    assert regency_name("3273") == "BANDUNG"
    assert regency_name("9999") is None
    assert regency_name("31") is None


def test_a_masked_nik_shows_only_the_first_four_and_last_two_digits():
    assert mask_nik("3171011708450001") == "3171**********01"
    assert mask_nik("3171 0117 0845 0001") == "3171**********01"


def test_a_too_short_value_is_masked_completely():
    assert mask_nik("12345") == "*****"
    assert mask_nik("") == ""


def test_a_refusal_names_the_form_field_it_belongs_to():
    with refused_with("NIK_REQUIRED") as caught:
        validate_nik("")
    assert caught.value.field == "nik"
    with refused_with("NIK_REQUIRED") as caught:
        validate_nik("", field="spouse_nik")
    assert caught.value.field == "spouse_nik"

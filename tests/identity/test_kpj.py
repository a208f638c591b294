from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import luhn, verhoeff

from jamsos.identity import is_patterned, kpj_from_serial, validate_kpj

from .support import refused_with

LAST_SERIAL = 8_999_999_999
serials = st.integers(1, LAST_SERIAL)
A_SERIAL = 4_271_828


def _issued(serial: int) -> str:
    kpj = kpj_from_serial(serial)
    assume(kpj is not None)
    return kpj


def test_an_issued_kpj_is_eleven_digits_starting_with_its_body():
    kpj = kpj_from_serial(A_SERIAL)
    assert kpj is not None
    assert len(kpj) == 11
    assert kpj[:10] == "1004271828"
    assert validate_kpj(kpj) == kpj


@pytest.mark.parametrize("separator", [" ", "-", " - "])
def test_spaces_and_dashes_between_digits_are_dropped(separator):
    kpj = kpj_from_serial(A_SERIAL)
    assert kpj is not None
    written = separator.join([kpj[:4], kpj[4:8], kpj[8:]])
    assert validate_kpj(f"  {written} ") == kpj


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "KPJ_REQUIRED"),
        (" - ", "KPJ_REQUIRED"),
        ("02D00065455", "KPJ_NOT_DIGITS"),  # a legacy Jamsostek-era number
        ("1000.123.4567", "KPJ_NOT_DIGITS"),
        ("1004271828", "KPJ_LENGTH"),
        ("100012345600", "KPJ_LENGTH"),
    ],
)
def test_each_kind_of_wrong_kpj_gets_its_own_code(value, code):
    with refused_with(code):
        validate_kpj(value)


def test_a_kpj_with_the_wrong_check_digit_is_refused():
    kpj = kpj_from_serial(A_SERIAL)
    assert kpj is not None
    wrong = kpj[:-1] + str((int(kpj[-1]) + 1) % 10)
    with refused_with("KPJ_CHECK_DIGIT"):
        validate_kpj(wrong)


@given(serials)
def test_every_single_digit_substitution_of_a_valid_kpj_is_caught(serial):
    kpj = _issued(serial)
    for position, original in enumerate(kpj):
        for digit in "0123456789":
            if digit != original:
                typo = kpj[:position] + digit + kpj[position + 1 :]
                with refused_with("KPJ_CHECK_DIGIT"):
                    validate_kpj(typo)


@given(serials)
def test_every_swap_of_two_different_adjacent_digits_of_a_valid_kpj_is_caught(serial):
    kpj = _issued(serial)
    for position in range(len(kpj) - 1):
        left, right = kpj[position], kpj[position + 1]
        if left != right:
            swapped = kpj[:position] + right + left + kpj[position + 2 :]
            with refused_with("KPJ_CHECK_DIGIT"):
                validate_kpj(swapped)


def test_verhoeff_catches_the_09_90_swap_that_luhn_misses():
    body, swapped = "1000000090", "1000000900"
    assert luhn.is_valid(swapped + luhn.calc_check_digit(body))  # Luhn does not notice
    assert not verhoeff.is_valid(swapped + verhoeff.calc_check_digit(body))


@given(serials)
def test_an_issued_kpj_is_never_patterned(serial):
    kpj = kpj_from_serial(serial)
    assert kpj is None or not is_patterned(kpj)


@given(st.integers(1, LAST_SERIAL), st.integers(1, LAST_SERIAL))
def test_two_different_serials_never_give_the_same_kpj(first, second):
    assume(first != second)
    one, other = kpj_from_serial(first), kpj_from_serial(second)
    assume(one is not None and other is not None)
    assert one != other


def test_kpj_from_serial_is_injective_over_a_sample_range():
    sample = [*range(1, 20_001), *range(LAST_SERIAL - 5_000, LAST_SERIAL + 1)]
    issued = [kpj for kpj in map(kpj_from_serial, sample) if kpj is not None]
    assert len(issued) == len(set(issued))
    assert len(issued) > 0.9 * len(sample)


def test_the_first_serials_give_long_runs_of_zeros_and_are_skipped():
    assert kpj_from_serial(1) is None  # 1000000001 + check digit: eight zeros in a row


@pytest.mark.parametrize("serial", [0, -1, LAST_SERIAL + 1])
def test_a_serial_outside_the_number_space_is_refused(serial):
    with pytest.raises(ValueError, match="serial"):
        kpj_from_serial(serial)


def test_the_last_serial_still_fits_in_eleven_digits():
    kpj = kpj_from_serial(LAST_SERIAL - 1)
    assert kpj is None or kpj.startswith("9999999998")


@pytest.mark.parametrize(
    "number",
    [
        "11111111111",  # all the same digit
        "12345678901",  # body 1234567890 is one straight run
        "98765432109",  # body 9876543210 counts down
        "10987654321",  # counting down through 0 -> 9
        "55789012355",  # 7890123 counts up through 9 -> 0
        "10000000123",  # seven zeros in a row
        "42999999919",  # seven nines in a row
    ],
)
def test_patterned_numbers_are_recognised(number):
    assert is_patterned(number)


@pytest.mark.parametrize(
    "number",
    [
        "10000001234",  # six zeros, then a run of five: both below seven
        "12121212121",  # alternating is not a run
        "10203040506",
        "98798798798",
    ],
)
def test_numbers_without_a_run_of_seven_are_not_patterned(number):
    assert not is_patterned(number)


def test_a_run_of_exactly_seven_is_patterned_and_six_is_not():
    assert is_patterned("1234567")
    assert not is_patterned("123456")
    assert is_patterned("7777777")
    assert is_patterned("777777")  # all the same digit, however short


def test_is_patterned_takes_digits_only():
    with pytest.raises(ValueError, match="digits"):
        is_patterned("12a45")

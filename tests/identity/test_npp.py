from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import verhoeff

from jamsos.identity import is_patterned, npp_from_serial, validate_npp

from .support import refused_with

LAST_SERIAL = 8_999_999
serials = st.integers(1, LAST_SERIAL)


def test_an_issued_npp_is_eight_digits_ending_in_a_verhoeff_check_digit():
    npp = npp_from_serial(4_271)
    assert npp == "1004271" + verhoeff.calc_check_digit("1004271")
    assert validate_npp(npp) == npp
    assert validate_npp(npp, allow_legacy=True) == npp


@given(serials)
def test_every_single_digit_substitution_of_a_valid_npp_is_caught(serial):
    npp = npp_from_serial(serial)
    assume(npp is not None)
    for position, original in enumerate(npp):
        for digit in "0123456789":
            if digit != original:
                with refused_with("NPP_CHECK_DIGIT"):
                    validate_npp(npp[:position] + digit + npp[position + 1 :])


@given(serials)
def test_an_issued_npp_is_never_patterned_and_shares_the_kpj_rule(serial):
    npp = npp_from_serial(serial)
    assert npp is None or not is_patterned(npp)


def test_npp_from_serial_is_injective_over_a_sample_range():
    sample = [*range(1, 20_001), *range(LAST_SERIAL - 2_000, LAST_SERIAL + 1)]
    issued = [npp for npp in map(npp_from_serial, sample) if npp is not None]
    assert len(issued) == len(set(issued))


def test_a_body_that_is_one_straight_run_is_skipped():
    assert npp_from_serial(234_567) is None  # body 1234567


@pytest.mark.parametrize("serial", [0, LAST_SERIAL + 1])
def test_a_serial_outside_the_npp_space_is_refused(serial):
    with pytest.raises(ValueError, match="serial"):
        npp_from_serial(serial)


@pytest.mark.parametrize(
    ("value", "kwargs", "code"),
    [
        ("", {}, "NPP_REQUIRED"),
        ("  ", {"allow_legacy": True}, "NPP_REQUIRED"),
        ("1004271", {}, "NPP_FORMAT"),
        ("JJ0P4391", {}, "NPP_FORMAT"),  # a legacy code where only new numbers are allowed
        ("JJ0P439!", {"allow_legacy": True}, "NPP_FORMAT"),
        ("JJ0P43911", {"allow_legacy": True}, "NPP_FORMAT"),
        ("15070955", {}, "NPP_CHECK_DIGIT"),  # a real all-digit legacy NPP
    ],
)
def test_each_kind_of_wrong_npp_gets_its_own_code(value, kwargs, code):
    with refused_with(code):
        validate_npp(value, **kwargs)


@pytest.mark.parametrize(
    ("value", "stored"),
    [("JJ0P4391", "JJ0P4391"), ("jj0p-4391", "JJ0P4391"), ("1507 0955", "15070955")],
)
def test_legacy_npps_are_accepted_as_they_are_when_allowed(value, stored):
    assert validate_npp(value, allow_legacy=True) == stored

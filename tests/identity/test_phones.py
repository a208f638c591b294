from __future__ import annotations

import pytest

from jamsos.identity import is_mobile, mask_phone, normalise_phone

from .support import refused_with


@pytest.mark.parametrize(
    "written",
    [
        "0812-3456-7890",
        "0812 3456 7890",
        "62812-3456-7890",
        "6281234567890",
        "+62 812 3456 7890",
        "+62 (0)812 3456 7890",
        "812-3456-7890",
        " 081234567890 ",
    ],
)
def test_an_indonesian_mobile_number_is_stored_in_e164_however_it_is_written(written):
    assert normalise_phone(written) == "+6281234567890"


def test_a_jakarta_landline_with_its_area_code_is_accepted():
    assert normalise_phone("(021) 5012 3456") == "+622150123456"


def test_a_number_abroad_written_with_its_country_code_is_accepted():
    assert normalise_phone("+60 12-345 6789") == "+60123456789"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "PHONE_REQUIRED"),
        ("   ", "PHONE_REQUIRED"),
        ("abc", "PHONE_MALFORMED"),
        ("12", "PHONE_MALFORMED"),
        ("08123", "PHONE_MALFORMED"),
        ("+62812345678901234", "PHONE_MALFORMED"),
        ("+999 1234 5678", "PHONE_MALFORMED"),
    ],
)
def test_each_kind_of_wrong_phone_number_gets_its_own_code(value, code):
    with refused_with(code):
        normalise_phone(value)


def test_a_mobile_number_is_recognised_and_a_landline_is_not():
    assert is_mobile("+6281234567890")
    assert not is_mobile("+622150123456")
    assert not is_mobile("not a number")


def test_a_masked_phone_shows_the_country_code_and_last_three_digits():
    assert mask_phone("+6281234567890") == "+62 ****-****-890"
    assert mask_phone("+622150123456") == "+62 ***-****-456"


def test_an_unreadable_stored_phone_is_masked_completely():
    assert mask_phone("garbage") == "***"

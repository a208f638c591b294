from __future__ import annotations

import pytest

from jamsos.notify.sms import sms_encoding, sms_parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
    ],
)
def test_gsm7_text_fits_160_characters_in_one_sms_and_153_in_each_part(text, parts):
    assert sms_encoding(text) == "GSM-7"
    assert sms_parts(text) == parts


def test_characters_from_the_extension_table_count_twice():
    assert sms_encoding("Biaya €5 {ok}") == "GSM-7"
    assert sms_parts("€" * 80) == 1  # 160 septets
    assert sms_parts("€" * 81) == 2


def test_an_escaped_character_is_never_split_between_two_parts():
    # 152 septets, then a two-septet character that does not fit in the first part's 153.
    assert sms_parts("a" * 152 + "€" + "a" * 152) == 3
    assert sms_parts("a" * 151 + "€" + "a" * 153) == 2


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("“" * 70, 1),
        ("“" * 71, 2),
        ("“" * 134, 2),
        ("“" * 135, 3),
    ],
)
def test_one_character_outside_gsm7_turns_the_text_into_ucs2_at_70_and_67(text, parts):
    assert sms_encoding(text) == "UCS-2"
    assert sms_parts(text) == parts


def test_a_curly_quote_doubles_the_cost_of_an_otherwise_plain_indonesian_text():
    plain = "Kode OTP Anda 123456. Jangan berikan kode ini kepada siapa pun, termasuk petugas. " * 2
    assert sms_parts(plain) == 2
    assert sms_parts(plain.replace("Kode", "“Kode”", 1)) == 3


def test_an_emoji_takes_two_ucs2_units():
    assert sms_parts("😀" * 35) == 1
    assert sms_parts("😀" * 36) == 2
    assert sms_parts("😀" * 34 + "a" * 2) == 1

"""Every reply fits one SMS: each template filled with the longest values it can hold."""

from __future__ import annotations

import datetime as dt

import pytest

from jamsos.channels.sms import replies
from jamsos.identity import errors
from jamsos.notify.sms import GSM7_SINGLE, sms_encoding, sms_parts
from jamsos.ops.errors import JamsosError

LONGEST_CALL_CENTRE = "9" * replies.MAX_CALL_CENTRE_CHARS
LATE = dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC)
LONGEST = {
    "masked_nik": "3171**********01",
    "kpj": "12345678901",
    "call_centre": LONGEST_CALL_CENTRE,
}


def every_reply(language: str) -> dict[str, str]:
    cc = LONGEST_CALL_CENTRE
    membership = {key: LONGEST[key] for key in ("masked_nik", "kpj", "call_centre")}
    return {
        "help": replies.help_text(language, call_centre=cc),
        "cek usage": replies.usage_text("cek", language, call_centre=cc),
        "saldo usage": replies.usage_text("saldo", language, call_centre=cc),
        "active, paid": replies.membership_text(
            language, active=True, last_paid_month=dt.date(2026, 12, 1), **membership
        ),
        "active, never paid": replies.membership_text(
            language, active=True, last_paid_month=None, **membership
        ),
        "inactive, paid": replies.membership_text(
            language, active=False, last_paid_month=dt.date(2026, 12, 1), **membership
        ),
        "inactive, never paid": replies.membership_text(
            language, active=False, last_paid_month=None, **membership
        ),
        "balance": replies.balance_text(
            language,
            kpj=LONGEST["kpj"],
            balance=999_999_999_999_999,
            as_of=dt.date(2026, 12, 31),
            call_centre=cc,
        ),
        "neutral": replies.neutral_text(language, call_centre=cc),
        "number limited": replies.number_limited_text(language, until=LATE, call_centre=cc),
        "sender limited": replies.sender_limited_text(language, until=LATE, call_centre=cc),
        "busy": replies.busy_text(language, until=LATE, call_centre=cc),
    }


# Every refusal validate_nik and validate_kpj can give, with the widest values they fill in.
NUMBER_ERRORS = [
    JamsosError(errors.NIK_REQUIRED),
    JamsosError(errors.NIK_NOT_DIGITS),
    JamsosError(errors.NIK_LENGTH, length=1600),
    JamsosError(errors.NIK_REGION_UNKNOWN, region="9999"),
    JamsosError(errors.NIK_BIRTH_DATE_IMPOSSIBLE, date_part="999999"),
    JamsosError(errors.NIK_SERIAL_ZERO),
    JamsosError(errors.KPJ_REQUIRED),
    JamsosError(errors.KPJ_NOT_DIGITS),
    JamsosError(errors.KPJ_LENGTH, length=1600),
    JamsosError(errors.KPJ_CHECK_DIGIT),
]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_reply_template_fits_one_gsm7_sms_with_its_longest_values(language):
    for name, text in every_reply(language).items():
        assert sms_encoding(text) == "GSM-7", name
        assert len(text) <= GSM7_SINGLE and sms_parts(text) == 1, (name, len(text), text)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("error", NUMBER_ERRORS, ids=lambda e: e.code)
def test_every_explanation_of_a_wrong_number_fits_one_gsm7_sms(language, error):
    text = replies.invalid_number_text(error, language)

    assert text == error.message(language)
    assert sms_encoding(text) == "GSM-7" and sms_parts(text) == 1, (len(text), text)


def test_the_templates_tested_here_are_all_there_are():
    # A template added without a worst case above would go untested.
    used = {"help", "cek_usage", "saldo_usage", "cek_active", "cek_inactive", "paid"}
    used |= {"never_paid", "saldo", "neutral", "number_limited", "sender_limited", "busy"}
    assert set(replies.NAMES) == used


def test_english_replies_are_english_and_indonesian_ones_indonesian():
    english, indonesian = every_reply("en"), every_reply("id")

    assert "Help:" in english["help"] and "CHECK <NIK>" in english["help"]
    assert "Info:" in indonesian["help"] and "CEK <NIK>" in indonesian["help"]
    assert "ACTIVE" in english["active, paid"] and "AKTIF" in indonesian["active, paid"]
    assert "TIDAK AKTIF" in indonesian["inactive, paid"]


def test_amounts_are_written_the_way_each_language_writes_them():
    assert replies.rupiah(1_234_567, "id") == "Rp1.234.567"
    assert replies.rupiah(1_234_567, "en") == "Rp1,234,567"


def test_times_are_given_in_jakarta_time():
    assert replies.time_text(dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)) == "10:00"

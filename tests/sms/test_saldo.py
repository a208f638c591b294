"""SALDO <KPJ>: the JHT balance goes only to the participant's registered, verified phone."""

from __future__ import annotations

import pytest

from jamsos.audit.models import AuditEvent
from jamsos.channels.sms.models import InboundSms, Outcome
from jamsos.identity import kpj_from_serial
from tests.sms.conftest import STRANGER_PHONE, ask

# A well-formed KPJ that nobody holds: the serial is far beyond what the tests issue.
UNKNOWN_KPJ = kpj_from_serial(2_718_281_828)


def test_from_the_registered_phone_saldo_answers_with_the_jht_balance(budi):
    pytest.importorskip("jamsos.ledger.selectors")  # built beside this channel
    from jamsos.ledger.models import JhtAccount

    _, participant = budi
    JhtAccount.objects.create(participant=participant, balance=12_345_678)

    text = ask(f"SALDO {participant.kpj}")

    assert text.startswith(f"Saldo JHT untuk KPJ {participant.kpj}: Rp12.345.678 per ")
    event = AuditEvent.objects.get(channel="sms")
    assert (event.action, event.outcome, event.subject_participant_id) == (
        "jht.balance.lookup",
        "success",
        participant.pk,
    )


def test_english_balance_gets_an_english_reply(budi):
    pytest.importorskip("jamsos.ledger.selectors")
    _, participant = budi

    assert ask(f"BALANCE {participant.kpj}").startswith(
        f"JHT balance for KPJ {participant.kpj}: Rp0 as of "
    )


def test_from_another_phone_the_reply_is_the_same_as_for_an_unknown_kpj(budi):
    _, participant = budi

    other_phone = ask(f"SALDO {participant.kpj}", sender=STRANGER_PHONE)
    unknown_kpj = ask(f"SALDO {UNKNOWN_KPJ}", sender=STRANGER_PHONE)
    unknown_from_budi = ask(f"SALDO {UNKNOWN_KPJ}")

    assert other_phone == unknown_kpj == unknown_from_budi
    assert "Rp" not in other_phone
    # And the same as the neutral CEK reply: one text for every refusal.
    assert other_phone == ask("CEK 3171011708450001", sender=STRANGER_PHONE)


def test_an_unverified_registered_phone_gets_the_neutral_reply(budi):
    _, participant = budi
    participant.phone_verified_at = None
    participant.save(update_fields=["phone_verified_at"])

    assert ask(f"SALDO {participant.kpj}") == ask(f"SALDO {UNKNOWN_KPJ}")


def test_failed_saldo_attempts_are_audited_with_the_holder_when_the_kpj_exists(budi):
    _, participant = budi

    ask(f"SALDO {participant.kpj}", sender=STRANGER_PHONE)
    ask(f"SALDO {UNKNOWN_KPJ}", sender=STRANGER_PHONE)

    holder, nobody = AuditEvent.objects.filter(channel="sms").order_by("id")
    assert (holder.action, holder.outcome, holder.subject_participant_id) == (
        "jht.balance.lookup",
        "not_found",
        participant.pk,
    )
    assert holder.details["failed"] == ["registered_phone"]
    assert (nobody.subject_participant_id, nobody.details["failed"]) == (None, ["kpj"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SALDO 1234567890", "Nomor KPJ terdiri dari 11 angka, sedangkan yang Anda tulis 10"),
        ("SALDO 12345678900", "Nomor KPJ ini tidak ada"),
        ("SALDO 02D00065455", "Nomor KPJ hanya berisi angka"),
        ("SALDO", "Format: SALDO <KPJ>"),
        ("BALANCE", "Format: BALANCE <KPJ>"),
    ],
)
def test_a_wrong_kpj_is_explained(db, text, expected):
    assert expected in ask(text)
    assert InboundSms.objects.get().outcome == Outcome.INVALID


def test_failed_attempts_close_a_kpj_for_other_phones(budi, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_FAILURES_PER_NUMBER", "1/3600")
    _, participant = budi

    first = ask(f"SALDO {participant.kpj}", sender=STRANGER_PHONE)
    second = ask(f"SALDO {participant.kpj}", sender=STRANGER_PHONE)

    assert "terdaftar dan terverifikasi" in first
    assert second.startswith("Terlalu banyak percobaan gagal")

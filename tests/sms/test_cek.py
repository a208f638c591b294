"""CEK <NIK>: the membership number goes only to the participant's registered, verified phone."""

from __future__ import annotations

import pytest

from jamsos.audit.models import AuditEvent
from jamsos.channels.sms.models import InboundSms, Outcome
from jamsos.identity import mask_nik
from jamsos.notify.models import OutboxMessage
from tests.factories import make_nik
from tests.sms.conftest import BUDI_PHONE, STRANGER_PHONE, ask, send


def test_from_the_registered_phone_cek_answers_with_the_kpj_and_status(budi):
    nik, participant = budi

    text = ask(f"CEK {nik}")

    assert participant.kpj in text
    assert "status AKTIF" in text
    assert mask_nik(nik) in text and nik not in text
    assert "belum ada iuran dibayar" in text  # enrolled a month ago, nothing paid yet
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.participant_id) == (BUDI_PHONE, participant.pk)
    assert message.purpose == "sms.reply.answered"


def test_from_another_phone_the_reply_is_the_same_as_for_an_unknown_nik(budi):
    nik, participant = budi

    other_phone = ask(f"CEK {nik}", sender=STRANGER_PHONE)
    unknown_nik = ask(f"CEK {make_nik()}", sender=STRANGER_PHONE)
    unknown_from_budi = ask(f"CEK {make_nik()}")

    assert other_phone == unknown_nik == unknown_from_budi
    assert participant.kpj not in other_phone
    assert "terdaftar dan terverifikasi" in other_phone


def test_an_unverified_phone_gets_the_neutral_reply_even_when_it_is_the_registered_one(budi):
    nik, participant = budi
    participant.phone_verified_at = None
    participant.save(update_fields=["phone_verified_at"])

    assert ask(f"CEK {nik}") == ask(f"CEK {make_nik()}", sender=STRANGER_PHONE)


def test_the_sample_invalid_nik_gets_an_explanation_of_what_is_wrong(db):
    text = ask("CEK 1234567890123456")

    assert "Empat angka pertama NIK (1234)" in text  # NIK_REGION_UNKNOWN
    assert "1234567890123456" not in text
    assert InboundSms.objects.get().outcome == Outcome.INVALID


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CEK 12345", "NIK terdiri dari 16 angka, sedangkan yang Anda tulis 5 angka"),
        ("CEK 31710117084O0001", "NIK hanya berisi angka"),
        ("CEK 3171019913450001", "harus berupa tanggal, bulan, dan tahun lahir"),
        ("CEK 3171011708450000", "tidak mungkin 0000"),
        ("CEK", "Format: CEK <NIK>"),
        ("CHECK 1234567890123456", "are not a registered province"),
    ],
)
def test_each_kind_of_wrong_nik_is_explained(db, text, expected):
    assert expected in ask(text)


def test_an_invalid_nik_is_not_looked_up_audited_or_counted_as_a_failure(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_FAILURES_PER_NUMBER", "1/3600")

    ask("CEK 1234567890123456")
    ask("CEK 1234567890123456")

    assert not AuditEvent.objects.filter(channel="sms").exists()
    assert InboundSms.objects.filter(outcome=Outcome.INVALID).count() == 2


def test_english_check_gets_an_english_reply(budi):
    nik, participant = budi

    assert ask(f"CHECK {nik}").startswith(f"NIK {mask_nik(nik)}: KPJ number {participant.kpj}")
    assert ask(f"CHECK {make_nik()}").startswith("We cannot send this data.")
    assert "are not a registered province" in ask("CHECK 1234567890123456")


def test_an_answer_is_audited_with_the_participant_and_a_masked_sender(budi):
    nik, participant = budi

    receipt = send(f"CEK {nik}")

    event = AuditEvent.objects.get(channel="sms")
    assert (event.channel, event.action, event.outcome) == ("sms", "participant.lookup", "success")
    assert event.subject_participant_id == participant.pk
    assert (event.actor, event.actor_role, event.actor_label) == (None, "public", "sms:+62***890")
    assert event.details == {
        "policy": "sms_cek",
        "inbound_sms_id": receipt.inbound_id,
        "keyword": "cek",
    }


def test_a_failed_attempt_is_audited_against_the_record_it_was_compared_with(budi):
    nik, participant = budi

    send(f"CEK {nik}", sender=STRANGER_PHONE)
    send(f"CEK {make_nik()}", sender=STRANGER_PHONE)

    wrong_phone, unknown = AuditEvent.objects.filter(channel="sms").order_by("id")
    assert (wrong_phone.outcome, wrong_phone.subject_participant_id) == (
        "not_found",
        participant.pk,
    )
    assert wrong_phone.details["failed"] == ["registered_phone"]
    assert wrong_phone.actor_label == "sms:+62***766"
    assert (unknown.outcome, unknown.subject_participant_id) == ("not_found", None)
    assert unknown.details["failed"] == ["nik"]


def test_failed_attempts_close_a_nik_for_other_phones_but_not_for_the_registered_one(
    budi, monkeypatch
):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_FAILURES_PER_NUMBER", "2/3600")
    nik, participant = budi
    unknown = make_nik()

    neutral = [ask(f"CEK {nik}", sender=STRANGER_PHONE) for _ in range(2)]
    closed = ask(f"CEK {nik}", sender=STRANGER_PHONE)
    for _ in range(2):
        ask(f"CEK {unknown}", sender="+6281399887766")
    closed_unknown = ask(f"CEK {unknown}", sender="+6281399887766")

    assert neutral[0] == neutral[1] and "terdaftar dan terverifikasi" in neutral[0]
    assert closed.startswith("Terlalu banyak percobaan gagal untuk nomor ini.")
    assert closed == closed_unknown  # closed the same way whether the NIK exists or not
    assert participant.kpj in ask(f"CEK {nik}")
    denied = AuditEvent.objects.filter(outcome="denied")
    assert [e.subject_participant_id for e in denied.order_by("id")] == [participant.pk, None]


def test_the_stored_message_is_encrypted_and_the_keyword_is_kept_in_clear(budi):
    from django.db import connection

    nik, _ = budi
    send(f"CEK {nik}")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM sms_inbound")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert nik not in raw and "81234567890" not in raw
    assert "cek" in raw and "answered" in raw

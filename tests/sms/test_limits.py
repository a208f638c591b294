"""Past a limit replies stop; the sender hears so once per window, then nothing."""

from __future__ import annotations

import datetime as dt

from jamsos.channels.sms.models import InboundSms, Outcome
from tests.sms.conftest import BUDI_PHONE, NOW, STRANGER_PHONE, ask


def outcomes() -> list[str]:
    return list(InboundSms.objects.order_by("id").values_list("outcome", flat=True))


def test_past_the_sender_s_limit_one_notice_comes_and_then_silence(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "2/3600")

    answers = [ask("BANTUAN") for _ in range(5)]

    assert answers[0] == answers[1] and answers[0].startswith("Layanan SMS:")
    assert answers[2].startswith("Anda sudah mengirim terlalu banyak SMS.")
    assert " WIB" in answers[2]
    assert answers[3:] == [None, None]
    assert outcomes() == ["help", "help", "limit_notice", "suppressed", "suppressed"]


def test_the_limit_notice_speaks_the_language_of_the_message_that_hit_it(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")
    ask("HELP")

    assert ask("HELP").startswith("You have sent too many messages.")


def test_one_sender_s_limit_leaves_other_senders_alone(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")
    ask("BANTUAN")
    ask("BANTUAN")

    assert ask("BANTUAN", sender=STRANGER_PHONE).startswith("Layanan SMS:")


def test_in_the_next_window_the_sender_is_answered_again_and_may_be_told_again(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")
    later = NOW + dt.timedelta(hours=1)
    for _ in range(3):
        ask("BANTUAN")

    assert ask("BANTUAN", now=later).startswith("Layanan SMS:")
    assert ask("BANTUAN", now=later).startswith("Anda sudah mengirim")


def test_past_the_overall_limit_each_sender_is_told_once_that_the_service_is_busy(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_OVERALL", "2/60")
    ask("BANTUAN", sender="+6281311111111")
    ask("BANTUAN", sender="+6281322222222")

    busy = ask("BANTUAN")
    silent = ask("BANTUAN")
    other = ask("HELP", sender=STRANGER_PHONE)

    assert busy.startswith("Layanan SMS sedang sibuk.")
    assert silent is None
    assert other.startswith("The SMS service is busy")
    assert outcomes()[2:] == [Outcome.BUSY_NOTICE, Outcome.SUPPRESSED, Outcome.BUSY_NOTICE]


def test_data_is_not_given_past_a_limit(budi, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")
    nik, participant = budi
    ask("BANTUAN")

    notice = ask(f"CEK {nik}")

    assert participant.kpj not in notice
    assert InboundSms.objects.filter(msisdn_index__isnull=False).count() == 2
    assert BUDI_PHONE not in notice


def test_every_message_is_stored_even_the_unanswered_ones(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")

    for _ in range(4):
        ask("BANTUAN")

    assert InboundSms.objects.count() == 4
    assert InboundSms.objects.filter(reply__isnull=False).count() == 2

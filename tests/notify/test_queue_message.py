from __future__ import annotations

import pytest
from django.db import connection, transaction

from jamsos.notify.models import Kind, OutboxMessage, Status
from jamsos.notify.services import MAX_SMS_PARTS, queue_message
from jamsos.ops.errors import JamsosError

OTP_TEXT = "Kode OTP Jamsos Anda 123456. Jangan berikan kepada siapa pun."


def queue_otp(**overrides):
    values = {
        "kind": "sms",
        "recipient": "0812-3456-7890",
        "body": OTP_TEXT,
        "purpose": "otp.signup",
    }
    values.update(overrides)
    return queue_message(**values)


def test_a_message_is_sent_only_after_the_transaction_commits(transactional_db, outbox):
    with transaction.atomic():
        message = queue_otp(participant_id=7)
        assert outbox.sent == []
        assert OutboxMessage.objects.get(pk=message.pk).status == Status.PENDING

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.provider_message_id == "memory-1"
    assert [(m.recipient, m.body, m.purpose) for m in outbox.sent] == [
        ("+6281234567890", OTP_TEXT, "otp.signup")
    ]


def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(transactional_db, outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_otp()
        raise RuntimeError("the change this message reports failed")

    assert not OutboxMessage.objects.exists()
    assert outbox.sent == []


def test_delivery_is_scheduled_on_commit_and_not_before(
    db, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_otp()
        assert outbox.sent == []

    assert len(callbacks) == 1
    assert len(outbox.sent) == 1


def test_the_same_idempotency_key_queued_twice_gives_one_message_sent_once(
    db, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue_otp(idempotency_key="otp.signup:account-41:code-1")
        second = queue_otp(idempotency_key="otp.signup:account-41:code-1")
        other = queue_otp(idempotency_key="otp.signup:account-41:code-2")

    assert first.pk == second.pk != other.pk
    assert OutboxMessage.objects.count() == 2
    assert len(callbacks) == 2
    assert len(outbox.sent) == 2


def test_a_key_queued_again_after_sending_is_not_sent_again(
    db, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_otp(idempotency_key="lookup.kpj:request-9")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = queue_otp(idempotency_key="lookup.kpj:request-9")

    assert again.status == Status.SENT
    assert callbacks == []
    assert len(outbox.sent) == 1


def test_phone_numbers_are_stored_in_e164_and_addresses_with_a_lower_case_domain(db):
    sms = queue_otp(recipient="62 812 3456 7890")
    email = queue_message(
        kind="email",
        recipient="  Budi.Santoso@Example.COM ",
        subject="Nomor KPJ Anda",
        body="Nomor KPJ Anda: 12345678901",
        purpose="lookup.kpj",
    )

    assert OutboxMessage.objects.get(pk=sms.pk).recipient == "+6281234567890"
    assert OutboxMessage.objects.get(pk=email.pk).recipient == "Budi.Santoso@example.com"
    assert sms.masked_recipient == "+62 ****-****-890"
    assert email.masked_recipient == "B***@example.com"


def test_a_malformed_recipient_is_refused_with_the_identity_error(db):
    with pytest.raises(JamsosError) as phone_error:
        queue_otp(recipient="0812")
    with pytest.raises(JamsosError) as email_error:
        queue_message(kind="email", recipient="budi@", subject="x", body="y", purpose="lookup.kpj")

    assert phone_error.value.code == "PHONE_MALFORMED"
    assert email_error.value.code == "EMAIL_MALFORMED"
    assert not OutboxMessage.objects.exists()


def test_the_raw_row_holds_no_plaintext_recipient(db):
    queue_otp()
    queue_message(
        kind="email",
        recipient="rahasia.sekali@example.com",
        subject="Kode",
        body="Kode 1",
        purpose="otp.login",
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient FROM notify_outbox")
        raw = " ".join(row[0] for row in cursor.fetchall())

    for secret in ("81234567890", "rahasia.sekali", "example.com"):
        assert secret not in raw
    assert raw.count("$") == 2  # two ciphertexts, "<key id>$<data>"


def test_the_number_of_sms_parts_is_recorded_and_e_mail_has_none(db):
    short = queue_otp()
    long = queue_otp(body="a" * 200)
    email = queue_message(
        kind=Kind.EMAIL, recipient="a@example.com", subject="S", body="b" * 500, purpose="x.y"
    )

    assert (short.sms_parts, long.sms_parts, email.sms_parts) == (1, 2, None)


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"body": "   "}, "needs a body"),
        ({"subject": "Kode"}, "an SMS has no subject"),
        ({"body": "a" * (153 * MAX_SMS_PARTS + 1)}, "parts"),
        ({"purpose": "OTP signup"}, "dotted lower-case name"),
        ({"idempotency_key": ""}, "idempotency key"),
        ({"kind": "fax"}, "fax"),
    ],
)
def test_a_message_that_cannot_be_right_is_a_programming_error(db, overrides, complaint):
    with pytest.raises(ValueError, match=complaint):
        queue_otp(**overrides)


@pytest.mark.parametrize(
    ("subject", "complaint"), [("", "needs a subject"), ("Kode\nBcc: x@y.z", "one line")]
)
def test_an_e_mail_needs_a_one_line_subject(db, subject, complaint):
    with pytest.raises(ValueError, match=complaint):
        queue_message(
            kind="email", recipient="a@example.com", subject=subject, body="b", purpose="x.y"
        )

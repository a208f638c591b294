"""One gateway message id is processed once and answered once, however often it arrives."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from jamsos.audit.models import AuditEvent
from jamsos.channels.sms.models import InboundSms, OutboundSms
from jamsos.channels.sms.services import Delivery
from jamsos.channels.sms.signing import signature
from jamsos.notify.models import OutboxMessage, Status
from jamsos.ops.models import RateCounter
from tests.registry.test_enrolment import run_at_once
from tests.sms.conftest import BUDI_PHONE, SECRET, new_message_id, send, signed_body


def test_the_reply_is_queued_in_the_transaction_and_sent_after_it_commits(
    budi, outbox, django_capture_on_commit_callbacks
):
    nik, participant = budi

    with django_capture_on_commit_callbacks(execute=True):
        send(f"CEK {nik}")
        assert outbox.sent == []

    assert [(m.recipient, m.purpose) for m in outbox.sent] == [(BUDI_PHONE, "sms.reply.answered")]
    assert participant.kpj in outbox.sent[0].body
    assert OutboxMessage.objects.get().status == Status.SENT


def test_a_message_delivered_twice_is_processed_and_answered_once(
    budi, outbox, django_capture_on_commit_callbacks
):
    nik, _ = budi
    message_id = new_message_id()

    with django_capture_on_commit_callbacks(execute=True):
        first = send(f"CEK {nik}", message_id=message_id)
    with django_capture_on_commit_callbacks(execute=True):
        again = send(f"CEK {nik}", message_id=message_id)

    assert (first.delivery, again.delivery) == (Delivery.ACCEPTED, Delivery.DUPLICATE)
    assert first.inbound_id == again.inbound_id
    assert InboundSms.objects.count() == OutboundSms.objects.count() == 1
    assert OutboxMessage.objects.count() == 1 and len(outbox.sent) == 1
    assert AuditEvent.objects.filter(channel="sms").count() == 1


def test_a_repeated_delivery_does_not_count_against_the_sender_s_limit(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")
    message_id = new_message_id()

    for _ in range(5):
        send("BANTUAN", message_id=message_id)

    assert (
        sum(RateCounter.objects.filter(key__startswith="sms.msisdn").values_list("hits", flat=True))
        == 1
    )


def test_the_endpoint_answers_duplicate_for_the_second_delivery(db, gateway):
    body = signed_body(text="BANTUAN")

    statuses = [gateway(body).json()["status"] for _ in range(10)]

    assert statuses == ["accepted"] + ["duplicate"] * 9
    assert OutboxMessage.objects.count() == 1


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_deliveries_of_one_message_are_processed_and_answered_once(budi, outbox):
    nik, participant = budi
    body = signed_body(text=f"CEK {nik}")

    def deliver(_):
        stamp = int(time.time())
        response = Client().post(
            "/sms/inbound/",
            data=body,
            content_type="application/json",
            headers={
                "X-Jamsos-Timestamp": str(stamp),
                "X-Jamsos-Signature": signature(body, timestamp=stamp, secret=SECRET),
            },
        )
        return response.status_code, response.json()["status"]

    outcomes = run_at_once(deliver, range(10))

    assert sorted(outcomes) == [(200, "accepted")] + [(200, "duplicate")] * 9, outcomes
    assert InboundSms.objects.count() == OutboundSms.objects.count() == 1
    assert OutboxMessage.objects.count() == 1
    assert len(outbox.sent) == 1 and participant.kpj in outbox.sent[0].body
    assert AuditEvent.objects.filter(channel="sms").count() == 1


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_messages_from_one_sender_never_pass_its_limit(budi, outbox, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "3/3600")

    receipts = run_at_once(lambda _: send("BANTUAN"), range(8))

    assert all(r.delivery == Delivery.ACCEPTED for r in receipts), receipts
    outcomes = sorted(InboundSms.objects.values_list("outcome", flat=True))
    assert outcomes.count("help") == 3 and outcomes.count("limit_notice") == 1
    assert outcomes.count("suppressed") == 4
    assert len(outbox.sent) == 4

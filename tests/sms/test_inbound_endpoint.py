"""The gateway's endpoint: only signed, fresh, well-formed requests get through."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

import pytest

from jamsos.channels.sms import config
from jamsos.channels.sms.models import InboundSms
from jamsos.channels.sms.signing import SignatureProblem, check_signature, signature
from jamsos.notify.models import OutboxMessage
from tests.sms.conftest import BUDI_PHONE, signed_body


def code_of(response) -> str:
    return response.json()["code"]


def test_a_signed_message_is_accepted_and_answered(db, gateway):
    response = gateway(signed_body(text="BANTUAN"))

    assert response.status_code == 200
    assert response.json() == {"status": "accepted"}
    inbound = InboundSms.objects.get()
    assert inbound.msisdn == BUDI_PHONE and inbound.text == "BANTUAN"
    assert inbound.reply.outbox_message.body.startswith("Layanan SMS: CEK <NIK>")


def test_an_unsigned_request_is_refused_and_nothing_is_stored(db, gateway):
    response = gateway(signed_body(), sign=False)

    assert response.status_code == 401
    assert code_of(response) == "SMS_SIGNATURE_MISSING"
    assert response.json()["message"]["id"] and response.json()["message"]["en"]
    assert not InboundSms.objects.exists() and not OutboxMessage.objects.exists()


def test_a_request_without_a_timestamp_is_refused(db, client):
    body = signed_body()
    response = client.post(
        "/sms/inbound/",
        data=body,
        content_type="application/json",
        headers={"X-Jamsos-Signature": signature(body, timestamp=int(time.time()), secret="x")},
    )
    assert (response.status_code, code_of(response)) == (401, "SMS_SIGNATURE_MISSING")


@pytest.mark.parametrize(
    "how",
    ["another secret", "another body", "another timestamp", "garbage", "uppercase scheme only"],
)
def test_a_wrong_signature_is_refused(db, gateway, how):
    body = signed_body()
    now = int(time.time())
    kwargs = {
        "another secret": {"secret": "not-the-shared-secret"},
        "another body": {"signature_value": signature(signed_body(), timestamp=now, secret="x")},
        "another timestamp": {
            "signature_value": signature(
                body, timestamp=now - 1, secret="test-inbound-secret-0123456789"
            )
        },
        "garbage": {"signature_value": "sha256=not-hex"},
        "uppercase scheme only": {"signature_value": "SHA256="},
    }[how]
    response = gateway(body, timestamp=now, **kwargs)

    assert (response.status_code, code_of(response)) == (401, "SMS_SIGNATURE_INVALID")
    assert not InboundSms.objects.exists()


@pytest.mark.parametrize("offset", [-301, 301, -86_400])
def test_a_stale_or_future_timestamp_is_refused_even_when_signed(db, gateway, offset):
    response = gateway(signed_body(), timestamp=int(time.time()) + offset)

    assert (response.status_code, code_of(response)) == (401, "SMS_TIMESTAMP_STALE")
    assert "300" in response.json()["message"]["en"]
    assert not InboundSms.objects.exists()


def test_the_allowed_clock_skew_is_configurable(db, gateway, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_MAX_SKEW_SECONDS", "600")

    assert gateway(signed_body(), timestamp=int(time.time()) - 500).status_code == 200


def test_the_signature_covers_the_timestamp_and_the_exact_bytes():
    body, stamp = b'{"a": 1}', 1_764_050_000
    good = signature(body, timestamp=stamp, secret="s")

    def problem(body=body, signature_header=good, timestamp_header=str(stamp)):
        return check_signature(
            body,
            signature_header=signature_header,
            timestamp_header=timestamp_header,
            secret="s",
            now=stamp + 100,
            max_skew_seconds=300,
        )

    assert problem() is None
    assert problem(signature_header=good.upper().replace("SHA256", "sha256")) is None
    assert problem(body=b'{"a":1}') == SignatureProblem.INVALID
    assert problem(timestamp_header=str(stamp + 1)) == SignatureProblem.INVALID
    assert problem(timestamp_header="-1764050000") == SignatureProblem.INVALID
    assert problem(signature_header=None) == SignatureProblem.MISSING
    assert problem(timestamp_header="") == SignatureProblem.MISSING


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (b"{not json", "SMS_BODY_NOT_JSON", None),
        (b"\xff\xfe", "SMS_BODY_NOT_JSON", None),
        (b"[1, 2]", "SMS_BODY_NOT_JSON", None),
        (signed_body(message_id=""), "SMS_FIELD_INVALID", "message_id"),
        (signed_body(message_id="has space"), "SMS_FIELD_INVALID", "message_id"),
        (signed_body(message_id=12), "SMS_FIELD_INVALID", "message_id"),
        (signed_body(**{"from": "12"}), "SMS_FIELD_INVALID", "from"),
        (signed_body(**{"from": None}), "SMS_FIELD_INVALID", "from"),
        (signed_body(text=None), "SMS_FIELD_INVALID", "text"),
        (signed_body(text="x" * 1601), "SMS_FIELD_INVALID", "text"),
        (signed_body(received_at="yesterday"), "SMS_FIELD_INVALID", "received_at"),
        (signed_body(received_at=True), "SMS_FIELD_INVALID", "received_at"),
    ],
)
def test_a_malformed_body_gets_400_with_a_code_and_the_field(db, gateway, body, code, field):
    response = gateway(body)

    assert response.status_code == 400
    assert code_of(response) == code
    assert response.json().get("field") == field
    assert not InboundSms.objects.exists()


def test_an_oversized_body_is_refused(db, gateway):
    response = gateway(b" " * (16 * 1024 + 1))

    assert (response.status_code, code_of(response)) == (413, "SMS_BODY_TOO_LARGE")


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        ("2026-11-25T10:30:00+07:00", "2026-11-25T03:30:00+00:00"),
        ("2026-11-25T10:30:00", "2026-11-25T03:30:00+00:00"),  # local time: WIB
        (
            int(dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.UTC).timestamp()),
            "2026-11-25T03:30:00+00:00",
        ),
    ],
)
def test_the_gateway_s_receive_time_is_read_in_any_of_three_forms(
    db, gateway, received_at, expected
):
    assert gateway(signed_body(received_at=received_at)).status_code == 200

    assert InboundSms.objects.get().received_at.isoformat() == expected


def test_the_sender_is_stored_in_e164_whatever_form_the_gateway_used(db, gateway):
    gateway(signed_body(**{"from": "6281234567890"}))

    assert InboundSms.objects.get().msisdn == BUDI_PHONE


def test_get_is_not_allowed(db, client):
    assert client.get("/sms/inbound/").status_code == 405


def test_without_a_secret_outside_the_demo_every_request_gets_503_and_a_log_line(
    db, gateway, monkeypatch, settings, caplog
):
    monkeypatch.delenv("JAMSOS_SMS_INBOUND_SECRET")
    settings.DEMO = False

    with caplog.at_level(logging.ERROR, logger="jamsos.channels.sms.gateway"):
        response = gateway(signed_body())

    assert (response.status_code, code_of(response)) == (503, "SMS_NOT_CONFIGURED")
    assert "JAMSOS_SMS_INBOUND_SECRET is not set" in caplog.text
    assert not InboundSms.objects.exists()


def test_the_demo_signs_with_a_secret_derived_from_the_secret_key(
    db, gateway, monkeypatch, settings
):
    monkeypatch.delenv("JAMSOS_SMS_INBOUND_SECRET")
    settings.DEMO = True
    demo_secret = config.inbound_secret()

    assert demo_secret and settings.SECRET_KEY not in demo_secret
    assert gateway(signed_body(), secret=demo_secret).status_code == 200
    assert gateway(signed_body(), secret="anything else").status_code == 401


def test_a_malformed_limit_is_a_503_with_the_variable_named_in_the_log(
    db, gateway, monkeypatch, caplog
):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "ten per hour")

    with caplog.at_level(logging.ERROR, logger="jamsos.channels.sms.gateway"):
        response = gateway(signed_body())

    assert response.status_code == 503
    assert "JAMSOS_SMS_LIMIT_PER_MSISDN" in caplog.text


def test_the_json_body_of_an_answer_is_plain(db, gateway):
    response = gateway(signed_body())

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "accepted"}

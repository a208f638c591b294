"""The SMS channel's cast: Budi with his registered, verified phone; a stranger's phone; a
gateway that signs what it sends."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone

from jamsos.channels.sms.models import InboundSms
from jamsos.channels.sms.services import InboundMessage, Receipt, receive_sms
from jamsos.channels.sms.signing import signature
from jamsos.notify.backends import MemoryBackend
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

SECRET = "test-inbound-secret-0123456789"
BUDI_PHONE = "+6281234567890"  # Telkomsel
STRANGER_PHONE = "+6285799887766"  # Indosat
# One moment for every message a test sends, so no test straddles the end of a limit window.
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)

SMS_VARIABLES = (
    "JAMSOS_SMS_INBOUND_SECRET",
    "JAMSOS_SMS_MAX_SKEW_SECONDS",
    "JAMSOS_SMS_LIMIT_PER_MSISDN",
    "JAMSOS_SMS_LIMIT_OVERALL",
    "JAMSOS_SMS_LIMIT_FAILURES_PER_NUMBER",
    "JAMSOS_SMS_TARIFFS",
)


@pytest.fixture(autouse=True)
def _sms_environment(monkeypatch):
    """The defaults, with a known secret; a test sets what it is about."""
    for name in SMS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JAMSOS_SMS_INBOUND_SECRET", SECRET)


@pytest.fixture
def outbox(monkeypatch) -> Iterator[type[MemoryBackend]]:
    """SMS go to the memory backend; the fixture is its class, with `sent`."""
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "memory")
    MemoryBackend.reset()
    yield MemoryBackend
    MemoryBackend.reset()


@pytest.fixture
def budi(db):
    """An active worker whose registered phone is verified. Returns (nik, participant)."""
    nik = make_nik()
    participant = enrol(
        make_employer(name="PT Sumber Rejeki", city="Bandung"),
        nik,
        start_date=timezone.localdate() - dt.timedelta(days=30),
        phone=BUDI_PHONE,
    ).participant
    participant.phone_verified_at = timezone.now()
    participant.save(update_fields=["phone_verified_at"])
    return nik, participant


_ids = itertools.count(1)


def new_message_id() -> str:
    return f"gw-{next(_ids)}-{uuid.uuid4().hex[:8]}"


def send(
    text: str, *, sender: str = BUDI_PHONE, message_id: str | None = None, now: dt.datetime = NOW
) -> Receipt:
    """Deliver one message straight to the service, as the endpoint would after checking it."""
    message = InboundMessage(
        message_id=message_id or new_message_id(), sender=sender, text=text, received_at=now
    )
    return receive_sms(message, now=now)


def reply_to(receipt: Receipt) -> str | None:
    """The text queued in reply to a message, or None when there was no reply."""
    inbound = InboundSms.objects.select_related("reply__outbox_message").get(pk=receipt.inbound_id)
    reply = getattr(inbound, "reply", None)
    return reply.outbox_message.body if reply is not None else None


def ask(text: str, **kwargs) -> str | None:
    return reply_to(send(text, **kwargs))


def signed_body(**fields) -> bytes:
    values = {
        "message_id": new_message_id(),
        "from": BUDI_PHONE,
        "text": "BANTUAN",
        "received_at": "2026-11-25T10:30:00+07:00",
    }
    values.update(fields)
    return json.dumps(values).encode()


@pytest.fixture
def gateway(client) -> Callable[..., object]:
    """POST a body to /sms/inbound/, signed with the shared secret unless told otherwise."""

    def post(
        body: bytes,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        sign: bool = True,
        signature_value: str | None = None,
    ):
        stamp = int(time.time()) if timestamp is None else timestamp
        headers = {"X-Jamsos-Timestamp": str(stamp)}
        if sign:
            headers["X-Jamsos-Signature"] = signature_value or signature(
                body, timestamp=stamp, secret=secret
            )
        return client.post(
            "/sms/inbound/", data=body, content_type="application/json", headers=headers
        )

    return post

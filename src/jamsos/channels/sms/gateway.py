"""The gateway's side of the inbound endpoint: authenticate, read the body, call the service.

Kept apart from the view so the demo simulator goes through exactly the same steps with a
request it signed itself. Request format (see `jamsos.channels.sms.signing` for the headers):

    POST /sms/inbound/
    {"message_id": "gw-123", "from": "+6281234567890", "text": "CEK 3171...",
     "received_at": "2026-11-25T09:30:00+07:00"}

``received_at`` may also be Unix seconds, or left out (then: now). The answer is 200 with
``{"status": "accepted"}`` or ``{"status": "duplicate"}``; refusals carry a stable ``code``
and a message in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from jamsos.channels.sms import config
from jamsos.channels.sms.errors import (
    SMS_BODY_NOT_JSON,
    SMS_BODY_TOO_LARGE,
    SMS_FIELD_INVALID,
    SMS_NOT_CONFIGURED,
    SMS_SIGNATURE_INVALID,
    SMS_SIGNATURE_MISSING,
    SMS_TIMESTAMP_STALE,
)
from jamsos.channels.sms.services import InboundMessage, receive_sms
from jamsos.channels.sms.signing import SignatureProblem, check_signature
from jamsos.conf.env import ConfigurationError
from jamsos.identity import normalise_phone
from jamsos.ops.errors import JamsosError

__all__ = ["MAX_BODY_BYTES", "MAX_TEXT_CHARS", "GatewayResponse", "handle_inbound_request"]

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
# A concatenated SMS of 10 parts; anything longer is not a person typing a keyword.
MAX_TEXT_CHARS = 1600
# Gateways' ids are opaque tokens; printable ASCII without spaces keeps them out of trouble
# in logs and in the outbox's idempotency key.
_MESSAGE_ID = re.compile(r"[!-~]{1,100}")


@dataclass(frozen=True)
class GatewayResponse:
    status: int
    payload: dict[str, Any]


def _refusal(error: JamsosError) -> GatewayResponse:
    payload = {
        "code": error.code,
        "message": {"id": error.message("id"), "en": error.message("en")},
    }
    if error.field:
        payload["field"] = error.field
    return GatewayResponse(error.http_status, payload)


def _not_configured(reason: str) -> GatewayResponse:
    logger.error("sms: inbound message refused with 503: %s", reason)
    return _refusal(JamsosError(SMS_NOT_CONFIGURED))


def handle_inbound_request(
    *,
    body: bytes,
    signature_header: str | None,
    timestamp_header: str | None,
    request_id: str = "",
    now: dt.datetime | None = None,
) -> GatewayResponse:
    now = now or timezone.now()
    try:
        secret = config.inbound_secret()
        max_skew = config.max_skew_seconds()
    except ConfigurationError as exc:
        return _not_configured(str(exc))
    if secret is None:
        return _not_configured(
            f"{config.SECRET_VARIABLE} is not set; set it to the secret shared with the SMS "
            "gateway (the demo derives one by itself)"
        )
    if len(body) > MAX_BODY_BYTES:
        return _refusal(JamsosError(SMS_BODY_TOO_LARGE, max_bytes=MAX_BODY_BYTES))
    problem = check_signature(
        body,
        signature_header=signature_header,
        timestamp_header=timestamp_header,
        secret=secret,
        now=now.timestamp(),
        max_skew_seconds=max_skew,
    )
    if problem is not None:
        logger.warning("sms: inbound request refused: signature %s", problem)
        spec = {
            SignatureProblem.MISSING: SMS_SIGNATURE_MISSING,
            SignatureProblem.INVALID: SMS_SIGNATURE_INVALID,
            SignatureProblem.STALE: SMS_TIMESTAMP_STALE,
        }[problem]
        return _refusal(JamsosError(spec, max_skew=max_skew))
    try:
        message = read_body(body, now=now)
    except JamsosError as error:
        return _refusal(error)
    try:
        receipt = receive_sms(message, now=now, request_id=request_id)
    except ConfigurationError as exc:
        return _not_configured(str(exc))
    return GatewayResponse(200, {"status": receipt.delivery.value})


def _invalid(name: str) -> JamsosError:
    return JamsosError(SMS_FIELD_INVALID, field=name, name=name)


def read_body(body: bytes, *, now: dt.datetime) -> InboundMessage:
    """The gateway's JSON as an `InboundMessage`, or `JamsosError` naming what is wrong."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise JamsosError(SMS_BODY_NOT_JSON) from None
    if not isinstance(data, dict):
        raise JamsosError(SMS_BODY_NOT_JSON)
    message_id = data.get("message_id")
    if not isinstance(message_id, str) or not _MESSAGE_ID.fullmatch(message_id):
        raise _invalid("message_id")
    sender = data.get("from")
    if not isinstance(sender, str):
        raise _invalid("from")
    try:
        sender = normalise_phone(sender, field="from")
    except JamsosError:
        raise _invalid("from") from None
    text = data.get("text")
    if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
        raise _invalid("text")
    return InboundMessage(
        message_id=message_id,
        sender=sender,
        text=text,
        received_at=_received_at(data.get("received_at"), now),
    )


def _received_at(value: object, now: dt.datetime) -> dt.datetime:
    if value is None:
        return now
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise _invalid("received_at") from None
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise _invalid("received_at") from None
        # A gateway in Indonesia that leaves the offset out means its local time.
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    raise _invalid("received_at")

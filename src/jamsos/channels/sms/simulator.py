"""The demo's SMS simulator: play the gateway for one message and read back the reply.

The request is built and signed exactly as a gateway would (same body, same headers, same
secret) and handed to the inbound endpoint's own handler in-process, so the demo exercises
the real path: signature, de-duplication, limits, audit, outbox.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from django.utils import timezone

from jamsos.channels.sms import config
from jamsos.channels.sms.gateway import GatewayResponse, handle_inbound_request
from jamsos.channels.sms.models import InboundSms
from jamsos.channels.sms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature
from jamsos.conf.env import ConfigurationError
from jamsos.registry.models import Participant

SAMPLE_COUNT = 3


@dataclass(frozen=True)
class Simulation:
    body: str
    headers: dict[str, str]
    response: GatewayResponse
    inbound: InboundSms | None
    reply_text: str | None
    reply_parts: int | None = None
    reply_tariff: int | None = None

    @property
    def answer_json(self) -> str:
        return json.dumps(self.response.payload, ensure_ascii=False)


def simulate(
    *, sender: str, text: str, request_id: str = "", now: dt.datetime | None = None
) -> Simulation:
    """Send `text` from `sender` (E.164) through the inbound handler; return what came back."""
    now = now or timezone.now()
    message_id = f"sim-{uuid.uuid4().hex}"
    body = json.dumps(
        {"message_id": message_id, "from": sender, "text": text, "received_at": now.isoformat()},
        ensure_ascii=False,
    ).encode("utf-8")
    timestamp = int(now.timestamp())
    try:
        secret = config.inbound_secret()
    except ConfigurationError:
        secret = None
    headers = {TIMESTAMP_HEADER: str(timestamp)}
    if secret is not None:
        headers[SIGNATURE_HEADER] = signature(body, timestamp=timestamp, secret=secret)
    response = handle_inbound_request(
        body=body,
        signature_header=headers.get(SIGNATURE_HEADER),
        timestamp_header=headers[TIMESTAMP_HEADER],
        request_id=request_id,
        now=now,
    )
    inbound = (
        InboundSms.objects.filter(gateway_message_id=message_id)
        .select_related("reply__outbox_message")
        .first()
    )
    reply = getattr(inbound, "reply", None) if inbound is not None else None
    if reply is None:
        return Simulation(body.decode("utf-8"), headers, response, inbound, None)
    return Simulation(
        body.decode("utf-8"),
        headers,
        response,
        inbound,
        reply.outbox_message.body,
        reply_parts=reply.parts,
        reply_tariff=reply.tariff,
    )


def sample_senders() -> list[Participant]:
    """A few participants with a verified phone, to try the registered-phone rule with.

    Demo data only: the page that offers them shows their full NIK and phone.
    """
    return list(
        Participant.objects.filter(
            phone_verified_at__isnull=False, phone_index__isnull=False
        ).order_by("pk")[:SAMPLE_COUNT]
    )

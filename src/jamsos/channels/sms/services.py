"""The SMS keyword service: one inbound message in, at most one reply out.

`receive_sms` is the one entry point, for the gateway endpoint and the demo simulator alike.
In one transaction it claims the gateway's message id (the unique constraint makes a second
delivery, sequential or concurrent, a duplicate that does nothing), counts the sender's
limit, answers the keyword, writes the audit row and queues the reply in the notify outbox,
which sends it after commit.

Who gets data: `CEK <NIK>` and `SALDO <KPJ>` are answered with data only when the message
comes from the phone registered and verified for that participant, as the registry's
`SMS_CEK` policy decides. Everyone else gets one neutral text, the same for an unknown
number, another phone and an unverified one. Every data-bearing reply and every failed
attempt is audited.

Limits, all fixed windows in the shared `jamsos.ops.ratelimit` counters:

- overall (all senders): counted before the transaction, so its single shared counter row
  is locked for one statement, not for the whole of every message's transaction; a
  concurrent second delivery of one message may therefore count twice here;
- per sender: counted once the message is claimed, so a gateway's retries never use it up;
  the first message past it gets one notice, the rest of the window gets silence;
- per NIK and per KPJ: failed attempts from any sender. Once exhausted, every sender but
  the registered phone is told to try later, whether or not the number exists; the
  registered phone is still answered, so nobody can lock a participant out of their own
  data by failing on purpose.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import phonenumbers
from django.db import IntegrityError, transaction
from django.utils import timezone

from jamsos.audit.services import record_event
from jamsos.channels.sms import config, replies
from jamsos.channels.sms.models import InboundSms, OutboundSms, Outcome
from jamsos.channels.sms.operators import operator_for, tariff_for
from jamsos.channels.sms.parser import Keyword, ParsedSms, parse_sms
from jamsos.identity import mask_nik, validate_kpj, validate_nik
from jamsos.notify.services import queue_message
from jamsos.notify.sms import sms_parts
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant
from jamsos.registry.personal_data import phone_index
from jamsos.registry.verification import SMS_CEK, Claims, membership_answer, verify

__all__ = ["Delivery", "InboundMessage", "Receipt", "caller_label", "receive_sms"]

logger = logging.getLogger(__name__)

BALANCE_AUDIT_ACTION = "jht.balance.lookup"
NIK_FAILURES = "sms.nik_failures"
KPJ_FAILURES = "sms.kpj_failures"
BUSY_NOTICE = "sms.busy_notice"


@dataclass(frozen=True)
class InboundMessage:
    """One message as the gateway reported it; `sender` already in E.164."""

    message_id: str
    sender: str
    text: str
    received_at: dt.datetime


class Delivery(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Receipt:
    delivery: Delivery
    inbound_id: int


@dataclass(frozen=True)
class _Reply:
    outcome: Outcome
    text: str | None  # None: no reply at all
    participant_id: int | None = None


@dataclass(frozen=True)
class _Caller:
    msisdn: str
    language: str
    inbound_id: int
    request_id: str
    now: dt.datetime

    @property
    def as_of(self) -> dt.date:
        return timezone.localdate(self.now)


def caller_label(e164: str) -> str:
    """The sender as the audit log names it: "sms:+62***890"."""
    try:
        country = phonenumbers.parse(e164, None).country_code
    except phonenumbers.NumberParseException:
        return "sms:***"
    return f"sms:+{country}***{e164[-3:]}"


def receive_sms(
    message: InboundMessage, *, now: dt.datetime | None = None, request_id: str = ""
) -> Receipt:
    """Handle one inbound SMS once, however often the gateway delivers it."""
    now = now or timezone.now()
    # Sequential re-deliveries stop here, before they count against any limit.
    known = _inbound_id(message.message_id)
    if known is not None:
        return Receipt(Delivery.DUPLICATE, known)
    overall = ratelimit.hit(config.limit_overall(), "all", now=now)
    parsed = parse_sms(message.text)
    operator = operator_for(message.sender)
    tariff = tariff_for(operator)
    with transaction.atomic():
        inbound = _claim(message, parsed, operator=operator, tariff=tariff, now=now)
        if inbound is None:
            first = _inbound_id(message.message_id)
            assert first is not None  # _claim saw it
            return Receipt(Delivery.DUPLICATE, first)
        caller = _Caller(message.sender, parsed.language, inbound.pk, request_id, now)
        reply = _answer(parsed, caller, overall)
        inbound.outcome = reply.outcome
        inbound.save(update_fields=["outcome"])
        if reply.text is not None:
            _queue_reply(inbound, reply, operator=operator, tariff=tariff, now=now)
    logger.info("sms: message %s answered: %s", inbound.pk, reply.outcome)
    return Receipt(Delivery.ACCEPTED, inbound.pk)


def _inbound_id(message_id: str) -> int | None:
    # The id only: loading the row would decrypt the sender and the text for nothing.
    return (
        InboundSms.objects.filter(gateway_message_id=message_id)
        .values_list("pk", flat=True)
        .first()
    )


def _claim(
    message: InboundMessage, parsed: ParsedSms, *, operator: str, tariff: int, now: dt.datetime
) -> InboundSms | None:
    """Insert the message's row, or None when another delivery of it got there first.

    On PostgreSQL a concurrent insert of the same id waits for the first transaction and
    then fails on the unique constraint, so the first one's work is complete by then.
    """
    parts = sms_parts(message.text)
    try:
        with transaction.atomic():
            return InboundSms.objects.create(
                gateway_message_id=message.message_id,
                msisdn=message.sender,
                msisdn_index=phone_index(message.sender),
                text=message.text,
                keyword=parsed.keyword,
                language=parsed.language,
                received_at=message.received_at,
                created_at=now,
                operator=operator,
                parts=parts,
                tariff=tariff,
                charge=parts * tariff,
                outcome=Outcome.RECEIVED,
            )
    except IntegrityError:
        if _inbound_id(message.message_id) is None:
            raise
        return None


def _answer(parsed: ParsedSms, caller: _Caller, overall: ratelimit.Decision) -> _Reply:
    call_centre = config.call_centre()
    per_sender = config.limit_per_msisdn()
    sender = ratelimit.hit(per_sender, caller.msisdn, now=caller.now)
    if not sender.allowed:
        if sender.hits == per_sender.max_hits + 1:
            text = replies.sender_limited_text(
                caller.language, until=sender.retry_at, call_centre=call_centre
            )
            return _Reply(Outcome.LIMIT_NOTICE, text)
        return _Reply(Outcome.SUPPRESSED, None)
    if not overall.allowed:
        window = config.limit_overall().window_seconds
        notice = ratelimit.Limit(scope=BUSY_NOTICE, max_hits=1, window_seconds=window)
        if ratelimit.hit(notice, caller.msisdn, now=caller.now).allowed:
            text = replies.busy_text(
                caller.language, until=overall.retry_at, call_centre=call_centre
            )
            return _Reply(Outcome.BUSY_NOTICE, text)
        return _Reply(Outcome.SUPPRESSED, None)
    if parsed.keyword == Keyword.CEK:
        return _cek(parsed.argument, caller)
    if parsed.keyword == Keyword.SALDO:
        return _saldo(parsed.argument, caller)
    return _Reply(Outcome.HELP, replies.help_text(caller.language, call_centre=call_centre))


def _cek(argument: str, caller: _Caller) -> _Reply:
    call_centre = config.call_centre()
    if not argument:
        return _Reply(
            Outcome.INVALID, replies.usage_text("cek", caller.language, call_centre=call_centre)
        )
    try:
        nik = validate_nik(argument)
    except JamsosError as error:
        return _Reply(Outcome.INVALID, replies.invalid_number_text(error, caller.language))
    failures = config.limit_failures(NIK_FAILURES)
    closed = ratelimit.check(failures, nik, now=caller.now)
    verification = verify(SMS_CEK, Claims(nik=nik, sender_phone=caller.msisdn), as_of=caller.as_of)
    participant = verification.participant
    if participant is None:
        ratelimit.hit(failures, nik, now=caller.now)
        return _refuse(
            caller,
            closed,
            action=SMS_CEK.audit_action,
            keyword=Keyword.CEK,
            subject_id=verification.compared_with_id,
            failed=[str(f) for f in verification.failed],
        )
    answer = membership_answer(SMS_CEK, participant, as_of=caller.as_of)
    assert answer.kpj is not None  # SMS_CEK reveals the KPJ and the status
    _audit(caller, SMS_CEK.audit_action, "success", participant.pk, {"keyword": Keyword.CEK.value})
    text = replies.membership_text(
        caller.language,
        masked_nik=mask_nik(nik),
        kpj=answer.kpj,
        active=bool(answer.active),
        last_paid_month=answer.last_paid_month,
        call_centre=call_centre,
    )
    return _Reply(Outcome.ANSWERED, text, participant_id=participant.pk)


def _saldo(argument: str, caller: _Caller) -> _Reply:
    call_centre = config.call_centre()
    if not argument:
        return _Reply(
            Outcome.INVALID, replies.usage_text("saldo", caller.language, call_centre=call_centre)
        )
    try:
        kpj = validate_kpj(argument)
    except JamsosError as error:
        return _Reply(Outcome.INVALID, replies.invalid_number_text(error, caller.language))
    failures = config.limit_failures(KPJ_FAILURES)
    closed = ratelimit.check(failures, kpj, now=caller.now)
    participant = Participant.objects.filter(kpj=kpj).first()
    # The registered-phone rule is the SMS_CEK policy's, applied through the holder's NIK so
    # that it lives in one place.
    verification = (
        verify(SMS_CEK, Claims(nik=participant.nik, sender_phone=caller.msisdn), as_of=caller.as_of)
        if participant is not None
        else None
    )
    if verification is None or not verification.verified:
        ratelimit.hit(failures, kpj, now=caller.now)
        return _refuse(
            caller,
            closed,
            action=BALANCE_AUDIT_ACTION,
            keyword=Keyword.SALDO,
            subject_id=participant.pk if participant is not None else None,
            failed=[str(f) for f in verification.failed] if verification else ["kpj"],
        )
    assert participant is not None
    # Imported here: the ledger is built beside this service and must not be needed to start.
    from jamsos.ledger.selectors import jht_balance

    balance = jht_balance(participant)
    _audit(
        caller, BALANCE_AUDIT_ACTION, "success", participant.pk, {"keyword": Keyword.SALDO.value}
    )
    text = replies.balance_text(
        caller.language, kpj=kpj, balance=balance, as_of=caller.as_of, call_centre=call_centre
    )
    return _Reply(Outcome.ANSWERED, text, participant_id=participant.pk)


def _refuse(
    caller: _Caller,
    closed: ratelimit.Decision,
    *,
    action: str,
    keyword: Keyword,
    subject_id: int | None,
    failed: list[str],
) -> _Reply:
    """The answer to a failed CEK or SALDO: neutral, or "try later" once the number is closed.

    Which of the two depends only on the failure counter, never on whether the number
    exists, so neither tells the sender anything about the registry.
    """
    call_centre = config.call_centre()
    details = {"keyword": keyword.value, "failed": failed}
    if not closed.allowed:
        _audit(caller, action, "denied", subject_id, {**details, "limited": True})
        text = replies.number_limited_text(
            caller.language, until=closed.retry_at, call_centre=call_centre
        )
        return _Reply(Outcome.NUMBER_LIMITED, text)
    _audit(caller, action, "not_found", subject_id, details)
    return _Reply(Outcome.NO_MATCH, replies.neutral_text(caller.language, call_centre=call_centre))


def _audit(
    caller: _Caller, action: str, outcome: str, subject_id: int | None, details: dict[str, Any]
) -> None:
    record_event(
        actor=None,
        actor_role="public",
        actor_label=caller_label(caller.msisdn),
        channel=SMS_CEK.channel,
        action=action,
        outcome=outcome,
        subject_participant_id=subject_id,
        request_id=caller.request_id,
        details={"policy": SMS_CEK.name, "inbound_sms_id": caller.inbound_id, **details},
    )


def _queue_reply(
    inbound: InboundSms, reply: _Reply, *, operator: str, tariff: int, now: dt.datetime
) -> OutboundSms:
    assert reply.text is not None
    outbox_message = queue_message(
        kind="sms",
        recipient=inbound.msisdn,
        body=reply.text,
        participant_id=reply.participant_id,
        purpose=f"sms.reply.{reply.outcome}",
        # A second line of defence behind the unique message id: one reply per message.
        idempotency_key=f"sms.reply:{inbound.gateway_message_id}",
    )
    parts = outbox_message.sms_parts or 1
    return OutboundSms.objects.create(
        inbound=inbound,
        outbox_message=outbox_message,
        msisdn_index=inbound.msisdn_index,
        created_at=now,
        operator=operator,
        parts=parts,
        tariff=tariff,
        charge=parts * tariff,
    )

"""Writes to the outbox: queueing a message, and blanking old bodies.

`queue_message` is called inside the transaction of the change it reports (habit 2): the
row commits or rolls back with that change, and delivery is queued only after commit.
A caller never sends directly.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import partial

from django.db import IntegrityError, router, transaction
from django.utils import timezone

from jamsos.identity import normalise_email, normalise_phone
from jamsos.notify.delivery import deliver_message
from jamsos.notify.models import FINISHED_STATUSES, Kind, OutboxMessage, Status
from jamsos.notify.sms import sms_parts

__all__ = ["MAX_SMS_PARTS", "purge_old_bodies", "queue_message"]

logger = logging.getLogger(__name__)

# A longer SMS is a mistake in the text that calls for it, and each part is paid for.
MAX_SMS_PARTS = 6
_PURPOSE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_PURPOSE_MAX = OutboxMessage._meta.get_field("purpose").max_length or 50
_SUBJECT_MAX = OutboxMessage._meta.get_field("subject").max_length or 200
_KEY_MAX = OutboxMessage._meta.get_field("idempotency_key").max_length or 200
_PURGE_BATCH = 5000


def queue_message(
    *,
    kind: str,
    recipient: str,
    body: str,
    subject: str = "",
    participant_id: int | None = None,
    purpose: str,
    idempotency_key: str | None = None,
) -> OutboxMessage:
    """Write one outbound message in the caller's transaction; deliver it after commit.

    `recipient` is a phone number for an SMS (any way Indonesians write one; stored in
    E.164) or an e-mail address; a malformed one raises `JamsosError` with the identity
    layer's code. `purpose` is a dotted name such as ``otp.signup`` (shown to supervisors,
    so never personal data). With an `idempotency_key`, queueing the same key again returns
    the first message and sends nothing more; the key must not contain personal data either.

    Anything else wrong (an empty body, an e-mail without a subject, an SMS over
    `MAX_SMS_PARTS` parts) is a programming error and raises `ValueError`.
    """
    kind = Kind(kind)
    recipient = (
        normalise_phone(recipient, field="recipient")
        if kind == Kind.SMS
        else normalise_email(recipient, field="recipient")
    )
    parts = _check_content(kind, body, subject)
    _check_labels(purpose, idempotency_key)

    using = router.db_for_write(OutboxMessage)
    messages = OutboxMessage.objects.using(using)
    if idempotency_key is not None:
        existing = messages.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    now = timezone.now()
    try:
        # A savepoint: a duplicate key from a concurrent caller must not break the
        # caller's transaction.
        with transaction.atomic(using=using):
            message = messages.create(
                kind=kind,
                recipient=recipient,
                subject=subject,
                body=body,
                sms_parts=parts,
                participant_id=participant_id,
                purpose=purpose,
                idempotency_key=idempotency_key,
                status=Status.PENDING,
                next_attempt_at=now,
                created_at=now,
            )
    except IntegrityError:
        if idempotency_key is None:
            raise
        existing = messages.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    logger.info("notify: queued %s message %s (%s)", kind, message.pk, purpose)
    # robust: should queueing the task fail, the message stays pending for the sweeper
    # (`jamsos notify deliver`) and the caller's request still succeeds.
    transaction.on_commit(partial(deliver_message.enqueue, message.pk), using=using, robust=True)
    return message


def _check_content(kind: Kind, body: str, subject: str) -> int | None:
    if not body.strip():
        raise ValueError("a message needs a body")
    if kind == Kind.EMAIL:
        if not subject.strip():
            raise ValueError("an e-mail needs a subject")
        if len(subject) > _SUBJECT_MAX or "\n" in subject or "\r" in subject:
            raise ValueError(f"an e-mail subject is one line of at most {_SUBJECT_MAX} characters")
        return None
    if subject:
        raise ValueError("an SMS has no subject; put everything in the body")
    parts = sms_parts(body)
    if parts > MAX_SMS_PARTS:
        raise ValueError(f"this SMS would be sent as {parts} parts; at most {MAX_SMS_PARTS}")
    return parts


def _check_labels(purpose: str, idempotency_key: str | None) -> None:
    if len(purpose) > _PURPOSE_MAX or not _PURPOSE.match(purpose):
        raise ValueError(f"purpose {purpose!r} must be a dotted lower-case name like otp.signup")
    if idempotency_key is not None and not 0 < len(idempotency_key) <= _KEY_MAX:
        raise ValueError(f"an idempotency key has 1 to {_KEY_MAX} characters")


def purge_old_bodies(days: int = 30) -> int:
    """Blank the body and subject of finished messages older than `days`; return how many.

    Bodies may hold a membership number or a one-time code, which nobody needs once the
    message has gone (or finally failed). Recipient, purpose, status and dates stay, as
    the record that a message was sent. Runs in batches, one short transaction each.
    """
    if days < 0:
        raise ValueError("days cannot be negative")
    cutoff = timezone.now() - dt.timedelta(days=days)
    using = router.db_for_write(OutboxMessage)
    old = (
        OutboxMessage.objects.using(using)
        .filter(status__in=FINISHED_STATUSES, created_at__lt=cutoff)
        .exclude(body="", subject="")
    )
    total = 0
    while True:
        with transaction.atomic(using=using):
            batch = list(old.order_by("pk").values_list("pk", flat=True)[:_PURGE_BATCH])
            if not batch:
                break
            total += (
                OutboxMessage.objects.using(using).filter(pk__in=batch).update(body="", subject="")
            )
    if total:
        logger.info("notify: blanked the bodies of %d messages older than %d days", total, days)
    return total

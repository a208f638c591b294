"""Delivering outbox messages: take one, send it outside any transaction, record the outcome.

Two ways in, one path: the `deliver_message` task (queued by `queue_message` after the
caller's transaction commits) and `deliver_pending` (run by `jamsos notify deliver`, which
also picks up retries and anything whose task was lost).

Taking a message is a short transaction: lock the row (FOR UPDATE SKIP LOCKED on
PostgreSQL, so deliverers pass over each other's rows; SQLite serialises writers), check
that it is still due, mark it ``sending`` with a lease, commit. The send then runs with no
transaction open, so a slow gateway never holds a lock. A message marked ``sent`` is never
taken again, however often the task runs.

The one gap no outbox closes: a deliverer that dies after the provider took the message
but before ``sent`` is written. Its lease runs out and the message is sent again. That is
chosen over losing it (a second copy of a one-time code is harmless; a missing one is not),
and the HTTP gateway gets the same ``reference`` each time so it can drop the copy.

Retries: a temporary failure waits 1, 2, 4, 8, 16 minutes (or longer if the provider asks)
and the sixth failed attempt is final. A permanent failure is final at once. When the task
backend can defer (the database backend in production) the retry is queued as a task with
that time; otherwise `jamsos notify deliver --follow` picks it up.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, close_old_connections, connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from jamsos.notify.backends import (
    DeliveryFailure,
    OutgoingMessage,
    PermanentFailure,
    TemporaryFailure,
    get_backend,
)
from jamsos.notify.models import OutboxMessage, Status

__all__ = [
    "MAX_ATTEMPTS",
    "deliver_continuously",
    "deliver_message",
    "deliver_pending",
    "retry_delay",
    "start_background_deliverer",
]

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=1)
# How long a deliverer may take over one send before another may take the message over.
# Well above any backend's timeout.
SEND_LEASE = dt.timedelta(minutes=10)
_ERROR_MAX = OutboxMessage._meta.get_field("last_error").max_length or 500


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4... minutes."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


@dataclass(frozen=True)
class _Claim:
    """A message this deliverer has marked sending, and the attempt it is on."""

    pk: int
    kind: str
    purpose: str
    attempts: int


def _take(message_id: int | None, using: str) -> _Claim | None:
    """Claim one due message (that one, or the next due if None) and mark it sending."""
    now = timezone.now()
    with transaction.atomic(using=using):
        due = OutboxMessage.objects.using(using).select_for_update(skip_locked=True).due(now)
        if message_id is None:
            due = due.order_by("next_attempt_at", "pk")
        else:
            due = due.filter(pk=message_id)
        # Plain columns only: the recipient is decrypted later, where a failure is caught.
        row = due.values_list("pk", "kind", "purpose", "status", "attempts").first()
        if row is None:
            return None
        pk, kind, purpose, status, attempts = row
        # Compare-and-set on what was read: safe even where the lock above is a no-op.
        claimed = (
            OutboxMessage.objects.using(using)
            .filter(pk=pk, status=status, attempts=attempts)
            .update(
                status=Status.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=now + SEND_LEASE,
            )
        )
    if not claimed:
        return None
    return _Claim(pk=pk, kind=kind, purpose=purpose, attempts=attempts + 1)


def _send(claim: _Claim, using: str) -> str:
    try:
        message = OutboxMessage.objects.using(using).get(pk=claim.pk)
        outgoing = OutgoingMessage(
            message_id=message.pk,
            kind=message.kind,
            recipient=message.recipient,
            body=message.body,
            subject=message.subject,
            purpose=message.purpose,
        )
        result = get_backend(message.kind).send(outgoing)
    except DeliveryFailure as failure:
        return _record_failure(claim, failure, using)
    except Exception as exc:
        # A bug, a configuration error or a recipient that no key decrypts: not the
        # message's fault, so it is retried and goes once that is fixed. Only the class is
        # stored; the log has the rest.
        logger.exception("notify: %s message %s: unexpected error", claim.kind, claim.pk)
        return _record_failure(claim, TemporaryFailure(type(exc).__name__), using)
    OutboxMessage.objects.using(using).filter(pk=claim.pk).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        provider_message_id=result.provider_message_id,
        last_error="",
    )
    logger.info("notify: %s message %s sent (%s)", claim.kind, claim.pk, claim.purpose)
    return Status.SENT


def _record_failure(claim: _Claim, failure: DeliveryFailure, using: str) -> str:
    reason = str(failure) or type(failure).__name__
    now = timezone.now()
    retry_at: dt.datetime | None = None
    if isinstance(failure, PermanentFailure):
        status = Status.FAILED_PERMANENT
    elif claim.attempts >= MAX_ATTEMPTS:
        status = Status.FAILED_PERMANENT
        reason = f"{reason}; gave up after {claim.attempts} attempts"
    else:
        status = Status.FAILED_TEMPORARY
        wait = retry_delay(claim.attempts)
        retry_after = getattr(failure, "retry_after", None)
        if retry_after:
            wait = max(wait, dt.timedelta(seconds=retry_after))
        retry_at = now + wait
    # Only if still ours: a deliverer that took over after our lease ran out wins.
    OutboxMessage.objects.using(using).filter(
        pk=claim.pk, status=Status.SENDING, attempts=claim.attempts
    ).update(status=status, next_attempt_at=retry_at, last_error=reason[:_ERROR_MAX])
    logger.warning(
        "notify: %s message %s attempt %d failed (%s): %s",
        claim.kind,
        claim.pk,
        claim.attempts,
        status,
        reason,
    )
    if retry_at is not None:
        _schedule_retry(claim.pk, retry_at, using)
    return status


def _schedule_retry(message_id: int, retry_at: dt.datetime, using: str) -> None:
    if not deliver_message.get_backend().supports_defer:
        return  # the periodic deliverer takes it when it is due
    transaction.on_commit(
        lambda: deliver_message.using(run_after=retry_at).enqueue(message_id),
        using=using,
        robust=True,
    )


def deliver_one(message_id: int) -> str:
    """Deliver one message if it is due; return its status afterwards."""
    using = router.db_for_write(OutboxMessage)
    claim = _take(message_id, using)
    if claim is None:
        # Already sent, finished, not yet due, or in another deliverer's hands.
        current = (
            OutboxMessage.objects.using(using)
            .filter(pk=message_id)
            .values_list("status", flat=True)
        )
        return current.first() or "missing"
    return _send(claim, using)


@task()
def deliver_message(message_id: int) -> str:
    """The task `queue_message` enqueues once the caller's transaction has committed."""
    return str(deliver_one(message_id))


def deliver_pending(limit: int = 100) -> int:
    """Send up to `limit` due messages, oldest due first; return how many were sent."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    using = router.db_for_write(OutboxMessage)
    sent = 0
    for _ in range(limit):
        claim = _take(None, using)
        if claim is None:
            break
        if _send(claim, using) == Status.SENT:
            sent += 1
    return sent


def deliver_continuously(
    *,
    interval: float = 5.0,
    limit: int = 100,
    stop: threading.Event | None = None,
    on_sent: Callable[[int], None] | None = None,
) -> None:
    """Deliver every `interval` seconds until `stop` is set (or the process is interrupted).

    A full batch goes round again at once. A database that is briefly away is logged and
    retried.
    """
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                sent = deliver_pending(limit)
            except DatabaseError:
                logger.exception("notify: delivery round failed; retrying in %s s", interval)
                sent = 0
            if sent and on_sent is not None:
                on_sent(sent)
            if sent < limit:
                stop.wait(interval)
    finally:
        connections.close_all()


def start_background_deliverer(*, interval: float = 5.0) -> threading.Event:
    """Deliver in a daemon thread (for the single-process demo server); set the event to stop."""
    stop = threading.Event()
    threading.Thread(
        target=deliver_continuously,
        kwargs={"interval": interval, "stop": stop},
        name="notify-deliverer",
        daemon=True,
    ).start()
    return stop

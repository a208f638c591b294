from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks import task_backends

from jamsos.notify import delivery
from jamsos.notify.backends import PermanentFailure, TemporaryFailure
from jamsos.notify.delivery import (
    MAX_ATTEMPTS,
    deliver_message,
    deliver_one,
    deliver_pending,
    retry_delay,
)
from jamsos.notify.models import OutboxMessage, Status
from jamsos.notify.services import queue_message


def pending_sms(body: str = "Nomor KPJ Anda 12345678901", **overrides) -> OutboxMessage:
    """A queued SMS whose delivery task has not run (no commit in a `db` test)."""
    return queue_message(
        kind="sms", recipient="081234567890", body=body, purpose="lookup.kpj", **overrides
    )


def make_due(message: OutboxMessage) -> None:
    """Move the retry time into the past, as if the wait had gone by."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def wait_of(message: OutboxMessage, *, since: dt.datetime) -> dt.timedelta:
    message.refresh_from_db()
    return message.next_attempt_at - since


@pytest.mark.django_db
def test_a_temporary_failure_schedules_a_retry_with_a_growing_wait_then_gives_up(outbox):
    outbox.fail_next(TemporaryFailure("SMS gateway answered HTTP 503"), times=MAX_ATTEMPTS)
    message = pending_sms()
    waits = []

    for attempt in range(1, MAX_ATTEMPTS):
        before = timezone.now()
        assert deliver_one(message.pk) == Status.FAILED_TEMPORARY
        message.refresh_from_db()
        assert (message.status, message.attempts) == (Status.FAILED_TEMPORARY, attempt)
        assert message.last_error == "SMS gateway answered HTTP 503"
        waits.append(wait_of(message, since=before))
        make_due(message)
    assert deliver_one(message.pk) == Status.FAILED_PERMANENT

    minutes = [round(wait.total_seconds() / 60) for wait in waits]
    assert minutes == [1, 2, 4, 8, 16]
    message.refresh_from_db()
    assert message.status == Status.FAILED_PERMANENT
    assert message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert message.last_error.endswith(f"gave up after {MAX_ATTEMPTS} attempts")
    assert outbox.sent == []


def test_the_wait_doubles_and_is_capped_at_an_hour():
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=2),
        dt.timedelta(minutes=4),
    ]
    assert retry_delay(20) == dt.timedelta(hours=1)


@pytest.mark.django_db
def test_a_failed_message_is_not_retried_before_its_time_and_is_sent_when_it_comes(outbox):
    outbox.fail_next(TemporaryFailure("timed out"))
    message = pending_sms()
    deliver_one(message.pk)

    assert deliver_pending() == 0
    assert deliver_one(message.pk) == Status.FAILED_TEMPORARY
    make_due(message)
    assert deliver_pending() == 1

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.SENT, 2, "")
    assert message.next_attempt_at is None
    assert len(outbox.sent) == 1


@pytest.mark.django_db
def test_the_provider_s_retry_after_is_honoured_when_longer_than_the_backoff(outbox):
    outbox.fail_next(TemporaryFailure("slow down", retry_after=600))
    message = pending_sms()
    before = timezone.now()

    deliver_one(message.pk)

    assert wait_of(message, since=before) >= dt.timedelta(minutes=10)


@pytest.mark.django_db
def test_a_permanent_failure_stops_at_once(outbox):
    outbox.fail_next(PermanentFailure("SMS gateway answered HTTP 400"))
    message = pending_sms()

    assert deliver_one(message.pk) == Status.FAILED_PERMANENT
    assert deliver_pending() == 0
    assert deliver_one(message.pk) == Status.FAILED_PERMANENT

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED_PERMANENT, 1)
    assert message.next_attempt_at is None
    assert message.last_error == "SMS gateway answered HTTP 400"
    assert outbox.sent == []


@pytest.mark.django_db
def test_a_message_already_sent_is_not_sent_again_when_delivered_twice(outbox):
    message = pending_sms()

    assert deliver_message.call(message.pk) == Status.SENT
    assert deliver_message.call(message.pk) == Status.SENT
    deliver_message.enqueue(message.pk)
    assert deliver_pending() == 0

    assert len(outbox.sent) == 1
    message.refresh_from_db()
    assert message.attempts == 1


@pytest.mark.django_db
def test_delivering_a_message_that_does_not_exist_does_nothing(outbox):
    assert deliver_one(999_999) == "missing"
    assert outbox.sent == []


@pytest.mark.django_db
def test_a_message_left_sending_by_a_dead_deliverer_is_taken_again_after_its_lease(outbox):
    message = pending_sms()
    lease_running = timezone.now() + dt.timedelta(minutes=5)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, attempts=1, next_attempt_at=lease_running
    )

    assert deliver_pending() == 0
    make_due(message)
    assert deliver_pending() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)


@pytest.mark.django_db
def test_a_misconfigured_backend_is_retried_and_the_error_names_no_recipient(monkeypatch, caplog):
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "http")
    monkeypatch.delenv("JAMSOS_SMS_HTTP_URL", raising=False)
    message = pending_sms()

    assert deliver_one(message.pk) == Status.FAILED_TEMPORARY

    message.refresh_from_db()
    assert message.last_error == "ConfigurationError"
    assert "JAMSOS_SMS_HTTP_URL" in caplog.text
    assert "81234567890" not in caplog.text


@pytest.mark.django_db
def test_a_recipient_no_key_can_decrypt_is_retried_without_holding_up_the_others(outbox):
    broken, fine = pending_sms("Pesan 1"), pending_sms("Pesan 2")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notify_outbox SET recipient = %s WHERE id = %s", ["k0$AAAA", broken.pk]
        )

    assert deliver_pending() == 1

    broken.refresh_from_db(fields=["status", "last_error"])
    assert (broken.status, broken.last_error) == (Status.FAILED_TEMPORARY, "DecryptionError")
    assert [m.body for m in outbox.sent] == [fine.body]


@pytest.mark.django_db
def test_deliver_pending_sends_the_oldest_due_first_up_to_its_limit(outbox):
    bodies = [f"Pesan {n}" for n in range(5)]
    messages = [pending_sms(body) for body in bodies]
    OutboxMessage.objects.filter(pk=messages[4].pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )

    assert deliver_pending(limit=3) == 3
    assert [m.body for m in outbox.sent] == ["Pesan 4", "Pesan 0", "Pesan 1"]
    assert deliver_pending(limit=3) == 2
    assert deliver_pending(limit=3) == 0


@pytest.mark.django_db
def test_deliver_pending_costs_the_same_few_queries_for_every_message(
    outbox, django_assert_num_queries
):
    for n in range(3):
        pending_sms(f"Pesan {n}")

    # Per message: take it (savepoint, select, update, release), load it, mark it sent.
    # At the end: one more look that finds nothing (savepoint, select, release).
    with django_assert_num_queries(6 * 3 + 3):
        assert deliver_pending() == 3


@pytest.mark.django_db
def test_with_a_task_backend_that_can_defer_a_retry_is_queued_for_its_time(
    outbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    outbox.fail_next(TemporaryFailure("timed out"))
    with django_capture_on_commit_callbacks(execute=True):
        message = pending_sms()
    queued = task_backends["default"].results
    assert [(r.args, r.task.run_after) for r in queued] == [([message.pk], None)]

    with django_capture_on_commit_callbacks(execute=True):
        deliver_one(message.pk)

    message.refresh_from_db()
    assert len(queued) == 2
    assert queued[1].args == [message.pk]
    assert queued[1].task.run_after == message.next_attempt_at


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_deliverers_running_at_once_send_every_message_exactly_once(outbox, settings):
    # Tasks only recorded, never run: the deliverers are the only way out.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    messages = [pending_sms(f"Pesan {n}") for n in range(30)]
    start = threading.Barrier(4)
    counts: list[int] = []

    def deliver() -> None:
        try:
            start.wait()
            counts.append(deliver_pending(limit=100))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == len(messages)
    assert sorted(m.body for m in outbox.sent) == sorted(m.body for m in messages)
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


def test_the_background_deliverer_sends_what_is_due_and_stops_when_asked(
    transactional_db, outbox, monkeypatch, settings
):
    # Tasks only recorded, never run: the deliverer is the only way out.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    rounds = threading.Event()
    real = delivery.deliver_pending

    def deliver_and_tell(limit: int) -> int:
        sent = real(limit)
        rounds.set()
        return sent

    monkeypatch.setattr(delivery, "deliver_pending", deliver_and_tell)
    pending_sms()
    assert outbox.sent == []

    stop = delivery.start_background_deliverer(interval=0.01)
    assert rounds.wait(5)
    stop.set()
    for thread in threading.enumerate():
        if thread.name == "notify-deliverer":
            thread.join(5)

    assert len(outbox.sent) == 1
    assert OutboxMessage.objects.get().status == Status.SENT

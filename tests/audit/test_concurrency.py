"""Many writers and a sealer at once, on PostgreSQL where they really run in parallel."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from jamsos.audit.models import AuditChainHead, AuditEvent
from jamsos.audit.sealing import seal_pending
from jamsos.audit.services import record_event
from jamsos.audit.verify import verify_chain

pytestmark = pytest.mark.postgresql_only

WRITERS = 8
EVENTS_PER_WRITER = 40
TIMEOUT = 60


def in_thread(work: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def record_one(writer: int, n: int) -> AuditEvent:
    return record_event(
        actor=None,
        actor_role="participant",
        channel="api",
        action="participant.view",
        outcome="success",
        subject_participant_id=writer,
        details={"n": n},
    )


def test_writers_and_a_sealer_together_seal_every_row_exactly_once(transactional_db):
    errors: list[BaseException] = []
    writers_done = threading.Event()
    rounds: list[int] = []

    def write(writer: int) -> None:
        for n in range(EVENTS_PER_WRITER):
            with transaction.atomic():
                record_one(writer, n)

    def seal_while_writing() -> None:
        while not writers_done.is_set():
            rounds.append(seal_pending(batch_size=25))
        rounds.append(seal_pending(batch_size=25))

    writers = [in_thread(lambda w=w: write(w), errors) for w in range(WRITERS)]
    sealer = in_thread(seal_while_writing, errors)
    for thread in writers:
        thread.join(TIMEOUT)
    writers_done.set()
    sealer.join(TIMEOUT)

    assert not any(t.is_alive() for t in [*writers, sealer]), "deadlock or hang"
    assert errors == []
    total = WRITERS * EVENTS_PER_WRITER
    seal_pending()  # a row that committed just after the sealer's last look
    assert AuditEvent.objects.count() == total
    assert not AuditEvent.objects.unsealed().exists()
    assert sorted(AuditEvent.objects.values_list("chain_seq", flat=True)) == list(
        range(1, total + 1)
    )
    assert sum(rounds) <= total
    result = verify_chain()
    assert result.ok, result.problems
    assert result.sealed == total


def test_two_sealers_never_seal_the_same_rows(transactional_db):
    for n in range(200):
        record_one(1, n)
    errors: list[BaseException] = []
    sealed: list[int] = []
    start = threading.Barrier(2)

    def seal() -> None:
        start.wait()
        sealed.append(seal_pending(batch_size=10))

    threads = [in_thread(seal, errors) for _ in range(2)]
    for thread in threads:
        thread.join(TIMEOUT)

    assert errors == []
    assert sum(sealed) + seal_pending() == 200
    assert verify_chain().ok


def test_a_sealer_finding_the_head_locked_returns_at_once(transactional_db):
    record_one(1, 0)
    seal_pending()
    errors: list[BaseException] = []
    locked, release = threading.Event(), threading.Event()

    def hold_the_head() -> None:
        with transaction.atomic():
            AuditChainHead.objects.select_for_update().get(pk=1)
            locked.set()
            release.wait(TIMEOUT)

    holder = in_thread(hold_the_head, errors)
    assert locked.wait(TIMEOUT)
    try:
        assert seal_pending() == 0
        # Recording never waits for the chain head.
        record_one(1, 1)
    finally:
        release.set()
        holder.join(TIMEOUT)

    assert errors == []
    assert seal_pending() == 1


def test_a_row_that_commits_late_joins_the_end_of_the_chain(transactional_db):
    errors: list[BaseException] = []
    inserted, may_commit = threading.Event(), threading.Event()
    late: list[AuditEvent] = []

    def slow_transaction() -> None:
        with transaction.atomic():
            late.append(record_one(1, 0))
            inserted.set()
            may_commit.wait(TIMEOUT)

    slow = in_thread(slow_transaction, errors)
    assert inserted.wait(TIMEOUT)
    early = record_one(2, 0)
    assert late[0].pk < early.pk

    assert seal_pending() == 1
    may_commit.set()
    slow.join(TIMEOUT)
    assert seal_pending() == 1

    chain = list(AuditEvent.objects.sealed().order_by("chain_seq").values_list("pk", "chain_seq"))
    assert chain == [(early.pk, 1), (late[0].pk, 2)]
    assert errors == []
    assert verify_chain().ok

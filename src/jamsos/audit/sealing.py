"""Linking logged events into the hash chain, in batches, one sealer at a time.

Writers never touch the chain (see `record_event`); the sealer does, later, under
a lock on the single `AuditChainHead` row. It takes unsealed rows in id order and
gives each the next chain number, so a row that committed late (a lower id than
rows already sealed) simply joins the chain at its end: chain order is seal
order, not id order.

`seal_pending` is a plain function: `jamsos audit seal`, the demo server's
background thread (`start_background_sealer`) and a scheduled task all call it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.db import (
    DatabaseError,
    OperationalError,
    close_old_connections,
    connections,
    router,
    transaction,
)
from django.utils import timezone

from jamsos.audit.chain import CONTENT_COLUMNS, compute_row_hash
from jamsos.audit.models import AuditChainHead, AuditEvent

__all__ = ["ChainHeadMissing", "seal_continuously", "seal_pending", "start_background_sealer"]

logger = logging.getLogger(__name__)

_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL SQLSTATE for a NOWAIT lock that is held elsewhere


class ChainHeadMissing(Exception):
    """Sealed rows exist but the chain head does not: the log was tampered with."""


def _lock_head(using: str) -> AuditChainHead | None:
    """The chain head, locked for this transaction; None when another sealer holds it."""
    heads = AuditChainHead.objects.using(using)
    try:
        # A savepoint, so a refused lock leaves the outer transaction usable.
        with transaction.atomic(using=using):
            return heads.select_for_update(nowait=True).get(pk=1)
    except AuditChainHead.DoesNotExist:
        pass
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
            return None
        raise
    # A fresh database. Starting a new chain over sealed rows would hide their history.
    if AuditEvent.objects.using(using).sealed().exists():
        raise ChainHeadMissing("audit_chain_head is missing although sealed rows exist")
    heads.get_or_create(pk=1)
    return heads.select_for_update().get(pk=1)


def _write_seals(using: str, seals: list[tuple[int, str, str, dt.datetime, int]]) -> None:
    """Set the seal columns of unsealed rows: the one write the append-only log allows.

    One statement run for every row (pipelined by psycopg), instead of an ORM
    update per row. The trigger on PostgreSQL checks that nothing else changes.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = AuditEvent._meta

    def column(name: str) -> str:
        return quote(opts.get_field(name).column)

    # Identifiers come from the model's own metadata, values are parameters.
    sql = (
        f"UPDATE {quote(opts.db_table)} SET {column('chain_seq')} = %s, "  # noqa: S608
        f"{column('prev_hash')} = %s, {column('row_hash')} = %s, {column('sealed_at')} = %s "
        f"WHERE {column('id')} = %s AND {column('row_hash')} IS NULL"
    )
    adapt = connection.ops.adapt_datetimefield_value
    params = [(seq, prev, row_hash, adapt(at), pk) for seq, prev, row_hash, at, pk in seals]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        if cursor.rowcount != len(params):
            # Only possible if something else sealed these rows; roll the batch back.
            raise RuntimeError(f"sealed {cursor.rowcount} of {len(params)} audit rows; aborted")


def _seal_batch(using: str, batch_size: int) -> int | None:
    with transaction.atomic(using=using):
        head = _lock_head(using)
        if head is None:
            return None
        rows = list(
            AuditEvent.objects.using(using)
            .unsealed()
            .order_by("id")
            .values(*CONTENT_COLUMNS)[:batch_size]
        )
        if not rows:
            return 0
        sealed_at = timezone.now()
        seq, prev_hash = head.last_seq, head.last_hash
        seals = []
        for row in rows:
            seq += 1
            sealed_row = {**row, "chain_seq": seq, "sealed_at": sealed_at}
            row_hash = compute_row_hash(prev_hash, sealed_row)
            seals.append((seq, prev_hash, row_hash, sealed_at, row["id"]))
            prev_hash = row_hash
        _write_seals(using, seals)
        AuditChainHead.objects.using(using).filter(pk=head.pk).update(
            last_seq=seq, last_hash=prev_hash, updated_at=sealed_at
        )
    # The head in the application log too: a copy outside the database to check it against.
    logger.info("audit chain sealed %d rows; head seq=%d hash=%s", len(rows), seq, prev_hash)
    return len(rows)


def seal_pending(batch_size: int = 5000) -> int:
    """Seal every row waiting, `batch_size` rows per transaction; return how many were sealed.

    Returns 0 at once when another sealer holds the chain head.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    using = router.db_for_write(AuditEvent)
    total = 0
    while True:
        sealed = _seal_batch(using, batch_size)
        if sealed is None:
            break
        total += sealed
        if sealed < batch_size:
            break
    return total


def seal_continuously(
    *,
    interval: float = 5.0,
    batch_size: int = 5000,
    stop: threading.Event | None = None,
    on_sealed: Callable[[int], None] | None = None,
) -> None:
    """Seal every `interval` seconds until `stop` is set (or the process is interrupted).

    A database that is briefly away (restart, fail-over) is logged and retried.
    """
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                sealed = seal_pending(batch_size)
            except DatabaseError:
                logger.exception("audit sealing failed; retrying in %s s", interval)
                sealed = 0
            if sealed and on_sealed is not None:
                on_sealed(sealed)
            stop.wait(interval)
    finally:
        connections.close_all()


def start_background_sealer(*, interval: float = 5.0, batch_size: int = 5000) -> threading.Event:
    """Seal in a daemon thread (for the single-process demo server); set the event to stop."""
    stop = threading.Event()
    threading.Thread(
        target=seal_continuously,
        kwargs={"interval": interval, "batch_size": batch_size, "stop": stop},
        name="audit-sealer",
        daemon=True,
    ).start()
    return stop

"""Posting settled invoices to the JHT accounts and the JP record, in chunks.

For each line of a settled invoice, posting writes one JHT entry (the employer's and
the worker's JHT shares, dated on the settlement day) and one JP month (the JP wage base
and shares), opens the worker's JHT account if needed, and adds the new entries to the
stored balances.

Exactly once, whatever happens:
  - Each chunk is one transaction. It takes the ledger lock, locks its invoices, writes
    its lines' entries, updates the balances and moves the invoice's `posting_cursor`
    past those lines, all together. A crash loses at most the chunk in flight, and a
    re-run starts after the cursor.
  - Unique constraints on (line, kind, settlement cycle) back the cursor up: an entry
    that already exists is skipped (ON CONFLICT DO NOTHING), and balances are raised by
    the entries the chunk actually inserted, never by what it meant to insert.
Small invoices are posted many to a chunk; an invoice larger than a chunk is posted in
ranges of its line ids.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from jamsos.contributions.bulk import for_update, lock_ledger
from jamsos.contributions.models import ContributionLine, Invoice, InvoiceStatus
from jamsos.ledger.models import EntryKind, JhtAccount, JhtEntry, JpMonth, JpMonthKind

DEFAULT_CHUNK = 50_000

ACCOUNT = JhtAccount._meta.db_table
ENTRY = JhtEntry._meta.db_table
JP = JpMonth._meta.db_table
LINE = ContributionLine._meta.db_table
INVOICE = Invoice._meta.db_table


@dataclass
class PostingSummary:
    invoices: int = 0
    lines: int = 0
    chunks: int = 0


@dataclass(frozen=True)
class Chunk:
    invoice_ids: tuple[int, ...]
    # For an invoice larger than a chunk: post its lines up to this id only.
    upto_line: int | None = None
    lines: int = 0


def _max_entry_id(cursor) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {ENTRY}")  # noqa: S608
    return int(cursor.fetchone()[0])


def _apply_new_entries(cursor, after_id: int) -> None:
    """Add the entries written since `after_id` (this transaction's, under the lock)."""
    cursor.execute(
        f"UPDATE {ACCOUNT} SET balance = {ACCOUNT}.balance + s.total "  # noqa: S608
        f"FROM (SELECT account_id, SUM(amount) AS total FROM {ENTRY} WHERE id > %s "
        f"GROUP BY account_id) s WHERE {ACCOUNT}.participant_id = s.account_id",
        [after_id],
    )


def _post_lines(cursor, where: str, params: list) -> int:
    """Write the JHT entries and JP months of the lines selected by `where` (l, i)."""
    now = timezone.now()
    source = f"FROM {LINE} l JOIN {INVOICE} i ON i.id = l.invoice_id WHERE {where}"
    cursor.execute(
        f"INSERT INTO {ACCOUNT} (participant_id, balance, opened_at) "
        f"SELECT DISTINCT l.participant_id, 0, %s {source} "
        "AND l.jht_employer + l.jht_worker > 0 ON CONFLICT DO NOTHING",
        [now, *params],
    )
    before = _max_entry_id(cursor)
    cursor.execute(
        f"INSERT INTO {ENTRY} (account_id, kind, amount, value_date, source_line_id, cycle, "
        "year, created_at) SELECT l.participant_id, %s, l.jht_employer + l.jht_worker, "
        f"i.settled_on, l.id, i.settlement_cycle, NULL, %s {source} "
        "AND l.jht_employer + l.jht_worker > 0 ON CONFLICT DO NOTHING",
        [EntryKind.CONTRIBUTION.value, now, *params],
    )
    posted = cursor.rowcount
    cursor.execute(
        f"INSERT INTO {JP} (participant_id, month, kind, wage_base, amount, source_line_id, "
        "cycle, created_at) SELECT l.participant_id, l.month, %s, l.jp_base, "
        f"l.jp_employer + l.jp_worker, l.id, i.settlement_cycle, %s {source} "
        "AND l.jp_employer + l.jp_worker > 0 ON CONFLICT DO NOTHING",
        [JpMonthKind.POSTED.value, now, *params],
    )
    _apply_new_entries(cursor, before)
    return posted


def _post_chunk(chunk: Chunk) -> int:
    """Post one chunk in one transaction; returns the lines it covered."""
    ids = list(chunk.invoice_ids)
    marks = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        lock_ledger()
        cursor.execute(
            f"SELECT id FROM {INVOICE} WHERE id IN ({marks}) AND status = %s "  # noqa: S608
            f"AND posted_at IS NULL ORDER BY id{for_update()}",
            [*ids, InvoiceStatus.PAID.value],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return 0
        marks = ", ".join(["%s"] * len(ids))
        where = f"l.invoice_id IN ({marks}) AND l.id > i.posting_cursor"
        params: list = list(ids)
        if chunk.upto_line is not None:
            where += " AND l.id <= %s"
            params.append(chunk.upto_line)
        _post_lines(cursor, where, params)
        now = timezone.now()
        if chunk.upto_line is None:
            cursor.execute(
                f"UPDATE {INVOICE} SET posted_at = %s, posting_cursor = "  # noqa: S608
                f"(SELECT COALESCE(MAX(l.id), 0) FROM {LINE} l WHERE l.invoice_id = {INVOICE}.id) "
                f"WHERE id IN ({marks})",
                [now, *ids],
            )
        else:
            # Never moves a cursor back: another run may already be further along.
            cursor.execute(
                f"UPDATE {INVOICE} SET posting_cursor = CASE WHEN posting_cursor > %s "  # noqa: S608
                "THEN posting_cursor ELSE %s END, posted_at = CASE WHEN "
                f"(SELECT MAX(l.id) FROM {LINE} l WHERE l.invoice_id = {INVOICE}.id) <= %s "
                f"THEN %s ELSE NULL END WHERE id IN ({marks})",
                [chunk.upto_line, chunk.upto_line, chunk.upto_line, now, *ids],
            )
    return chunk.lines


def _big_invoice_chunks(invoice_id: int, cursor_from: int, chunk_size: int) -> Iterator[Chunk]:
    """Ranges of a large invoice's line ids, `chunk_size` lines each, after its cursor."""
    after = cursor_from
    while True:
        upto = list(
            ContributionLine.objects.filter(invoice_id=invoice_id, id__gt=after)
            .order_by("id")
            .values_list("id", flat=True)[chunk_size - 1 : chunk_size]
        )
        if upto:
            yield Chunk((invoice_id,), upto_line=upto[0], lines=chunk_size)
            after = upto[0]
            continue
        remaining = ContributionLine.objects.filter(invoice_id=invoice_id, id__gt=after).count()
        if remaining:
            last = ContributionLine.objects.filter(invoice_id=invoice_id).order_by("-id")[0].id
            yield Chunk((invoice_id,), upto_line=last, lines=remaining)
        return


def plan_chunks(pending: Iterable[tuple[int, int, int]], chunk_size: int) -> Iterator[Chunk]:
    """Group (invoice id, worker count, cursor) into chunks of about `chunk_size` lines."""
    batch: list[int] = []
    lines = 0
    for invoice_id, workers, cursor_at in pending:
        if workers > chunk_size or cursor_at > 0:
            if batch:
                yield Chunk(tuple(batch), lines=lines)
                batch, lines = [], 0
            yield from _big_invoice_chunks(invoice_id, cursor_at, chunk_size)
            continue
        batch.append(invoice_id)
        lines += workers
        if lines >= chunk_size:
            yield Chunk(tuple(batch), lines=lines)
            batch, lines = [], 0
    if batch:
        yield Chunk(tuple(batch), lines=lines)


def pending_invoices(invoice_ids: list[int] | None = None):
    queryset = Invoice.objects.filter(status=InvoiceStatus.PAID, posted_at__isnull=True)
    if invoice_ids is not None:
        queryset = queryset.filter(pk__in=invoice_ids)
    return queryset.order_by("id")


def post_settled_invoices(
    *,
    chunk_size: int = DEFAULT_CHUNK,
    invoice_ids: list[int] | None = None,
    pause: float = 0.0,
    on_chunk: Callable[[int, int, int], None] | None = None,
) -> PostingSummary:
    """Post every settled, not yet posted invoice (or those of `invoice_ids`).

    `on_chunk(chunk number, lines in it, lines so far)` is called after each commit;
    `pause` waits that many seconds between chunks, to spare a busy database.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    pending = list(
        pending_invoices(invoice_ids).values_list("id", "worker_count", "posting_cursor")
    )
    summary = PostingSummary(invoices=len(pending))
    for chunk in plan_chunks(pending, chunk_size):
        if summary.chunks and pause:
            time.sleep(pause)
        summary.lines += _post_chunk(chunk)
        summary.chunks += 1
        if on_chunk is not None:
            on_chunk(summary.chunks, chunk.lines, summary.lines)
    return summary


def unpost(invoice: Invoice) -> None:
    """Reverse what was posted for the invoice's current settlement cycle.

    Runs inside the caller's transaction, which holds the invoice's row lock (a payment
    reversal that un-settles the invoice). Resets the invoice's posting columns in
    memory; the caller saves them with the rest of the invoice.
    """
    today = timezone.localdate()
    now = timezone.now()
    with connection.cursor() as cursor:
        lock_ledger()
        before = _max_entry_id(cursor)
        cursor.execute(
            f"INSERT INTO {ENTRY} (account_id, kind, amount, value_date, source_line_id, cycle, "  # noqa: S608
            f"year, created_at) SELECT e.account_id, %s, -e.amount, %s, e.source_line_id, "
            f"e.cycle, NULL, %s FROM {ENTRY} e JOIN {LINE} l ON l.id = e.source_line_id "
            "WHERE l.invoice_id = %s AND e.kind = %s AND e.cycle = %s ON CONFLICT DO NOTHING",
            [
                EntryKind.CONTRIBUTION_REVERSAL.value,
                today,
                now,
                invoice.pk,
                EntryKind.CONTRIBUTION.value,
                invoice.settlement_cycle,
            ],
        )
        cursor.execute(
            f"INSERT INTO {JP} (participant_id, month, kind, wage_base, amount, source_line_id, "  # noqa: S608
            f"cycle, created_at) SELECT j.participant_id, j.month, %s, j.wage_base, -j.amount, "
            f"j.source_line_id, j.cycle, %s FROM {JP} j JOIN {LINE} l ON l.id = j.source_line_id "
            "WHERE l.invoice_id = %s AND j.kind = %s AND j.cycle = %s ON CONFLICT DO NOTHING",
            [
                JpMonthKind.REVERSED.value,
                now,
                invoice.pk,
                JpMonthKind.POSTED.value,
                invoice.settlement_cycle,
            ],
        )
        _apply_new_entries(cursor, before)
    invoice.posting_cursor = 0
    invoice.posted_at = None

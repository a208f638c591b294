"""The yearly JHT return (hasil pengembangan), credited once per account and year.

Method: the return of year Y on an account is the declared rate applied, one month at a
time, to the account's balance at the end of each month of Y:

    return = round_half_up( Σ_{m=1..12} B(m) × R / 100 / 12 )

where B(m) is the sum of the account's entries dated (value date) up to the last day of
month m, and R the declared rate in percent. In other words: the average of the twelve
month-end balances, times R. Money paid in during a month counts from that month's end;
money withdrawn stops earning from the end of the month it left. The sum is rounded once,
half up, to the rupiah. The entry is dated 31 December of Y, so it is part of the next
year's opening balance and earns in turn.

Computed in SQL for a chunk of accounts at a time. Each entry dated in month m counts
(13 - m) times, the opening balance twelve times:

    Σ B(m) = 12 × opening + Σ_{entries e of Y} amount(e) × (13 - month(e))

with opening = stored balance - entries dated on or after 1 January Y, so only the
entries of Y and later are read, never an account's whole history.

Once per year and account: the unique constraint (account, year) on return entries,
and a cursor on the `YearlyReturn` row moved in the same transaction as each chunk, so
an interrupted run resumes where it stopped and a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.audit.services import record_event
from jamsos.contributions.bulk import is_postgresql, lock_ledger
from jamsos.contributions.models import Invoice, InvoiceStatus
from jamsos.ledger import errors
from jamsos.ledger.models import EntryKind, JhtAccount, JhtEntry, YearlyReturn
from jamsos.ops.errors import JamsosError
from jamsos.registry.services import Actor

DEFAULT_CHUNK = 50_000
ACCOUNT = JhtAccount._meta.db_table
ENTRY = JhtEntry._meta.db_table


def check_rate(rate: object) -> Decimal:
    try:
        value = Decimal(str(rate)) if not isinstance(rate, Decimal) else rate
    except InvalidOperation:
        raise JamsosError(errors.JHT_RETURN_RATE_INVALID, field="rate", value=rate) from None
    if (
        not value.is_finite()
        or not Decimal(0) < value <= Decimal(100)
        or value != value.quantize(Decimal("0.0001"))
    ):
        raise JamsosError(errors.JHT_RETURN_RATE_INVALID, field="rate", value=rate)
    return value


def _month_sql(column: str) -> str:
    if is_postgresql():
        return f"CAST(EXTRACT(MONTH FROM {column}) AS integer)"
    return f"CAST(strftime('%%m', {column}) AS integer)"


def _declare(year: int, rate: Decimal, actor: Actor, request: HttpRequest | None) -> YearlyReturn:
    with transaction.atomic():
        declared = YearlyReturn.objects.select_for_update().filter(year=year).first()
        if declared is not None:
            if declared.rate_percent != rate:
                raise JamsosError(
                    errors.JHT_RETURN_RATE_CONFLICT,
                    field="rate",
                    year=year,
                    declared=declared.rate_percent.normalize(),
                    rate=rate.normalize(),
                )
            return declared
        user = actor.user if getattr(actor.user, "is_authenticated", False) else None
        declared = YearlyReturn.objects.create(year=year, rate_percent=rate, declared_by=user)
        record_event(
            actor=actor.user,  # type: ignore[arg-type]
            actor_role=actor.role,
            channel=actor.channel,
            action="jht.return.declare",
            outcome="success",
            request=request,
            details={"year": year, "rate_percent": str(rate)},
        )
        return declared


def _next_bound(after: int, chunk_size: int) -> int | None:
    """The last account id of the next chunk after `after`, or None if none is left."""
    ids = JhtAccount.objects.filter(participant_id__gt=after).order_by("participant_id")
    bound = list(ids.values_list("participant_id", flat=True)[chunk_size - 1 : chunk_size])
    if bound:
        return bound[0]
    last = ids.order_by("-participant_id").values_list("participant_id", flat=True).first()
    return last


def _credit_chunk(declared: YearlyReturn, after: int, upto: int) -> tuple[int, int]:
    """Credit the accounts (after, upto]; returns (accounts credited, amount credited)."""
    year = declared.year
    january, december = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ratio = Fraction(declared.rate_percent)
    n, d = ratio.numerator, ratio.denominator
    month = _month_sql("e.value_date")
    with transaction.atomic(), connection.cursor() as cursor:
        lock_ledger()
        current = YearlyReturn.objects.select_for_update().get(pk=declared.pk)
        if current.cursor >= upto:
            return 0, 0  # another run did this chunk
        after = max(after, current.cursor)
        insert = (
            f"INSERT INTO {ENTRY} (account_id, kind, amount, value_date, source_line_id, cycle, "  # noqa: S608
            "year, created_at) "
            "SELECT account_id, %s, amount, %s, NULL, 0, %s, %s FROM ("
            f"  SELECT account_id, (2 * weighted * {n} + {1200 * d}) / {2400 * d} AS amount FROM ("
            "    SELECT a.participant_id AS account_id, CAST("
            "      12 * (a.balance - COALESCE(SUM(e.amount), 0)) "
            f"      + COALESCE(SUM(CASE WHEN e.value_date <= %s THEN e.amount * (13 - {month}) "
            "        ELSE 0 END), 0) AS bigint) AS weighted "
            f"    FROM {ACCOUNT} a LEFT JOIN {ENTRY} e "
            "      ON e.account_id = a.participant_id AND e.value_date >= %s "
            "      AND e.account_id > %s AND e.account_id <= %s "
            "    WHERE a.participant_id > %s AND a.participant_id <= %s "
            "    GROUP BY a.participant_id, a.balance"
            "  ) w"
            ") x WHERE amount > 0 ON CONFLICT DO NOTHING"
        )
        params = [
            EntryKind.RETURN.value,
            december,
            year,
            timezone.now(),
            december,
            january,
            after,
            upto,
            after,
            upto,
        ]
        if is_postgresql():
            # One statement: the balances take exactly the rows the INSERT wrote.
            cursor.execute(
                f"WITH credited AS ({insert} RETURNING account_id, amount), "  # noqa: S608
                f"applied AS (UPDATE {ACCOUNT} SET balance = {ACCOUNT}.balance + c.amount "
                f"FROM credited c WHERE {ACCOUNT}.participant_id = c.account_id "
                f"AND {ACCOUNT}.participant_id > %s AND {ACCOUNT}.participant_id <= %s "
                "RETURNING c.amount) SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM applied",
                [*params, after, upto],
            )
            credited, amount = (int(v) for v in cursor.fetchone())
        else:
            # SQLite has no data-modifying WITH: read the new rows back by id (serial writer).
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {ENTRY}")  # noqa: S608
            before = int(cursor.fetchone()[0])
            cursor.execute(insert, params)
            credited = cursor.rowcount
            cursor.execute(
                f"SELECT COALESCE(SUM(amount), 0) FROM {ENTRY} WHERE id > %s",  # noqa: S608
                [before],
            )
            amount = int(cursor.fetchone()[0])
            cursor.execute(
                f"UPDATE {ACCOUNT} SET balance = {ACCOUNT}.balance + s.total "  # noqa: S608
                f"FROM (SELECT account_id, SUM(amount) AS total FROM {ENTRY} WHERE id > %s "
                f"GROUP BY account_id) s WHERE {ACCOUNT}.participant_id = s.account_id",
                [before],
            )
        current.cursor = upto
        current.accounts_credited += credited
        current.total_credited += amount
        current.save(update_fields=["cursor", "accounts_credited", "total_credited"])
    return credited, amount


def credit_return(
    *,
    year: int,
    rate_percent: Decimal | str,
    actor: Actor,
    chunk_size: int = DEFAULT_CHUNK,
    today: dt.date | None = None,
    pause: float = 0.0,
    on_chunk: Callable[[int, int, int], None] | None = None,
    request: HttpRequest | None = None,
) -> YearlyReturn:
    """Credit year `year`'s declared return to every JHT account, at most once each.

    Refused: a year not yet ended, a rate other than the one already declared for the
    year, or settled invoices of the year still waiting to be posted (their money would
    miss the return). `on_chunk(accounts so far, amount so far, cursor)` reports progress.
    """
    rate = check_rate(rate_percent)
    today = today or timezone.localdate()
    if year >= today.year:
        raise JamsosError(errors.JHT_RETURN_YEAR_NOT_ENDED, field="year", year=year)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    pending = Invoice.objects.filter(
        status=InvoiceStatus.PAID, posted_at__isnull=True, settled_on__lte=dt.date(year, 12, 31)
    ).count()
    if pending:
        raise JamsosError(errors.LEDGER_POSTING_PENDING, field="year", count=pending, year=year)
    declared = _declare(year, rate, actor, request)
    if declared.completed_at is not None:
        return declared
    after = declared.cursor
    chunks = 0
    while (upto := _next_bound(after, chunk_size)) is not None:
        if chunks and pause:
            time.sleep(pause)
        _credit_chunk(declared, after, upto)
        chunks += 1
        after = upto
        declared.refresh_from_db()
        if on_chunk is not None:
            on_chunk(declared.accounts_credited, declared.total_credited, after)
    with transaction.atomic():
        declared = YearlyReturn.objects.select_for_update().get(pk=declared.pk)
        if declared.completed_at is None:
            declared.completed_at = timezone.now()
            declared.save(update_fields=["completed_at"])
            record_event(
                actor=actor.user,  # type: ignore[arg-type]
                actor_role=actor.role,
                channel=actor.channel,
                action="jht.return.credit",
                outcome="success",
                request=request,
                details={
                    "year": year,
                    "rate_percent": str(rate),
                    "accounts": declared.accounts_credited,
                    "amount": declared.total_credited,
                },
            )
    return declared

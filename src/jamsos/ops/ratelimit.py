"""Rate limits shared by every server process: fixed-window counters in the database.

One atomic upsert per check (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, on
PostgreSQL and on SQLite 3.35+), so limits hold across any number of web
processes and machines without a cache server. Keys never hold the identifier
itself: it is replaced by a keyed hash, so a NIK used as a limit key is not stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from jamsos.ops.models import RateCounter

# Old windows are deleted now and then by whoever happens to be counting.
_PURGE_PROBABILITY = 0.002
_KEEP_WINDOWS_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    scope: str
    max_hits: int
    window_seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    hits: int
    # When the current window ends: the moment to tell people to try again.
    retry_at: dt.datetime


def _window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def limit_key(limit: Limit, identifier: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{limit.scope}\x00{identifier}".encode(), hashlib.sha256
    ).hexdigest()[:40]
    return f"{limit.scope}:{digest}"


def _upsert(key: str, window_start: dt.datetime, increment: int) -> int:
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A counter row is shared by every request it limits; its lock is held until the
        # commit, and waiting for the WAL flush there would queue all of them behind the
        # disk. A lost count after a crash is harmless for a limit, so this one commit does
        # not wait. (Inside a caller's transaction the caller's durability rules.)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return _increment(key, window_start, increment)
    return _increment(key, window_start, increment)


def _increment(key: str, window_start: dt.datetime, increment: int) -> int:
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + %s "
            "RETURNING hits",
            # Adapted as the ORM stores it, so `check` finds the row on every engine.
            [key, connection.ops.adapt_datetimefield_value(window_start), increment, increment],
        )
        return int(cursor.fetchone()[0])


def hit(limit: Limit, identifier: str, *, now: dt.datetime | None = None) -> Decision:
    """Count one hit and say whether it is within the limit."""
    now = now or timezone.now()
    start = _window_start(now, limit.window_seconds)
    hits = _upsert(limit_key(limit, identifier), start, 1)
    if random.random() < _PURGE_PROBABILITY:  # noqa: S311 - housekeeping, not security
        RateCounter.objects.filter(window_start__lt=now - _KEEP_WINDOWS_FOR).delete()
    return Decision(
        allowed=hits <= limit.max_hits,
        hits=hits,
        retry_at=start + dt.timedelta(seconds=limit.window_seconds),
    )


def hit_spread(
    limit: Limit, identifier: str, *, shards: int = 16, now: dt.datetime | None = None
) -> Decision:
    """Count a hit on a very busy key (such as "all requests") spread over `shards` rows.

    Each hit lands on a random row allowed `max_hits / shards`, so concurrent requests do
    not all wait on one row lock. The limit then holds on average rather than to the hit:
    fine for an overall ceiling in the thousands, wrong for small per-person limits.
    """
    shard = random.randrange(shards)  # noqa: S311 - load spreading, not security
    per_shard = Limit(limit.scope, max(1, -(-limit.max_hits // shards)), limit.window_seconds)
    return hit(per_shard, f"{identifier}#{shard}", now=now)


def check(limit: Limit, identifier: str, *, now: dt.datetime | None = None) -> Decision:
    """Whether the limit is already exhausted, without counting a hit."""
    now = now or timezone.now()
    start = _window_start(now, limit.window_seconds)
    row = RateCounter.objects.filter(key=limit_key(limit, identifier), window_start=start).first()
    hits = row.hits if row else 0
    return Decision(
        allowed=hits < limit.max_hits,
        hits=hits,
        retry_at=start + dt.timedelta(seconds=limit.window_seconds),
    )

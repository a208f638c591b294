"""Maintenance windows: a notice on pages before, HTTP 503 on every channel during.

Operators schedule a window with `jamsos maintenance schedule` or in the back office.
From `notice_hours` before its start, pages show a banner. While it runs, every request
answers 503 with the expected end and a `Retry-After` header, except the health check
(load balancers must keep seeing a live server), the back office (so staff can end the
window early) and logged-in staff (so they can check the site before reopening it).

Reads: `active_window`, `upcoming_window`. Writes: `schedule_window`, `cancel_window`,
`end_window_now`, each one transaction with its audit row. The middleware and the
context processor read through a short per-process cache (see `_cached_open_windows`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from jamsos.audit.services import record_event
from jamsos.ops.errors import JamsosError, define_error
from jamsos.ops.models import MaintenanceWindow

if TYPE_CHECKING:
    from jamsos.registry.services import Actor

logger = logging.getLogger(__name__)

WIB = ZoneInfo("Asia/Jakarta")
WIB_FORMAT = "%d/%m/%Y %H:%M"
MAX_NOTICE_HOURS = 30 * 24
MESSAGE_MAX_LENGTH = MaintenanceWindow._meta.get_field("message_id").max_length or 300
# How long a process trusts what it last read. The trade-off: a window scheduled, cancelled
# or ended by an operator reaches each process up to this many seconds late, so a window
# can start (or reopen the site) that much late on a given process. A window that was
# already scheduled starts on time, because the start is compared with the clock on every
# request. In exchange the middleware costs one small query per process per 15 seconds
# instead of one per request.
CACHE_SECONDS = 15.0
# Not routed yet; the SMS gateway will get its own reply format when it is built.
JSON_PREFIXES = ("/api/", "/sms/")

MAINTENANCE = define_error(
    "MAINTENANCE",
    id="Layanan sedang dalam pemeliharaan dan diperkirakan kembali pada {ends_at} WIB. "
    "{reason_id}Silakan coba lagi setelah waktu tersebut.",
    en="The service is down for maintenance and is expected back at {ends_at} WIB "
    "(Jakarta time). {reason_en}Please try again after that time.",
    http_status=503,
)
MAINTENANCE_WINDOW_INVALID = define_error(
    "MAINTENANCE_WINDOW_INVALID",
    id="Jadwal pemeliharaan belum benar: {problem_id}",
    en="The maintenance window is not valid: {problem_en}",
)
MAINTENANCE_WINDOW_OVERLAP = define_error(
    "MAINTENANCE_WINDOW_OVERLAP",
    id="Waktunya bertumpuk dengan jadwal pemeliharaan #{other_id} ({other_starts} sampai "
    "{other_ends} WIB). Pilih waktu lain, atau batalkan jadwal #{other_id} terlebih dahulu.",
    en="It overlaps maintenance window #{other_id} ({other_starts} to {other_ends} WIB). "
    "Choose another time, or cancel window #{other_id} first.",
    http_status=409,
)
MAINTENANCE_WINDOW_NOT_FOUND = define_error(
    "MAINTENANCE_WINDOW_NOT_FOUND",
    id="Tidak ada jadwal pemeliharaan dengan nomor {window_id}. Periksa nomornya di daftar jadwal.",
    en="There is no maintenance window number {window_id}. Check the number in the list.",
    http_status=404,
)
MAINTENANCE_WINDOW_STARTED = define_error(
    "MAINTENANCE_WINDOW_STARTED",
    id="Jadwal #{window_id} sudah dimulai, jadi tidak bisa dibatalkan. "
    "Untuk membuka kembali layanan, akhiri jadwal itu sekarang.",
    en="Window #{window_id} has already started, so it cannot be cancelled. "
    "To reopen the services, end it now.",
    http_status=409,
)
MAINTENANCE_WINDOW_NOT_STARTED = define_error(
    "MAINTENANCE_WINDOW_NOT_STARTED",
    id="Jadwal #{window_id} belum dimulai, jadi tidak bisa diakhiri. "
    "Bila pemeliharaan tidak jadi, batalkan jadwal itu.",
    en="Window #{window_id} has not started yet, so it cannot be ended. "
    "If the maintenance is off, cancel the window.",
    http_status=409,
)
MAINTENANCE_WINDOW_CLOSED = define_error(
    "MAINTENANCE_WINDOW_CLOSED",
    id="Jadwal #{window_id} sudah selesai atau sudah dibatalkan; tidak ada yang perlu diubah.",
    en="Window #{window_id} has already ended or been cancelled; there is nothing to change.",
    http_status=409,
)

# What is wrong with a window, for MAINTENANCE_WINDOW_INVALID: (Indonesian, English).
_PROBLEMS = {
    "time_format": (
        "tulis waktu sebagai DD/MM/YYYY HH:MM dalam WIB, misalnya 01/12/2026 22:00.",
        "write times as DD/MM/YYYY HH:MM in WIB, for example 01/12/2026 22:00.",
    ),
    "order": (
        "waktu selesai harus sesudah waktu mulai.",
        "the end must come after the start.",
    ),
    "past": (
        "waktu selesai sudah lewat; jadwal harus berakhir di masa depan.",
        "the end has already passed; a window must end in the future.",
    ),
    "message_id": (
        f"pesan dalam bahasa Indonesia wajib diisi, paling banyak {MESSAGE_MAX_LENGTH} karakter.",
        f"the Indonesian message is required, {MESSAGE_MAX_LENGTH} characters at most.",
    ),
    "message_en": (
        f"pesan dalam bahasa Inggris wajib diisi, paling banyak {MESSAGE_MAX_LENGTH} karakter.",
        f"the English message is required, {MESSAGE_MAX_LENGTH} characters at most.",
    ),
    "notice_hours": (
        f"lama pemberitahuan harus bilangan bulat 0 sampai {MAX_NOTICE_HOURS} jam.",
        f"the notice must be a whole number of hours from 0 to {MAX_NOTICE_HOURS}.",
    ),
}


def invalid(problem: str, *, field: str) -> JamsosError:
    problem_id, problem_en = _PROBLEMS[problem]
    return JamsosError(
        MAINTENANCE_WINDOW_INVALID, field=field, problem_id=problem_id, problem_en=problem_en
    )


# --- Time in WIB ----------------------------------------------------------------------------


def wib(moment: dt.datetime) -> str:
    """DD/MM/YYYY HH:MM in Jakarta time, whatever the active time zone; the caller adds "WIB"."""
    return moment.astimezone(WIB).strftime(WIB_FORMAT)


def parse_wib(text: str, *, field: str) -> dt.datetime:
    """An operator's DD/MM/YYYY HH:MM, read as Jakarta time (which has no daylight saving)."""
    try:
        return dt.datetime.strptime(text.strip(), WIB_FORMAT).replace(tzinfo=WIB)
    except ValueError:
        raise invalid("time_format", field=field) from None


def notice_begins_at(window: MaintenanceWindow) -> dt.datetime:
    return window.starts_at - dt.timedelta(hours=window.notice_hours)


# --- Reads ----------------------------------------------------------------------------------


def _open_windows(now: dt.datetime) -> list[MaintenanceWindow]:
    """Windows neither cancelled nor over, earliest first: everything the pages need to know.

    Operators schedule windows by hand, a few at a time, so this list stays short.
    """
    return list(
        MaintenanceWindow.objects.filter(cancelled_at__isnull=True, ends_at__gt=now).order_by(
            "starts_at"
        )
    )


def _active_among(
    windows: Iterable[MaintenanceWindow], now: dt.datetime
) -> MaintenanceWindow | None:
    return next((w for w in windows if w.starts_at <= now < w.ends_at), None)


def _upcoming_among(
    windows: Iterable[MaintenanceWindow], now: dt.datetime
) -> MaintenanceWindow | None:
    return next((w for w in windows if notice_begins_at(w) <= now < w.starts_at), None)


def active_window(now: dt.datetime) -> MaintenanceWindow | None:
    """The window running at `now`, if any. Cancelled windows never run."""
    return _active_among(_open_windows(now), now)


def upcoming_window(now: dt.datetime) -> MaintenanceWindow | None:
    """The next window that has not started but whose notice period has begun."""
    return _upcoming_among(_open_windows(now), now)


def window_by_id(raw_id: str | int) -> MaintenanceWindow:
    text = str(raw_id).strip().lstrip("#")
    readable = text.isdigit() and len(text) <= 18  # a bigint; longer numbers are no id of ours
    window = MaintenanceWindow.objects.filter(pk=int(text)).first() if readable else None
    if window is None:
        raise JamsosError(MAINTENANCE_WINDOW_NOT_FOUND, field="id", window_id=str(raw_id)[:20])
    return window


STATUS_LABELS = {
    "cancelled": "dibatalkan / cancelled",
    "ended": "selesai / ended",
    "active": "berlangsung / in progress",
    "notice": "pemberitahuan tampil / notice showing",
    "scheduled": "terjadwal / scheduled",
}


def window_status(window: MaintenanceWindow, now: dt.datetime) -> str:
    """One of STATUS_LABELS' keys."""
    if window.cancelled_at is not None:
        return "cancelled"
    if window.ends_at <= now:
        return "ended"
    if window.starts_at <= now:
        return "active"
    return "notice" if notice_begins_at(window) <= now else "scheduled"


# --- The per-process cache ------------------------------------------------------------------

_clock: Callable[[], float] = time.monotonic
# (windows, monotonic time until which they are trusted). Replaced whole, never mutated, so
# threads of one process can read it without a lock; at worst two of them both query.
_snapshot: tuple[tuple[MaintenanceWindow, ...], float] | None = None


def _cached_open_windows(now: dt.datetime) -> tuple[MaintenanceWindow, ...]:
    """`_open_windows`, read at most once per CACHE_SECONDS by this process.

    The list is kept, not the answer "is a window active": which window is active or
    upcoming is decided against `now` on every request, so only changes made after the
    read wait for the next one. If the database cannot be read (a window is often for
    database work), the last list read stays in force, so a running window keeps
    answering 503 instead of turning into errors.
    """
    global _snapshot
    clock = _clock()
    snapshot = _snapshot
    if snapshot is not None and clock < snapshot[1]:
        return snapshot[0]
    try:
        windows = tuple(_open_windows(now))
    except DatabaseError:
        logger.warning("maintenance windows unreadable; using the last list read", exc_info=True)
        windows = snapshot[0] if snapshot is not None else ()
    _snapshot = (windows, clock + CACHE_SECONDS)
    return windows


def forget_cached_windows() -> None:
    """Make this process read the windows again on its next request (other processes wait)."""
    global _snapshot
    _snapshot = None


# --- Writes ---------------------------------------------------------------------------------


def validate_window(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    message_id: str,
    message_en: str,
    notice_hours: int,
    now: dt.datetime,
) -> None:
    """Every rule a new window must meet; `schedule_window` and the back-office form call this."""
    if not message_id.strip() or len(message_id) > MESSAGE_MAX_LENGTH:
        raise invalid("message_id", field="message_id")
    if not message_en.strip() or len(message_en) > MESSAGE_MAX_LENGTH:
        raise invalid("message_en", field="message_en")
    if (
        not isinstance(notice_hours, int)
        or isinstance(notice_hours, bool)
        or not 0 <= notice_hours <= MAX_NOTICE_HOURS
    ):
        raise invalid("notice_hours", field="notice_hours")
    if ends_at <= starts_at:
        raise invalid("order", field="ends_at")
    if ends_at <= now:
        raise invalid("past", field="ends_at")
    # Windows that only touch (one ends as the next starts) do not overlap.
    other = (
        MaintenanceWindow.objects.filter(
            cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )
    if other is not None:
        raise JamsosError(
            MAINTENANCE_WINDOW_OVERLAP,
            field="starts_at",
            other_id=other.pk,
            other_starts=wib(other.starts_at),
            other_ends=wib(other.ends_at),
        )


# Any constant no other code uses as an advisory-lock key ("JMSW").
_SCHEDULE_LOCK_KEY = 0x4A4D5357


def _one_scheduler_at_a_time() -> None:
    """Two operators scheduling at the same moment must not both pass the overlap check.

    PostgreSQL: a lock held until this transaction ends. SQLite serialises writing
    transactions already (settings begin them IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEDULE_LOCK_KEY])


def _user_of(actor: Actor) -> Any:
    user = actor.user
    return user if getattr(user, "is_authenticated", False) else None


def _audit(actor: Actor, action: str, request: HttpRequest | None, details: dict[str, Any]) -> None:
    record_event(
        actor=_user_of(actor),
        actor_role=actor.role,
        channel=actor.channel,
        action=action,
        outcome="success",
        actor_label=actor.label,
        request=request,
        details=details,
    )


def schedule_window(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    message_id: str,
    message_en: str,
    notice_hours: int = 48,
    actor: Actor,
    request: HttpRequest | None = None,
) -> MaintenanceWindow:
    """Plan a window. Running servers pick it up within CACHE_SECONDS."""
    message_id, message_en = message_id.strip(), message_en.strip()
    with transaction.atomic():
        _one_scheduler_at_a_time()
        validate_window(
            starts_at=starts_at,
            ends_at=ends_at,
            message_id=message_id,
            message_en=message_en,
            notice_hours=notice_hours,
            now=timezone.now(),
        )
        window = MaintenanceWindow.objects.create(
            starts_at=starts_at,
            ends_at=ends_at,
            message_id=message_id,
            message_en=message_en,
            notice_hours=notice_hours,
            created_by=_user_of(actor),
        )
        # The messages stay on the window row; free text could trip the audit log's
        # personal-data check and block the schedule.
        _audit(
            actor,
            "maintenance.schedule",
            request,
            {
                "window_id": window.pk,
                "starts_at": window.starts_at.isoformat(),
                "ends_at": window.ends_at.isoformat(),
                "notice_hours": notice_hours,
            },
        )
        transaction.on_commit(forget_cached_windows)
    return window


def cancel_window(
    *, window: MaintenanceWindow, actor: Actor, request: HttpRequest | None = None
) -> MaintenanceWindow:
    """Call off a window that has not started. A started one is ended, not cancelled."""
    with transaction.atomic():
        locked = MaintenanceWindow.objects.select_for_update().get(pk=window.pk)
        now = timezone.now()
        if locked.cancelled_at is not None or locked.ends_at <= now:
            raise JamsosError(MAINTENANCE_WINDOW_CLOSED, window_id=locked.pk)
        if locked.starts_at <= now:
            raise JamsosError(MAINTENANCE_WINDOW_STARTED, window_id=locked.pk)
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        _audit(
            actor,
            "maintenance.cancel",
            request,
            {"window_id": locked.pk, "starts_at": locked.starts_at.isoformat()},
        )
        transaction.on_commit(forget_cached_windows)
    return locked


def end_window_now(
    *, window: MaintenanceWindow, actor: Actor, request: HttpRequest | None = None
) -> MaintenanceWindow:
    """Reopen the services before the planned end. The window keeps its real end as history."""
    with transaction.atomic():
        locked = MaintenanceWindow.objects.select_for_update().get(pk=window.pk)
        now = timezone.now()
        if locked.cancelled_at is not None or locked.ends_at <= now:
            raise JamsosError(MAINTENANCE_WINDOW_CLOSED, window_id=locked.pk)
        # At the very start instant an end of "now" would not come after the start.
        if now <= locked.starts_at:
            raise JamsosError(MAINTENANCE_WINDOW_NOT_STARTED, window_id=locked.pk)
        planned_end = locked.ends_at
        locked.ends_at = now
        locked.save(update_fields=["ends_at"])
        _audit(
            actor,
            "maintenance.end",
            request,
            {
                "window_id": locked.pk,
                "planned_ends_at": planned_end.isoformat(),
                "ended_at": now.isoformat(),
            },
        )
        transaction.on_commit(forget_cached_windows)
    return locked


# --- The edge: middleware, response and notice ----------------------------------------------


@cache
def _exempt_prefixes() -> tuple[str, ...]:
    # Reversed, so moving the back office elsewhere cannot lock staff out of it.
    return (reverse("health"), reverse("admin:index"))


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _sentence(text: str) -> str:
    """An operator's message as a sentence followed by a space, ready to sit before another."""
    text = text.strip()
    if not text:
        return ""
    return (text if text[-1] in ".!?" else text + ".") + " "


def seconds_until_end(window: MaintenanceWindow, now: dt.datetime) -> int:
    """Whole seconds, rounded up, and at least 1: a client must not retry at once."""
    return max(1, math.ceil((window.ends_at - now).total_seconds()))


def maintenance_response(
    request: HttpRequest, window: MaintenanceWindow, now: dt.datetime
) -> HttpResponse:
    retry_after = seconds_until_end(window, now)
    error = JamsosError(
        MAINTENANCE,
        ends_at=wib(window.ends_at),
        reason_id=_sentence(window.message_id),
        reason_en=_sentence(window.message_en),
    )
    ends_at_iso = window.ends_at.astimezone(WIB).isoformat()
    response: HttpResponse
    if request.path.startswith(JSON_PREFIXES):
        response = JsonResponse(
            {
                "code": error.code,
                "message": {"id": error.message("id"), "en": error.message("en")},
                "retry_after": retry_after,
                "ends_at": ends_at_iso,
            },
            status=error.http_status,
        )
    else:
        context = {
            "message_id": window.message_id,
            "message_en": window.message_en,
            "ends_at_wib": wib(window.ends_at),
            "ends_at_iso": ends_at_iso,
        }
        response = render(request, "ops/maintenance.html", context, status=error.http_status)
    response["Retry-After"] = str(retry_after)
    # Nothing between us and the client may keep serving this page after the window ends.
    add_never_cache_headers(response)
    # A planned 503 is not a server error. Without this mark Django's request logger writes
    # an ERROR line (and may page whoever is on call) for every request during the window.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class MaintenanceMiddleware:
    """503 on every channel during a window. Needs request.user, so it runs after the auth one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_exempt_prefixes()):
            return self.get_response(request)
        now = timezone.now()
        window = _active_among(_cached_open_windows(now), now)
        # request.user costs a session read, so it is looked at only during a window.
        if window is None or _is_staff(request):
            return self.get_response(request)
        return maintenance_response(request, window, now)


@dataclass(frozen=True)
class Notice:
    """What the banner shows. Times are DD/MM/YYYY HH:MM in WIB."""

    in_progress: bool
    starts_at: str
    ends_at: str
    message_id: str
    message_en: str


def _notice_for(windows: Sequence[MaintenanceWindow], now: dt.datetime) -> Notice | None:
    window = _active_among(windows, now)
    in_progress = window is not None
    window = window or _upcoming_among(windows, now)
    if window is None:
        return None
    return Notice(
        in_progress=in_progress,
        starts_at=wib(window.starts_at),
        ends_at=wib(window.ends_at),
        message_id=window.message_id,
        message_en=window.message_en,
    )


def upcoming_notice(request: HttpRequest) -> dict[str, object]:
    """Template context: `maintenance_notice`, for the banner in base.html, or nothing."""
    now = timezone.now()
    notice = _notice_for(_cached_open_windows(now), now)
    return {"maintenance_notice": notice} if notice is not None else {}

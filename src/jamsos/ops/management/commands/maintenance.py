"""`jamsos maintenance`: schedule, list, cancel and end maintenance windows.

    jamsos maintenance schedule --start "01/12/2026 22:00" --end "02/12/2026 02:00" \\
        --message-id "Pemutakhiran basis data." --message-en "Database upgrade." [--notice-hours 48]
    jamsos maintenance list
    jamsos maintenance cancel 3
    jamsos maintenance end 3

Times are WIB (Asia/Jakarta). Running servers see a change within a few seconds (the
pages' cache, `jamsos.ops.maintenance.CACHE_SECONDS`). Refused input prints the error
code with its Indonesian and English message to stderr and exits with status 2.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jamsos.ops.errors import JamsosError
from jamsos.ops.maintenance import (
    CACHE_SECONDS,
    STATUS_LABELS,
    cancel_window,
    end_window_now,
    invalid,
    notice_begins_at,
    parse_wib,
    schedule_window,
    wib,
    window_by_id,
    window_status,
)
from jamsos.ops.models import MaintenanceWindow
from jamsos.registry.services import Actor

# Older windows are history; the back office lists them all.
LIST_LENGTH = 20
# The command-line option each field of a refusal points at.
_OPTIONS = {
    "starts_at": "--start",
    "ends_at": "--end",
    "message_id": "--message-id",
    "message_en": "--message-en",
    "notice_hours": "--notice-hours",
    "id": "ID",
}


def format_error(exc: JamsosError) -> str:
    return exc.for_terminal(_OPTIONS.get(exc.field or "", exc.field))


def _operator() -> Actor:
    """The operator, named by their account on this machine when it has one."""
    try:
        label = f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no name for this uid, e.g. in some containers
        label = ""
    return Actor(user=None, role="operator", channel="cli", label=label)


def _parse_notice_hours(text: str) -> int:
    stripped = text.strip()
    if not stripped.isdigit():
        raise invalid("notice_hours", field="notice_hours")
    return int(stripped)


class Command(BaseCommand):
    help = (
        "Jadwal pemeliharaan: buat, lihat, batalkan, akhiri; waktu dalam WIB. / "
        "Maintenance windows: schedule, list, cancel, end; times in WIB (Asia/Jakarta)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{schedule,list,cancel,end}"
        )
        schedule = sub.add_parser(
            "schedule",
            help="buat jadwal, dengan pemberitahuan / plan a window, with notice",
        )
        schedule.add_argument("--start", required=True, help='"DD/MM/YYYY HH:MM", WIB')
        schedule.add_argument("--end", required=True, help='"DD/MM/YYYY HH:MM", WIB')
        schedule.add_argument(
            "--message-id", required=True, help="pesan bahasa Indonesia / Indonesian message"
        )
        schedule.add_argument(
            "--message-en", required=True, help="pesan bahasa Inggris / English message"
        )
        schedule.add_argument(
            "--notice-hours",
            default="48",
            help="jam pemberitahuan sebelum mulai / hours of notice before the start (48)",
        )
        sub.add_parser(
            "list",
            help=f"{LIST_LENGTH} jadwal terakhir / the latest {LIST_LENGTH} windows, with status",
        )
        # IDs are read by the command, not argparse, so a bad one gets a bilingual refusal.
        cancel = sub.add_parser(
            "cancel",
            help="batalkan jadwal yang belum mulai / call off a window that has not started",
        )
        cancel.add_argument("id", help="nomor jadwal dari `list` / window number, from `list`")
        end = sub.add_parser("end", help="akhiri jadwal yang berjalan / end a running window now")
        end.add_argument("id", help="nomor jadwal dari `list` / window number, from `list`")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "schedule": self._schedule,
            "list": self._list,
            "cancel": self._cancel,
            "end": self._end,
        }
        try:
            handlers[options["subcommand"]](options)
        except JamsosError as exc:
            raise CommandError(format_error(exc), returncode=2) from exc

    def _schedule(self, options: dict[str, Any]) -> None:
        window = schedule_window(
            starts_at=parse_wib(options["start"], field="starts_at"),
            ends_at=parse_wib(options["end"], field="ends_at"),
            message_id=options["message_id"],
            message_en=options["message_en"],
            notice_hours=_parse_notice_hours(options["notice_hours"]),
            actor=_operator(),
        )
        span = f"{wib(window.starts_at)} – {wib(window.ends_at)} WIB"
        notice = wib(notice_begins_at(window))
        self.stdout.write(
            f"Jadwal pemeliharaan #{window.pk} dibuat: {span}; pemberitahuan mulai {notice} WIB.\n"
            f"Maintenance window #{window.pk} scheduled: {span}; notice from {notice} WIB.\n"
            f"Server yang berjalan melihatnya dalam {CACHE_SECONDS:g} detik. / "
            f"Running servers see it within {CACHE_SECONDS:g} seconds."
        )

    def _list(self, options: dict[str, Any]) -> None:
        latest = MaintenanceWindow.objects.order_by("-starts_at")[:LIST_LENGTH]
        windows = list(reversed(latest))
        if not windows:
            self.stdout.write("Belum ada jadwal pemeliharaan. / No maintenance windows yet.")
            return
        now = timezone.now()
        self.stdout.write("#    mulai / start (WIB)  selesai / end (WIB)  status")
        for window in windows:
            status = STATUS_LABELS[window_status(window, now)]
            self.stdout.write(
                f"{window.pk:<4} {wib(window.starts_at):<20} {wib(window.ends_at):<20} {status}\n"
                f"     id: {window.message_id}\n"
                f"     en: {window.message_en}"
            )

    def _cancel(self, options: dict[str, Any]) -> None:
        window = cancel_window(window=window_by_id(options["id"]), actor=_operator())
        self.stdout.write(
            f"Jadwal pemeliharaan #{window.pk} dibatalkan. / "
            f"Maintenance window #{window.pk} cancelled."
        )

    def _end(self, options: dict[str, Any]) -> None:
        window = end_window_now(window=window_by_id(options["id"]), actor=_operator())
        self.stdout.write(
            f"Jadwal pemeliharaan #{window.pk} diakhiri pada {wib(window.ends_at)} WIB; "
            f"layanan dibuka kembali dalam {CACHE_SECONDS:g} detik.\n"
            f"Maintenance window #{window.pk} ended at {wib(window.ends_at)} WIB; "
            f"services reopen within {CACHE_SECONDS:g} seconds."
        )

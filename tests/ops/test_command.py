"""`jamsos maintenance`: schedule, list, cancel and end from the command line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jamsos.audit.models import AuditEvent
from jamsos.ops.models import MaintenanceWindow
from tests.ops.conftest import NOW

REPO = Path(__file__).resolve().parents[2]
HOUR = dt.timedelta(hours=1)


def maintenance(*args: str) -> str:
    out = StringIO()
    call_command("maintenance", *args, stdout=out)
    return out.getvalue()


def schedule_args(**overrides: str) -> list[str]:
    values = {
        "--start": "05/12/2026 22:00",
        "--end": "06/12/2026 02:00",
        "--message-id": "Pemutakhiran server basis data.",
        "--message-en": "Database server upgrade.",
        **overrides,
    }
    return ["schedule", *(item for pair in values.items() for item in pair)]


def test_the_command_schedules_a_window_in_wib_and_audits_it(clock, db):
    output = maintenance(*schedule_args(**{"--notice-hours": "24"}))

    window = MaintenanceWindow.objects.get()
    assert window.starts_at == dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC)
    assert window.ends_at == dt.datetime(2026, 12, 5, 19, 0, tzinfo=dt.UTC)
    assert window.notice_hours == 24
    assert f"Jadwal pemeliharaan #{window.pk} dibuat: 05/12/2026 22:00 – 06/12/2026 02:00 WIB" in (
        output
    )
    assert f"Maintenance window #{window.pk} scheduled" in output
    assert "pemberitahuan mulai 04/12/2026 22:00 WIB" in output
    event = AuditEvent.objects.get(action="maintenance.schedule")
    assert (event.actor_role, event.channel, event.actor_id) == ("operator", "cli", None)


def test_the_command_lists_windows_with_their_status(clock, make_window):
    make_window(starts_in=-5 * HOUR)
    running = make_window(starts_in=-HOUR)
    make_window(starts_in=10 * HOUR, cancelled_at=NOW)

    lines = maintenance("list").splitlines()

    assert lines[0].startswith("#")
    statuses = [line.split("  ")[-1].strip() for line in lines[1::3]]
    assert statuses == ["selesai / ended", "berlangsung / in progress", "dibatalkan / cancelled"]
    assert any(line.startswith(f"{running.pk} ") and "01/12/2026 21:00" in line for line in lines)
    assert "     en: Database server upgrade." in lines


def test_the_command_says_so_when_there_are_no_windows(db):
    assert "Belum ada jadwal pemeliharaan. / No maintenance windows yet." in maintenance("list")


def test_the_command_cancels_a_window_and_ends_another(clock, make_window):
    later = make_window(starts_in=5 * HOUR)
    running = make_window(starts_in=-HOUR)

    cancelled = maintenance("cancel", str(later.pk))
    ended = maintenance("end", f"#{running.pk}")

    assert f"#{later.pk} dibatalkan" in cancelled
    assert f"#{running.pk} diakhiri pada 01/12/2026 22:00 WIB" in ended
    assert MaintenanceWindow.objects.get(pk=later.pk).cancelled_at == NOW
    assert MaintenanceWindow.objects.get(pk=running.pk).ends_at == NOW
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"maintenance.cancel", "maintenance.end"}


@pytest.mark.parametrize(
    ("args", "code", "option"),
    [
        (schedule_args(**{"--start": "2026-12-05 22:00"}), "MAINTENANCE_WINDOW_INVALID", "--start"),
        (schedule_args(**{"--end": "31/02/2026 02:00"}), "MAINTENANCE_WINDOW_INVALID", "--end"),
        (schedule_args(**{"--end": "05/12/2026 21:00"}), "MAINTENANCE_WINDOW_INVALID", "--end"),
        (
            schedule_args(**{"--end": "01/12/2026 21:00", "--start": "01/12/2026 20:00"}),
            "MAINTENANCE_WINDOW_INVALID",
            "--end",
        ),
        (schedule_args(**{"--message-en": " "}), "MAINTENANCE_WINDOW_INVALID", "--message-en"),
        (
            schedule_args(**{"--notice-hours": "dua"}),
            "MAINTENANCE_WINDOW_INVALID",
            "--notice-hours",
        ),
        (["cancel", "999"], "MAINTENANCE_WINDOW_NOT_FOUND", "ID"),
        (["end", "abc"], "MAINTENANCE_WINDOW_NOT_FOUND", "ID"),
        (["end", "9" * 30], "MAINTENANCE_WINDOW_NOT_FOUND", "ID"),
    ],
)
def test_bad_input_is_refused_with_its_code_in_both_languages(clock, db, args, code, option):
    with pytest.raises(CommandError) as refused:
        maintenance(*args)

    assert refused.value.returncode == 2
    message = str(refused.value)
    assert message.startswith(f"{code} ({option})")
    assert "\n  id: " in message
    assert "\n  en: " in message
    assert not MaintenanceWindow.objects.exists()


def test_an_overlapping_window_is_refused_on_the_command_line(clock, make_window):
    make_window(starts_in=dt.timedelta(days=4, hours=1))  # 05/12 23:00-01:00 WIB

    with pytest.raises(CommandError) as refused:
        maintenance(*schedule_args())

    assert str(refused.value).startswith("MAINTENANCE_WINDOW_OVERLAP (--start)")
    assert refused.value.returncode == 2


def test_the_installed_command_exits_with_status_2_and_no_traceback():
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(REPO)}
    jamsos = Path(sys.executable).parent / "jamsos"
    command = [str(jamsos), "maintenance", *schedule_args(**{"--start": "besok malam"})]
    result = subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 2
    assert "MAINTENANCE_WINDOW_INVALID (--start)" in result.stderr
    assert "DD/MM/YYYY HH:MM" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""

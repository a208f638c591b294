"""Scheduling, cancelling and ending windows: the rules, the refusals and the audit rows."""

from __future__ import annotations

import datetime as dt

import pytest

from jamsos.audit.models import AuditEvent
from jamsos.ops.errors import JamsosError
from jamsos.ops.maintenance import (
    MESSAGE_MAX_LENGTH,
    cancel_window,
    end_window_now,
    schedule_window,
)
from jamsos.ops.models import MaintenanceWindow
from tests.ops.conftest import NOW, OPERATOR
from tests.registry.test_enrolment import run_at_once

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def schedule(**overrides):
    values = {
        "starts_at": NOW + 24 * HOUR,
        "ends_at": NOW + 28 * HOUR,
        "message_id": "Pemutakhiran server basis data.",
        "message_en": "Database server upgrade.",
        "notice_hours": 48,
        "actor": OPERATOR,
    }
    values.update(overrides)
    return schedule_window(**values)


def test_scheduling_a_window_saves_it_and_writes_an_audit_row(clock):
    window = schedule(message_id="  Pemutakhiran server.  ")

    assert window.starts_at == NOW + 24 * HOUR
    assert window.message_id == "Pemutakhiran server."
    event = AuditEvent.objects.get(action="maintenance.schedule")
    assert (event.actor_role, event.channel, event.outcome) == ("operator", "cli", "success")
    assert event.actor_label == "cli:ops"
    assert event.details["window_id"] == window.pk
    assert event.details["notice_hours"] == 48


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": NOW + 24 * HOUR}, "ends_at"),  # ends when it starts
        ({"ends_at": NOW + 20 * HOUR}, "ends_at"),  # ends before it starts
        ({"starts_at": NOW - 5 * HOUR, "ends_at": NOW - HOUR}, "ends_at"),  # already over
        ({"message_id": "   "}, "message_id"),
        ({"message_en": ""}, "message_en"),
        ({"message_en": "x" * (MESSAGE_MAX_LENGTH + 1)}, "message_en"),
        ({"notice_hours": -1}, "notice_hours"),
        ({"notice_hours": 24 * 365}, "notice_hours"),
    ],
)
def test_an_invalid_window_is_refused_with_its_code_in_both_languages(clock, overrides, field):
    with pytest.raises(JamsosError) as refused:
        schedule(**overrides)

    assert refused.value.code == "MAINTENANCE_WINDOW_INVALID"
    assert refused.value.field == field
    assert refused.value.message("id").startswith("Jadwal pemeliharaan belum benar: ")
    assert refused.value.message("en").startswith("The maintenance window is not valid: ")
    assert not MaintenanceWindow.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_window_that_overlaps_another_is_refused(clock, make_window):
    other = make_window(starts_in=26 * HOUR)

    with pytest.raises(JamsosError) as refused:
        schedule()

    assert refused.value.code == "MAINTENANCE_WINDOW_OVERLAP"
    assert f"#{other.pk}" in refused.value.message("id")
    assert "03/12/2026 00:00 sampai 03/12/2026 02:00 WIB" in refused.value.message("id")
    assert "03/12/2026 00:00 to 03/12/2026 02:00 WIB" in refused.value.message("en")
    assert MaintenanceWindow.objects.count() == 1


def test_windows_that_only_touch_do_not_overlap(clock, make_window):
    make_window(starts_in=20 * HOUR, lasts=4 * HOUR)  # ends as the new one starts

    assert schedule().pk


def test_a_cancelled_window_leaves_its_time_free(clock, make_window):
    make_window(starts_in=24 * HOUR, cancelled_at=NOW)

    assert schedule().pk


def test_cancelling_a_window_before_it_starts_records_who_and_when(clock, make_window):
    window = make_window(starts_in=HOUR)

    cancelled = cancel_window(window=window, actor=OPERATOR)

    assert cancelled.cancelled_at == NOW
    assert MaintenanceWindow.objects.get(pk=window.pk).cancelled_at == NOW
    event = AuditEvent.objects.get(action="maintenance.cancel")
    assert event.details["window_id"] == window.pk


def test_a_started_window_cannot_be_cancelled_only_ended(clock, make_window):
    window = make_window(starts_in=-HOUR)

    with pytest.raises(JamsosError) as refused:
        cancel_window(window=window, actor=OPERATOR)

    assert refused.value.code == "MAINTENANCE_WINDOW_STARTED"
    assert MaintenanceWindow.objects.get(pk=window.pk).cancelled_at is None


def test_ending_a_window_now_reopens_the_services_and_keeps_the_planned_end(clock, make_window):
    window = make_window(starts_in=-HOUR, lasts=3 * HOUR)

    ended = end_window_now(window=window, actor=OPERATOR)

    assert ended.ends_at == NOW
    assert MaintenanceWindow.objects.get(pk=window.pk).ends_at == NOW
    event = AuditEvent.objects.get(action="maintenance.end")
    assert event.details["planned_ends_at"] == (NOW + 2 * HOUR).isoformat()
    assert event.details["ended_at"] == NOW.isoformat()


def test_a_window_that_has_not_started_cannot_be_ended_only_cancelled(clock, make_window):
    window = make_window(starts_in=HOUR)

    with pytest.raises(JamsosError) as refused:
        end_window_now(window=window, actor=OPERATOR)

    assert refused.value.code == "MAINTENANCE_WINDOW_NOT_STARTED"


@pytest.mark.parametrize("action", [cancel_window, end_window_now])
def test_a_cancelled_or_finished_window_cannot_be_cancelled_or_ended(clock, make_window, action):
    cancelled = make_window(starts_in=HOUR, cancelled_at=NOW)
    finished = make_window(starts_in=-5 * HOUR)

    for window in (cancelled, finished):
        with pytest.raises(JamsosError) as refused:
            action(window=window, actor=OPERATOR)
        assert refused.value.code == "MAINTENANCE_WINDOW_CLOSED"
    assert not AuditEvent.objects.exists()


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_operators_scheduling_overlapping_windows_at_once_get_one_window():
    starts = [dt.timedelta(minutes=minutes) for minutes in range(0, 80, 10)]
    base = dt.datetime.now(dt.UTC) + 24 * HOUR

    outcomes = run_at_once(
        lambda offset: schedule(starts_at=base + offset, ends_at=base + offset + 2 * HOUR),
        starts,
    )

    created = [outcome for outcome in outcomes if isinstance(outcome, MaintenanceWindow)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, JamsosError)]
    assert len(created) == 1, outcomes
    assert {error.code for error in refused} == {"MAINTENANCE_WINDOW_OVERLAP"}
    assert len(refused) == len(starts) - 1
    assert MaintenanceWindow.objects.count() == 1

"""The back office: supervisors schedule windows through the same rules, and end them early."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jamsos.audit.models import AuditEvent
from jamsos.ops.models import MaintenanceWindow
from tests.ops.conftest import NOW

HOUR = dt.timedelta(hours=1)
# `clock` comes before `admin_client` in every test: the login must happen at the pinned time,
# or its session would already have expired there.
ADD = reverse("admin:ops_maintenancewindow_add")
CHANGELIST = reverse("admin:ops_maintenancewindow_changelist")


def form_data(**overrides: str) -> dict[str, str]:
    # The admin's split date and time boxes, in WIB (the site's time zone).
    data = {
        "starts_at_0": "2026-12-05",
        "starts_at_1": "22:00",
        "ends_at_0": "2026-12-06",
        "ends_at_1": "02:00",
        "message_id": "Pemutakhiran server basis data.",
        "message_en": "Database server upgrade.",
        "notice_hours": "48",
    }
    data.update(overrides)
    return data


def test_a_superuser_schedules_a_window_in_the_back_office_and_it_is_audited(
    clock, admin_client, admin_user
):
    response = admin_client.post(ADD, form_data())

    assert response.status_code == 302, response.content.decode()
    window = MaintenanceWindow.objects.get()
    assert window.starts_at == dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC)
    assert window.created_by == admin_user
    event = AuditEvent.objects.get(action="maintenance.schedule")
    assert (event.actor_id, event.actor_role, event.channel) == (
        admin_user.pk,
        "superuser",
        "backoffice",
    )


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"ends_at_0": "2026-12-05", "ends_at_1": "21:00"}, "MAINTENANCE_WINDOW_INVALID"),
        ({"notice_hours": "1000"}, "MAINTENANCE_WINDOW_INVALID"),
        ({"starts_at_0": "2026-12-06", "starts_at_1": "01:00"}, "MAINTENANCE_WINDOW_OVERLAP"),
    ],
)
def test_the_back_office_form_refuses_what_the_service_refuses(
    clock, admin_client, make_window, overrides, code
):
    existing = make_window(starts_in=dt.timedelta(days=4, hours=5))  # 06/12 03:00-05:00 WIB
    if code == "MAINTENANCE_WINDOW_OVERLAP":
        overrides = {**overrides, "ends_at_1": "04:00"}

    response = admin_client.post(ADD, form_data(**overrides))

    assert response.status_code == 200
    page = response.content.decode()
    assert code in page
    assert MaintenanceWindow.objects.get() == existing
    assert not AuditEvent.objects.filter(action="maintenance.schedule").exists()


def test_staff_end_a_running_window_early_from_the_list(clock, admin_client, make_window):
    window = make_window(starts_in=-HOUR)

    response = admin_client.post(
        CHANGELIST,
        {"action": "end_selected_now", "_selected_action": [window.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert MaintenanceWindow.objects.get(pk=window.pk).ends_at == NOW
    assert AuditEvent.objects.filter(action="maintenance.end", channel="backoffice").exists()
    assert admin_client.get("/").status_code == 200


def test_a_refused_action_says_why_in_both_languages(clock, admin_client, make_window):
    window = make_window(starts_in=-HOUR)

    response = admin_client.post(
        CHANGELIST, {"action": "cancel_selected", "_selected_action": [window.pk]}, follow=True
    )

    page = response.content.decode()
    assert "MAINTENANCE_WINDOW_STARTED" in page
    assert "sudah dimulai" in page and "has already started" in page
    assert MaintenanceWindow.objects.get(pk=window.pk).cancelled_at is None


def test_staff_cancel_a_window_that_has_not_started(clock, admin_client, make_window):
    window = make_window(starts_in=5 * HOUR)

    admin_client.post(CHANGELIST, {"action": "cancel_selected", "_selected_action": [window.pk]})

    assert MaintenanceWindow.objects.get(pk=window.pk).cancelled_at == NOW
    assert AuditEvent.objects.filter(action="maintenance.cancel").count() == 1


def test_a_saved_window_is_read_only_and_cannot_be_deleted(clock, admin_client, make_window):
    window = make_window(starts_in=5 * HOUR)
    change = reverse("admin:ops_maintenancewindow_change", args=[window.pk])
    delete = reverse("admin:ops_maintenancewindow_delete", args=[window.pk])

    page = admin_client.get(change).content.decode()
    admin_client.post(change, form_data(message_id="Diubah."))

    assert 'name="message_id"' not in page
    assert 'name="_save"' not in page
    assert MaintenanceWindow.objects.get(pk=window.pk).message_id == window.message_id
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403

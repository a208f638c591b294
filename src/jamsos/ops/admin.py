"""Maintenance windows in the back office.

A new window passes the same `validate_window` as the command line and is saved by
`schedule_window`, with its audit row. A saved window is not edited: it is cancelled
(before it starts) or ended now (while it runs), each an action on the list, and a new
one is scheduled if the plan changed. Windows are never deleted; they are the history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from jamsos.accounts.roles import staff_role
from jamsos.ops.errors import JamsosError
from jamsos.ops.maintenance import (
    STATUS_LABELS,
    cancel_window,
    end_window_now,
    schedule_window,
    validate_window,
    wib,
    window_status,
)
from jamsos.ops.models import MaintenanceWindow
from jamsos.registry.services import Actor

FIELDS = ("starts_at", "ends_at", "message_id", "message_en", "notice_hours")


class MaintenanceWindowForm(forms.ModelForm):
    class Meta:
        model = MaintenanceWindow
        fields = FIELDS
        widgets = {
            "message_id": forms.Textarea(attrs={"rows": 2}),
            "message_en": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_at": "Tanggal dan jam WIB (Asia/Jakarta) / date and time in WIB.",
            "ends_at": "Perkiraan selesai, WIB / expected end, WIB.",
            "message_id": (
                "Tampil di pemberitahuan dan di halaman pemeliharaan / "
                "shown in the notice and on the maintenance page."
            ),
            "message_en": (
                "Tampil di samping pesan bahasa Indonesia / shown next to the Indonesian message."
            ),
            "notice_hours": (
                "Berapa jam sebelum mulai pemberitahuan tampil / "
                "how many hours before the start pages show the notice."
            ),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if any(name not in cleaned for name in FIELDS):
            return cleaned  # a field is already refused on its own; say that first
        try:
            validate_window(**{name: cleaned[name] for name in FIELDS}, now=timezone.now())
        except JamsosError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, forms.ValidationError(error.bilingual(), code=error.code))
        return cleaned


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, role=staff_role(request.user), channel="backoffice")


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(admin.ModelAdmin):
    form = MaintenanceWindowForm
    list_display = ("id", "starts_wib", "ends_wib", "status", "notice_hours", "message_id")
    ordering = ("-starts_at",)
    actions = ["end_selected_now", "cancel_selected"]

    @admin.display(description="mulai / starts (WIB)", ordering="starts_at")
    def starts_wib(self, obj: MaintenanceWindow) -> str:
        return wib(obj.starts_at)

    @admin.display(description="selesai / ends (WIB)", ordering="ends_at")
    def ends_wib(self, obj: MaintenanceWindow) -> str:
        return wib(obj.ends_at)

    @admin.display(description="status")
    def status(self, obj: MaintenanceWindow) -> str:
        return STATUS_LABELS[window_status(obj, timezone.now())]

    def get_readonly_fields(
        self, request: HttpRequest, obj: MaintenanceWindow | None = None
    ) -> tuple[str, ...]:
        if obj is None:
            return ()
        return (*FIELDS, "status", "cancelled_at", "created_by", "created_at")

    def has_delete_permission(
        self, request: HttpRequest, obj: MaintenanceWindow | None = None
    ) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # Nothing on a saved window is editable, so offer no Save buttons.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(
        self, request: HttpRequest, obj: MaintenanceWindow, form: Any, change: bool
    ) -> None:
        if change:
            return  # saved windows change only through the actions
        saved = schedule_window(
            **{name: form.cleaned_data[name] for name in FIELDS},
            actor=_actor(request),
            request=request,
        )
        # The admin goes on with `obj` (its id for the redirect and the admin log).
        obj.pk, obj.created_by, obj.created_at = saved.pk, saved.created_by, saved.created_at

    @admin.action(
        description="Akhiri sekarang jadwal terpilih / End the selected windows now",
        permissions=["change"],
    )
    def end_selected_now(self, request: HttpRequest, queryset: QuerySet[MaintenanceWindow]) -> None:
        self._apply(request, queryset, end_window_now, "diakhiri / ended")

    @admin.action(
        description="Batalkan jadwal terpilih / Cancel the selected windows",
        permissions=["change"],
    )
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[MaintenanceWindow]) -> None:
        self._apply(request, queryset, cancel_window, "dibatalkan / cancelled")

    def _apply(
        self,
        request: HttpRequest,
        queryset: QuerySet[MaintenanceWindow],
        service: Callable[..., MaintenanceWindow],
        done: str,
    ) -> None:
        actor = _actor(request)
        for window in queryset.order_by("starts_at"):
            try:
                service(window=window, actor=actor, request=request)
            except JamsosError as error:
                messages.error(request, error.bilingual())
            else:
                messages.success(request, f"Jadwal / window #{window.pk}: {done}.")

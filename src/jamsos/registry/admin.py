"""Back office for the registry.

Lists show personal data masked; opening a participant writes an audit row. NIK,
names and birth dates are changed only through the corrections workflow, so the
identity fields are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from jamsos.audit.services import record_event
from jamsos.identity import mask_email, mask_nik, mask_phone
from jamsos.registry.models import Employer, Employment, Participant
from jamsos.registry.personal_data import nik_index
from jamsos.registry.selectors import membership_status


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    fields = ("employer", "start_date", "end_date", "end_reason", "wage", "programs")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("kpj", "full_name", "masked_nik", "birth_date", "sex")
    list_per_page = 50
    show_full_result_count = False
    search_fields = ("kpj",)
    search_help_text = "KPJ (11 digit) atau NIK (16 digit) lengkap / full KPJ or NIK"
    fields = (
        "kpj",
        "nik",
        "full_name",
        "birth_date",
        "sex",
        "masked_phone",
        "masked_email",
        "membership",
        "created_at",
    )
    readonly_fields = fields
    inlines = [EmploymentInline]

    @admin.display(description="NIK")
    def masked_nik(self, obj: Participant) -> str:
        return mask_nik(obj.nik)

    @admin.display(description="telepon / phone")
    def masked_phone(self, obj: Participant) -> str:
        return mask_phone(obj.phone) if obj.phone else "—"

    @admin.display(description="e-mail")
    def masked_email(self, obj: Participant) -> str:
        return mask_email(obj.email) if obj.email else "—"

    @admin.display(description="status kepesertaan / membership")
    def membership(self, obj: Participant) -> str:
        status = membership_status(obj, as_of=timezone.localdate())
        label = "AKTIF / active" if status.active else "TIDAK AKTIF / not active"
        last = status.last_paid_month.strftime("%m/%Y") if status.last_paid_month else "—"
        return f"{label} ({status.reason}); iuran terakhir / last paid month {last}"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Participant], search_term: str
    ) -> tuple[QuerySet[Participant], bool]:
        term = search_term.strip().replace(" ", "")
        if len(term) == 16 and term.isdigit():
            # NIK is never stored in clear: search through its blind index, exact match only.
            return queryset.filter(nik_index=nik_index(term)), False
        if term.isdigit():
            return queryset.filter(kpj=term), False
        return queryset.filter(name_key__startswith=term.upper()), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # participants come from enrolment, not from a blank form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            record_event(
                actor=request.user,
                actor_role=_staff_role(request),
                channel="backoffice",
                action="participant.view",
                outcome="success",
                subject_participant_id=int(object_id),
                request=request,
            )
        return response


def _staff_role(request: HttpRequest) -> str:
    user = request.user
    if getattr(user, "is_superuser", False):
        return "superuser"
    names = sorted(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
    return ",".join(names) or "staff"


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("npp", "name", "city", "risk_class", "sector")
    list_filter = ("risk_class", "sector")
    search_fields = ("npp", "name")
    readonly_fields = ("npp", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Employer, form: Any, change: bool) -> None:
        if not change:
            from jamsos.registry.services import issue_npp

            obj.npp = issue_npp()
        super().save_model(request, obj, form, change)

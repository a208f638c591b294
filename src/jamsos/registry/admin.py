"""Back office for the registry.

Lists show personal data masked; opening a participant writes an audit row. NIK,
names and birth dates are changed only through the corrections workflow, so the
identity fields are read-only here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from jamsos.accounts.roles import staff_role
from jamsos.audit.services import record_event
from jamsos.identity import mask_email, mask_nik, mask_phone, validate_nik
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Employer, Employment, Participant
from jamsos.registry.selectors import membership_status, participant_by_nik


class FindByNikForm(forms.Form):
    nik = forms.CharField(
        label="NIK", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    purpose = forms.CharField(
        label="Keperluan atau nomor tiket / purpose or ticket number",
        max_length=200,
        help_text="Wajib: dicatat di log audit / required: recorded in the audit log.",
    )

    def clean_nik(self) -> str:
        try:
            return validate_nik(self.cleaned_data["nik"])
        except JamsosError as error:
            raise forms.ValidationError(error.bilingual()) from None


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
    search_help_text = (
        "KPJ (11 digit) atau awal nama; untuk NIK pakai 'Cari NIK' / "
        "KPJ or the start of a name; for a NIK use 'Find by NIK'"
    )
    # Search terms must not ride along in the URLs of the pages opened from a list.
    preserve_filters = False
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
            # A NIK in a GET search would sit in URLs and access logs: send people to the form.
            messages.warning(
                request,
                "Cari NIK lewat tombol 'Cari NIK' / search a NIK with the 'Find by NIK' button.",
            )
            return queryset.none(), False
        if term.isdigit():
            return queryset.filter(kpj=term), False
        return queryset.filter(name_key__startswith=term.upper()), False

    def get_urls(self) -> list[URLPattern]:
        find = path(
            "find-by-nik/",
            self.admin_site.admin_view(self.find_by_nik_view),
            name="registry_participant_find_by_nik",
        )
        return [find, *super().get_urls()]

    def find_by_nik_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        form = FindByNikForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            participant = participant_by_nik(form.cleaned_data["nik"])
            record_event(
                actor=request.user,
                actor_role=staff_role(request.user),
                channel="backoffice",
                action="participant.lookup",
                outcome="success" if participant else "not_found",
                subject_participant_id=participant.pk if participant else None,
                purpose=form.cleaned_data["purpose"],
                request=request,
            )
            if participant is not None:
                return redirect(reverse("admin:registry_participant_change", args=[participant.pk]))
            form.add_error(None, "NIK tidak ditemukan di registri / NIK not found in the registry.")
        context = {**self.admin_site.each_context(request), "form": form, "title": "Cari NIK"}
        return TemplateResponse(request, "admin/registry/participant/find_by_nik.html", context)

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
                actor_role=staff_role(request.user),
                channel="backoffice",
                action="participant.view",
                outcome="success",
                subject_participant_id=int(object_id),
                request=request,
            )
        return response


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

"""Back office for accounts: staff users, participant accounts (read only) and step-ups.

An officer resolves a participant's step-up here, after seeing the person's KTP at a
branch or verifying a caller with the call-centre policy: approving sets the contact the
officer checked, and the system sends the code or notice there.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from jamsos.accounts.models import (
    ParticipantAccount,
    StepUpEvidence,
    StepUpKind,
    StepUpRequest,
    StepUpStatus,
    User,
)
from jamsos.accounts.roles import staff_role
from jamsos.accounts.stepup import stepup_approve, stepup_reject
from jamsos.audit.services import record_event
from jamsos.identity import mask_email, mask_phone
from jamsos.ops.errors import JamsosError

admin.site.register(User, UserAdmin)

APPROVE_PERMISSION = "accounts.approve_stepuprequest"


@admin.register(ParticipantAccount)
class ParticipantAccountAdmin(admin.ModelAdmin):
    list_display = ("kpj", "created_at", "sms_second_factor", "password_changed_at")
    fields = ("kpj", "created_at", "sms_second_factor", "password_changed_at")
    readonly_fields = fields
    search_fields = ("participant__kpj",)

    @admin.display(description="KPJ")
    def kpj(self, obj: ParticipantAccount) -> str:
        return obj.participant.kpj

    def get_queryset(self, request: HttpRequest) -> QuerySet[ParticipantAccount]:
        return super().get_queryset(request).select_related("participant")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ApproveForm(forms.Form):
    evidence = forms.ChoiceField(
        label="Bukti pemeriksaan / how the person was checked",
        choices=StepUpEvidence.choices,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label="Nomor ponsel yang diperiksa / mobile number checked",
        max_length=32,
        required=False,
        help_text="Wajib untuk pendaftaran; kode dikirim ke nomor ini. / Required for a "
        "sign-up; the code goes to this number.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.CharField(
        label="Email yang diperiksa (boleh kosong) / e-mail checked (optional)",
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(
        label="Catatan atau nomor tiket / note or ticket number",
        max_length=200,
        help_text="Wajib: dicatat di log audit / required: recorded in the audit log.",
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label="Alasan penolakan / why it is rejected",
        max_length=200,
        help_text="Dicatat di log audit / recorded in the audit log.",
    )


@admin.register(StepUpRequest)
class StepUpRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "kpj", "name", "kind", "reason", "status", "requested_at")
    list_filter = ("status", "kind", "reason")
    fields = (
        "kpj",
        "name",
        "kind",
        "reason",
        "status",
        "channel",
        "requested_at",
        "last_requested_at",
        "resolved_at",
        "resolved_by",
        "evidence",
        "note",
    )
    readonly_fields = fields
    search_fields = ("participant__kpj",)
    ordering = ("status", "requested_at")

    @admin.display(description="KPJ")
    def kpj(self, obj: StepUpRequest) -> str:
        return obj.participant.kpj

    @admin.display(description="Nama / name")
    def name(self, obj: StepUpRequest) -> str:
        return obj.participant.full_name

    def get_queryset(self, request: HttpRequest) -> QuerySet[StepUpRequest]:
        return super().get_queryset(request).select_related("participant", "resolved_by")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[StepUpRequest], search_term: str
    ) -> tuple[QuerySet[StepUpRequest], bool]:
        term = search_term.strip().replace(" ", "")
        if len(term) == 16 and term.isdigit():
            # A NIK in a GET search would sit in URLs and logs: find the person by KPJ.
            messages.warning(
                request,
                "Cari dengan KPJ, bukan NIK / search by KPJ, not by NIK.",
            )
            return queryset.none(), False
        if term.isdigit():
            return queryset.filter(participant__kpj=term), False
        return queryset.filter(participant__name_key__startswith=term.upper()), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/approve/",
                wrap(self.approve_view),
                name="accounts_stepuprequest_approve",
            ),
            path(
                "<int:pk>/reject/",
                wrap(self.reject_view),
                name="accounts_stepuprequest_reject",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        step_up = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        extra["may_resolve"] = (
            step_up is not None
            and step_up.status == StepUpStatus.PENDING
            and request.user.has_perm(APPROVE_PERMISSION)
        )
        response = super().change_view(request, object_id, form_url, extra)
        if response.status_code == 200 and step_up is not None:
            self._looked(request, step_up, "account.stepup.view")
        return response

    def _looked(self, request: HttpRequest, step_up: StepUpRequest, action: str) -> None:
        record_event(
            actor=request.user,
            actor_role=staff_role(request.user)[:32],
            channel="backoffice",
            action=action,
            outcome="success",
            subject_participant_id=step_up.participant_id,
            request=request,
            details={"step_up": step_up.pk},
        )

    def _resolvable(self, request: HttpRequest, pk: int) -> StepUpRequest:
        if not request.user.has_perm(APPROVE_PERMISSION):
            raise PermissionDenied
        return get_object_or_404(StepUpRequest.objects.select_related("participant"), pk=pk)

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        step_up = self._resolvable(request, pk)
        form = ApproveForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and step_up.status == "pending":
            data = form.cleaned_data
            try:
                stepup_approve(
                    step_up=step_up,
                    officer=request.user,
                    evidence=data["evidence"],
                    phone=data["phone"],
                    email=data["email"],
                    note=data["note"],
                    request=request,
                )
            except JamsosError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, error.bilingual()
                )
            else:
                messages.success(
                    request,
                    "Disetujui; kode atau pemberitahuan dikirim ke kontak baru. / Approved; "
                    "the code or notice was sent to the new contact.",
                )
                return redirect("admin:accounts_stepuprequest_changelist")
        return self._page(request, step_up, form, "approve")

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        step_up = self._resolvable(request, pk)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and step_up.status == "pending":
            try:
                stepup_reject(
                    step_up=step_up,
                    officer=request.user,
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except JamsosError as error:
                form.add_error(None, error.bilingual())
            else:
                messages.success(request, "Ditolak. / Rejected.")
                return redirect("admin:accounts_stepuprequest_changelist")
        return self._page(request, step_up, form, "reject")

    def _page(
        self, request: HttpRequest, step_up: StepUpRequest, form: forms.Form, mode: str
    ) -> HttpResponse:
        participant = step_up.participant
        self._looked(request, step_up, "account.stepup.view")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Setujui / approve" if mode == "approve" else "Tolak / reject",
            "mode": mode,
            "form": form,
            "step_up": step_up,
            "is_signup": step_up.kind == StepUpKind.SIGNUP,
            "pending": step_up.status == StepUpStatus.PENDING,
            "masked_phone": mask_phone(participant.phone) if participant.phone else "—",
            "masked_email": mask_email(participant.email) if participant.email else "—",
        }
        return TemplateResponse(request, "admin/accounts/stepuprequest/resolve.html", context)

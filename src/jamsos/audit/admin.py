"""The access log in the admin: to read and search, never to add, change or delete."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamsos.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "actor_label",
        "actor_role",
        "channel",
        "action",
        "outcome",
        "subject_participant_id",
        "chain_seq",
    )
    list_filter = ("channel", "action", "outcome")
    # A participant id is matched exactly; a non-numeric term simply matches no id.
    search_fields = ("actor_label", "subject_participant_id__exact")
    actions = None
    # The log grows without end; counting it on every page would be the slowest query there.
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

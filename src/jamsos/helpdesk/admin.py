"""Tickets in the back office: read-only; agents work them in the console at /cs/.

Who a ticket is about is left out: showing a participant is an audited reveal (console).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamsos.helpdesk.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "category",
        "priority",
        "status",
        "origin",
        "assigned_to",
        "opened_at",
        "sla_due_at",
    )
    list_filter = ("status", "category", "priority", "origin")
    search_fields = ("number",)
    list_select_related = ("assigned_to",)
    fields = (
        "number",
        "category",
        "priority",
        "status",
        "origin",
        "summary",
        "caller_name",
        "assigned_to",
        "opened_by",
        "parent",
        "opened_at",
        "sla_due_at",
        "resolved_at",
        "closed_at",
    )
    readonly_fields = fields
    ordering = ("-opened_at",)
    actions = None
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False

"""Inbound SMS in the admin, for supervisors: what came in, how it was answered, what it cost.

Read-only. The sender is shown masked and the text not at all (it often holds a NIK); the
parsed keyword and the outcome say what a supervisor needs.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamsos.channels.sms.models import InboundSms


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "received_at",
        "masked_msisdn",
        "keyword",
        "language",
        "outcome",
        "operator",
        "parts",
        "charge",
    )
    list_filter = ("outcome", "keyword", "operator", "language")
    search_fields = ("gateway_message_id",)
    fields = (
        "gateway_message_id",
        "masked_msisdn",
        "keyword",
        "language",
        "outcome",
        "received_at",
        "created_at",
        "operator",
        "parts",
        "tariff",
        "charge",
    )
    readonly_fields = fields
    ordering = ("-id",)
    actions = None
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="pengirim / sender")
    def masked_msisdn(self, message: InboundSms) -> str:
        return message.masked_msisdn

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: InboundSms | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: InboundSms | None = None) -> bool:
        return False

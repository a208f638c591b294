"""The outbox in the admin, for supervisors: what went out, when, and whether it arrived.

Read-only. The recipient is shown masked and the subject and body not at all: they may
hold a membership number or a one-time code, and watching delivery does not need them.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jamsos.notify.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "created_at",
        "kind",
        "purpose",
        "masked_recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "kind", "purpose")
    # A participant id is matched exactly; a non-numeric term simply matches no id.
    search_fields = ("participant_id__exact", "purpose")
    # Only these appear on the detail page: recipient, subject and body are left out.
    fields = (
        "kind",
        "purpose",
        "masked_recipient",
        "participant_id",
        "sms_parts",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider_message_id",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields
    ordering = ("-id",)
    actions = None
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="penerima / recipient")
    def masked_recipient(self, message: OutboxMessage) -> str:
        return message.masked_recipient

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False

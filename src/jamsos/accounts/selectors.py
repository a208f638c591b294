"""Reads of participant accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jamsos.accounts.common import Identifier
from jamsos.accounts.models import ParticipantAccount, StepUpRequest, StepUpStatus
from jamsos.registry.personal_data import email_index, nik_index


def account_for_user(user: Any) -> ParticipantAccount | None:
    """The participant account a logged-in user holds; None for staff and everyone else.

    A user made staff by mistake loses the portal rather than carrying back-office rights
    into it (and a participant never has staff rights: see `signup_complete`).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_staff:
        return None
    if user.is_superuser:
        return None
    return (
        ParticipantAccount.objects.select_related("participant", "user")
        .filter(user_id=user.pk)
        .first()
    )


def account_by_identifier(identifier: Identifier) -> ParticipantAccount | None:
    """The account a NIK or e-mail address leads to.

    Family members often share an e-mail address; one that leads to more than one account
    leads to none, and the person logs in with their NIK.
    """
    accounts = ParticipantAccount.objects.select_related("participant", "user")
    if identifier.kind == "nik":
        return accounts.filter(participant__nik_index=nik_index(identifier.value)).first()
    found = list(accounts.filter(participant__email_index=email_index(identifier.value))[:2])
    return found[0] if len(found) == 1 else None


def pending_step_ups() -> QuerySet[StepUpRequest]:
    return (
        StepUpRequest.objects.filter(status=StepUpStatus.PENDING)
        .select_related("participant")
        .order_by("requested_at", "id")
    )

"""Reads of tickets. Which tickets a user may see is `TicketQuerySet.visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from jamsos.helpdesk.models import Note, StatusChange, Ticket, TicketQuerySet


def visible_ticket(user: Any, number: str) -> Ticket:
    """One ticket with what its page shows; `Ticket.DoesNotExist` if unknown or not visible."""
    return (
        Ticket.objects.visible_to(user)
        .select_related("assigned_to", "opened_by", "parent", "correction")
        .prefetch_related(
            Prefetch("notes", queryset=Note.objects.order_by("created_at", "id")),
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "id")),
            "correction__evidence",
            "follow_ups",
        )
        .get(number=number)
    )


def agent_queue(agent: Any) -> TicketQuerySet:
    return Ticket.objects.queue_for(agent)


def tickets_of_participant(participant_id: int) -> TicketQuerySet:
    """For the participant portal and the API: the person's own tickets, newest first."""
    return Ticket.objects.of_participant(participant_id)

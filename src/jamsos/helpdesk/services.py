"""Writes to tickets. Each function is one transaction; every status move leaves a row.

Callers pass an `Actor` (who, in which role, through which channel). Authorisation
(who may do this to which ticket) is the caller's; the rules of the tickets
themselves (numbering, SLA, allowed moves, what text may hold) are here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jamsos.helpdesk import errors
from jamsos.helpdesk.evidence import EVIDENCE_BY_FIELD
from jamsos.helpdesk.models import (
    Category,
    CorrectableField,
    CorrectionEvidence,
    CorrectionRequest,
    Note,
    Origin,
    Priority,
    Status,
    StatusChange,
    Ticket,
    TicketCounter,
)
from jamsos.helpdesk.sla import sla_deadline
from jamsos.helpdesk.staff import is_agent
from jamsos.helpdesk.workflow import can_move
from jamsos.identity import validate_full_name, validate_nik
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant, Sex
from jamsos.registry.services import Actor

__all__ = [
    "NOTE_MAX_LENGTH",
    "add_note",
    "assign",
    "change_status",
    "link_participant",
    "open_correction_request_from_ticket",
    "open_ticket",
    "submit_complaint",
]

NOTE_MAX_LENGTH = 2000
SUMMARY_MAX_LENGTH = 200
PARTICIPANT_LABEL = "participant"

# Tickets are read by many staff: no NIK, phone number or e-mail address in their text.
# Separators inside a number ("0812-3456 7890") are ignored when looking.
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[\s.\-](?=\d)")
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:\+?62|0)8\d{7,11}(?!\d)")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def _clean_text(text: str, *, limit: int, required: bool = True, field: str = "text") -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        if required:
            raise JamsosError(errors.TICKET_TEXT_EMPTY, field=field, limit=limit)
        return ""
    if len(cleaned) > limit:
        raise JamsosError(errors.TICKET_TEXT_TOO_LONG, field=field, limit=limit)
    joined = _DIGIT_SEPARATOR.sub("", cleaned)
    if _NIK.search(joined) or _PHONE.search(joined) or _EMAIL.search(cleaned):
        raise JamsosError(errors.TICKET_TEXT_HAS_PERSONAL_DATA, field=field)
    return cleaned


def _label(actor: Actor) -> str:
    user: Any = actor.user
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.get_username())
    return actor.label or actor.role


def _user(actor: Actor) -> Any:
    user: Any = actor.user
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _next_number(year: int) -> str:
    """T-<year>-<serial>, the serial counting from 1 each year.

    The UPDATE locks the year's counter row until commit, so concurrent openings queue
    here and never share a number (the unique constraint on `number` backs this up).
    """
    TicketCounter.objects.get_or_create(year=year)
    TicketCounter.objects.filter(year=year).update(last_value=F("last_value") + 1)
    serial = TicketCounter.objects.filter(year=year).values_list("last_value", flat=True).get()
    return f"T-{year}-{serial:06d}"


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _refuse_if_closed(ticket: Ticket) -> None:
    if ticket.status == Status.CLOSED:
        raise JamsosError(errors.TICKET_CLOSED, number=ticket.number)


def _record_status(
    ticket: Ticket, *, from_status: str, actor: Actor, note: str, at: dt.datetime
) -> StatusChange:
    return StatusChange.objects.create(
        ticket=ticket,
        from_status=from_status,
        to_status=ticket.status,
        changed_by=_user(actor),
        changed_by_label=_label(actor),
        changed_at=at,
        note=note,
    )


def open_ticket(
    *,
    category: str,
    origin: str,
    actor: Actor,
    priority: str = Priority.NORMAL,
    caller_name: str = "",
    summary: str = "",
    subject: Participant | None = None,
    assigned_to: Any = None,
    parent: Ticket | None = None,
    now: dt.datetime | None = None,
) -> Ticket:
    """Open a ticket with its number and SLA deadline; its first history row says who."""
    if category not in Category.values:
        raise JamsosError(errors.TICKET_CATEGORY_UNKNOWN, field="category", category=category)
    if priority not in Priority.values or origin not in Origin.values:
        raise ValueError(f"unknown priority {priority!r} or origin {origin!r}")
    if assigned_to is not None and not is_agent(assigned_to):
        raise JamsosError(errors.TICKET_ASSIGNEE_NOT_AGENT, field="assigned_to")
    summary = _clean_text(summary, limit=SUMMARY_MAX_LENGTH, required=False, field="summary")
    caller_name = " ".join((caller_name or "").split())[:100]
    now = now or timezone.now()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            number=_next_number(timezone.localdate(now).year),
            category=category,
            priority=priority,
            status=Status.OPEN,
            origin=origin,
            summary=summary,
            caller_name=caller_name,
            subject_participant=subject,
            assigned_to=assigned_to,
            opened_by=_user(actor),
            parent=parent,
            opened_at=now,
            sla_due_at=sla_deadline(category=category, priority=priority, opened_at=now),
        )
        _record_status(ticket, from_status="", actor=actor, note="", at=now)
    return ticket


def add_note(*, ticket: Ticket, text: str, actor: Actor) -> Note:
    text = _clean_text(text, limit=NOTE_MAX_LENGTH)
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_if_closed(ticket)
        note = Note.objects.create(
            ticket=ticket, author=_user(actor), author_label=_label(actor), text=text
        )
        ticket.save(update_fields=["updated_at"])
    return note


def assign(*, ticket: Ticket, assignee: Any, actor: Actor) -> Ticket:
    """Give the ticket to an agent (None: back to the shared queue)."""
    if assignee is not None and not is_agent(assignee):
        raise JamsosError(errors.TICKET_ASSIGNEE_NOT_AGENT, field="assigned_to")
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_if_closed(ticket)
        ticket.assigned_to = assignee
        ticket.save(update_fields=["assigned_to", "updated_at"])
    return ticket


def change_status(*, ticket: Ticket, to: str, actor: Actor, note: str = "") -> Ticket:
    """Move the ticket if the workflow allows it; an illegal move is a 409 JamsosError."""
    note = _clean_text(note, limit=500, required=False, field="note")
    now = timezone.now()
    with transaction.atomic():
        ticket = _locked(ticket)
        if not can_move(ticket.status, to):
            raise JamsosError(
                errors.TICKET_TRANSITION_NOT_ALLOWED,
                field="status",
                number=ticket.number,
                current=ticket.status,
                requested=to,
            )
        from_status = ticket.status
        ticket.status = to
        fields = ["status", "updated_at"]
        if to == Status.RESOLVED:
            ticket.resolved_at = now
            fields.append("resolved_at")
        if to == Status.CLOSED:
            ticket.closed_at = now
            fields.append("closed_at")
        ticket.save(update_fields=fields)
        _record_status(ticket, from_status=from_status, actor=actor, note=note, at=now)
    return ticket


def link_participant(*, ticket: Ticket, participant: Participant, actor: Actor) -> Ticket:
    """Record who the ticket is about, once the caller has been verified as them.

    Called inside the verification's transaction. A ticket stays about one person: a
    second, different participant is refused (the agent opens a new call for them).
    """
    with transaction.atomic():
        ticket = _locked(ticket)
        _refuse_if_closed(ticket)
        if ticket.subject_participant_id not in (None, participant.pk):
            raise JamsosError(errors.TICKET_SUBJECT_DIFFERS)
        if ticket.subject_participant_id is None:
            ticket.subject_participant = participant
            ticket.save(update_fields=["subject_participant", "updated_at"])
    return ticket


def _requested_value(field: str, value: str) -> str:
    """The requested value in its stored form, checked by the identity layer's rules."""
    text = (value or "").strip()

    def invalid(problem: str) -> JamsosError:
        return JamsosError(
            errors.CORRECTION_VALUE_INVALID, field="requested_value", what=field, problem=problem
        )

    match field:
        case CorrectableField.FULL_NAME:
            return validate_full_name(text, field="requested_value")
        case CorrectableField.NIK:
            return validate_nik(text, field="requested_value")
        case CorrectableField.SEX:
            if text.upper() not in Sex.values:
                raise invalid("M / F")
            return text.upper()
        case CorrectableField.BIRTH_DATE:
            for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    return dt.datetime.strptime(text, pattern).date().isoformat()
                except ValueError:
                    continue
            raise invalid("DD/MM/YYYY")
    raise ValueError(f"not a correctable field: {field!r}")


def open_correction_request_from_ticket(
    *,
    ticket: Ticket,
    field: str,
    requested_value: str,
    actor: Actor,
    reason: str = "",
    priority: str = Priority.NORMAL,
) -> Ticket:
    """A new data_correction ticket about the same, verified participant, carrying the
    requested change and the checklist of documents it needs; unassigned, for the
    corrections workflow to take up. A note on the source ticket points to it."""
    if field not in CorrectableField.values:
        raise ValueError(f"not a correctable field: {field!r}")
    value = _requested_value(field, requested_value)
    reason = _clean_text(reason, limit=500, required=False, field="reason")
    with transaction.atomic():
        source = _locked(ticket)
        _refuse_if_closed(source)
        if source.subject_participant is None:
            raise JamsosError(errors.CORRECTION_NEEDS_VERIFIED_PARTICIPANT)
        correction_ticket = open_ticket(
            category=Category.DATA_CORRECTION,
            origin=source.origin,
            actor=actor,
            priority=priority,
            caller_name=source.caller_name,
            summary=f"{field} ({source.number})",
            subject=source.subject_participant,
            parent=source,
        )
        correction = CorrectionRequest.objects.create(
            ticket=correction_ticket, field=field, requested_value=value, reason=reason
        )
        CorrectionEvidence.objects.bulk_create(
            CorrectionEvidence(correction=correction, document=document)
            for document in EVIDENCE_BY_FIELD[field]
        )
        Note.objects.create(
            ticket=source,
            author=_user(actor),
            author_label=_label(actor),
            text=f"→ {correction_ticket.number}",
        )
    return correction_ticket


def submit_complaint(
    *,
    participant: Participant,
    category: str,
    text: str,
    origin: str = Origin.PORTAL,
    actor_label: str = PARTICIPANT_LABEL,
) -> Ticket:
    """A participant's own complaint or question from the portal or the API.

    It lands unassigned in the agents' shared queue, already about this participant
    (who logged in to send it); the text becomes the ticket's first note.
    """
    if origin not in (Origin.PORTAL, Origin.API):
        raise ValueError("participants complain through the portal or the API")
    text = _clean_text(text, limit=NOTE_MAX_LENGTH)
    actor = Actor(user=None, role="participant", channel=str(origin), label=actor_label)
    with transaction.atomic():
        ticket = open_ticket(
            category=category,
            origin=origin,
            actor=actor,
            caller_name=participant.full_name,
            subject=participant,
        )
        Note.objects.create(ticket=ticket, author=None, author_label=actor_label, text=text)
    return ticket

"""Reading the access log."""

from __future__ import annotations

from jamsos.audit.models import AuditEvent, AuditEventQuerySet


def events_for_participant(participant_id: int) -> AuditEventQuerySet:
    """Everything recorded about one participant, newest first: the list the person may see."""
    return AuditEvent.objects.filter(subject_participant_id=participant_id).order_by(
        "-occurred_at", "-id"
    )

"""Tickets and complaints: what a caller or participant asked, who handles it, and by when.

A ticket never holds a NIK, phone or e-mail address. Who it is about is the verified
participant (`subject_participant`), linked only after the caller passed the identity
check; until then only the name the caller gave is kept. Status moves only through
`jamsos.helpdesk.services.change_status`, which checks `jamsos.helpdesk.workflow` and
writes a `StatusChange` row for every move.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamsos.privacy.fields import EncryptedTextField


class Category(models.TextChoices):
    MEMBERSHIP_NUMBER = "membership_number", _("Membership number (KPJ)")
    BALANCE = "balance", _("JHT balance")
    CLAIM = "claim", _("Benefit claim")
    DATA_CORRECTION = "data_correction", _("Data correction")
    EMPLOYER_COMPLAINT = "employer_complaint", _("Complaint about an employer")
    APP_OR_WEBSITE = "app_or_website", _("App or website problem")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_FOR_CALLER = "waiting_for_caller", _("Waiting for the caller")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Still someone's work: shown in queues and counted against the SLA.
UNFINISHED = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_FOR_CALLER)


class Origin(models.TextChoices):
    CALL = "call", _("Phone call")
    PORTAL = "portal", _("Participant portal")
    API = "api", _("Mobile app (API)")
    SMS = "sms", _("SMS")
    WEB = "web", _("Public website")


class TicketCounter(models.Model):
    """The last ticket serial issued in a year; its row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "helpdesk_ticket_counter"

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class TicketQuerySet(models.QuerySet["Ticket"]):
    def unfinished(self) -> TicketQuerySet:
        return self.filter(status__in=UNFINISHED)

    def visible_to(self, user: Any) -> TicketQuerySet:
        """Which tickets a staff member may open: every ticket for call-centre agents and
        supervisors (a caller may reach any agent), none for anyone else."""
        from jamsos.helpdesk.staff import is_agent, is_supervisor

        if getattr(user, "is_authenticated", False) and (is_agent(user) or is_supervisor(user)):
            return self.all()
        return self.none()

    def queue_for(self, agent: Any) -> TicketQuerySet:
        """Unfinished tickets that are the agent's own or nobody's, the most urgent first."""
        return (
            self.visible_to(agent)
            .unfinished()
            .filter(Q(assigned_to=agent) | Q(assigned_to__isnull=True))
            .select_related("assigned_to")
            .order_by("sla_due_at", "id")
        )

    def of_participant(self, participant_id: int) -> TicketQuerySet:
        """A participant's own tickets, for the portal and the API."""
        return self.filter(subject_participant_id=participant_id).order_by("-opened_at", "-id")


class Ticket(models.Model):
    number = models.CharField(max_length=20, unique=True, editable=False)
    category = models.CharField(max_length=24, choices=Category.choices)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    summary = models.CharField(max_length=200, blank=True)
    # As the caller said it; not checked against anything.
    caller_name = models.CharField(max_length=100, blank=True)
    subject_participant = models.ForeignKey(
        "registry.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        help_text="Set only once the caller's identity was verified.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the participant opened it themselves.",
    )
    # A follow-up, such as a data-correction request, points at the ticket it came from.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    sla_due_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        db_table = "helpdesk_ticket"
        ordering = ("-opened_at", "-id")
        indexes = (
            models.Index(fields=("assigned_to", "status"), name="helpdesk_ticket_queue_idx"),
            models.Index(fields=("status", "sla_due_at"), name="helpdesk_ticket_sla_idx"),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="helpdesk_ticket_category"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="helpdesk_ticket_priority"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="helpdesk_ticket_status"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="helpdesk_ticket_origin"
            ),
            models.CheckConstraint(
                condition=Q(sla_due_at__gt=F("opened_at")), name="helpdesk_ticket_sla_after_open"
            ),
            # Closed is final, and only a closed ticket has a closing time.
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_at__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_at__isnull=True)),
                name="helpdesk_ticket_closed_at",
            ),
        )

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def is_overdue(self, now: Any = None) -> bool:
        return self.status in UNFINISHED and (now or timezone.now()) > self.sla_due_at


class StatusChange(models.Model):
    """One move of a ticket's status; the first row (from "") is its opening."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by_label = models.CharField(max_length=150)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "helpdesk_status_change"
        ordering = ("changed_at", "id")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.from_status or '-'} -> {self.to_status}"


class Note(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The agent's username, or "participant" for text the participant wrote in the portal.
    author_label = models.CharField(max_length=150)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "helpdesk_note"
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.ticket_id} note by {self.author_label}"


class CorrectableField(models.TextChoices):
    FULL_NAME = "full_name", _("Full name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    SEX = "sex", _("Sex")
    NIK = "nik", _("NIK")


class Document(models.TextChoices):
    KTP = "ktp", _("KTP (identity card)")
    KK = "kk", _("Kartu Keluarga (family card)")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    DUKCAPIL_LETTER = "dukcapil_letter", _("Letter from the civil registry (Dukcapil)")
    EMPLOYER_LETTER = "employer_letter", _("Letter from the employer")


class CorrectionRequest(models.Model):
    """The requested change carried by a ticket of category data_correction.

    The corrections workflow processes it; the requested value is stored encrypted,
    because it may be a NIK.
    """

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="correction")
    field = models.CharField(max_length=16, choices=CorrectableField.choices)
    requested_value = EncryptedTextField(context="helpdesk.correction.requested_value")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "helpdesk_correction_request"
        constraints = (
            models.CheckConstraint(
                condition=Q(field__in=CorrectableField.values), name="helpdesk_correction_field"
            ),
        )

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.field}"


class CorrectionEvidence(models.Model):
    """One document the correction needs; ticked off when the branch has seen it."""

    correction = models.ForeignKey(
        CorrectionRequest, on_delete=models.CASCADE, related_name="evidence"
    )
    document = models.CharField(max_length=24, choices=Document.choices)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "helpdesk_correction_evidence"
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(
                fields=("correction", "document"), name="helpdesk_evidence_once_per_document"
            ),
        )

    def __str__(self) -> str:
        return f"{self.correction_id}: {self.document}"

"""What the console remembers between requests of a call.

A `CallerCheck` records that an agent asked the verification questions on a ticket and
which of them matched; never what the caller said. A verified check lets that agent
reveal the participant's membership on that ticket for a short while.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ExtraQuestion(models.TextChoices):
    """The fact not printed on a KTP that the agent asked about."""

    PHONE_LAST4 = "phone_last4", "phone_last4"
    CURRENT_EMPLOYER = "current_employer", "current_employer"
    BOTH = "both", "both"


class CallerCheck(models.Model):
    ticket = models.ForeignKey(
        "helpdesk.Ticket", on_delete=models.CASCADE, related_name="caller_checks"
    )
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now)
    verified = models.BooleanField()
    # Only when verified: a failed check never links the ticket to the record it was
    # compared with (the audit row holds that, for the record holder's access log).
    participant = models.ForeignKey(
        "registry.Participant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Per question: True matched, False did not, None not compared (the NIK was unknown).
    nik_matched = models.BooleanField()
    birth_date_matched = models.BooleanField(null=True)
    full_name_matched = models.BooleanField(null=True)
    extra_question = models.CharField(max_length=20, choices=ExtraQuestion.choices)
    extra_matched = models.BooleanField(null=True)

    class Meta:
        db_table = "cs_caller_check"
        ordering = ("-checked_at", "-id")
        indexes = (models.Index(fields=("ticket", "agent", "checked_at")),)
        constraints = (
            models.CheckConstraint(
                condition=Q(verified=False, participant__isnull=True)
                | Q(verified=True, participant__isnull=False),
                name="cs_check_participant_only_when_verified",
            ),
        )

    def __str__(self) -> str:
        return f"{self.ticket_id} by {self.agent_id}: {'verified' if self.verified else 'failed'}"


class RevealLimitAlert(models.Model):
    """An agent went past the hourly reveal limit; one row per agent and window.

    The unique constraint is what makes "supervisors are alerted once" hold when
    several refused reveals arrive at the same moment.
    """

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    limit = models.PositiveIntegerField()
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "cs_reveal_limit_alert"
        ordering = ("-raised_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("agent", "window_start"), name="cs_one_alert_per_agent_and_window"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agent_id} over {self.limit}/h at {self.window_start:%Y-%m-%d %H:%M}"

"""The outbox: every SMS and e-mail the system sends, one row each.

A row is written in the same transaction as the change it reports, and delivered after
that transaction commits (`jamsos.notify.services`, `jamsos.notify.delivery`). The
recipient is stored only as ciphertext. The body may hold a membership number or a
one-time code, so it is blanked once the message is finished and old
(`purge_old_bodies`); the row itself stays, as the record that a message went out.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from jamsos.identity import mask_email, mask_phone
from jamsos.privacy.fields import EncryptedTextField


class Kind(models.TextChoices):
    SMS = "sms", "SMS"
    EMAIL = "email", "E-mail"


class Status(models.TextChoices):
    PENDING = "pending", "Menunggu / Pending"
    SENDING = "sending", "Sedang dikirim / Sending"
    SENT = "sent", "Terkirim / Sent"
    FAILED_TEMPORARY = "failed_temporary", "Gagal, dicoba lagi / Failed, will retry"
    FAILED_PERMANENT = "failed_permanent", "Gagal / Failed"


# Statuses a message leaves again; each has a time for its next attempt.
OPEN_STATUSES = (Status.PENDING, Status.SENDING, Status.FAILED_TEMPORARY)
FINISHED_STATUSES = (Status.SENT, Status.FAILED_PERMANENT)


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def due(self, now: dt.datetime | None = None) -> OutboxMessageQuerySet:
        """Messages a deliverer may take now.

        Pending ones always. Failed ones once their retry time has come. Ones marked
        sending whose lease has run out: the worker that took them died mid-send.
        """
        now = now or timezone.now()
        return self.filter(
            Q(status=Status.PENDING)
            | Q(status__in=[Status.FAILED_TEMPORARY, Status.SENDING], next_attempt_at__lte=now)
        )

    def finished(self) -> OutboxMessageQuerySet:
        return self.filter(status__in=FINISHED_STATUSES)


class OutboxMessage(models.Model):
    kind = models.CharField(max_length=5, choices=Kind.choices)
    recipient = EncryptedTextField(
        "penerima / recipient",
        context="notify.outbox.recipient",
        help_text="E.164 phone number or e-mail address, stored encrypted.",
    )
    subject = models.CharField(max_length=200, blank=True, help_text="E-mail only.")
    body = models.TextField(blank=True, help_text="Blanked when old and finished.")
    sms_parts = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many SMS the body takes; empty for e-mail."
    )
    # Not a foreign key: the outbox must not hold up changes to the registry, and a
    # message can go to someone who is not (yet) a participant.
    participant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    purpose = models.CharField(max_length=50, help_text="For example lookup.kpj, otp.signup.")
    # Whatever the caller uses to say "this one message": queued twice, sent once.
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        db_table = "notify_outbox"
        verbose_name = "pesan keluar / outbox message"
        verbose_name_plural = "pesan keluar / outbox messages"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notify_outbox_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="notify_outbox_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.SMS, sms_parts__gte=1)
                | Q(kind=Kind.EMAIL, sms_parts__isnull=True),
                name="notify_outbox_sms_parts_for_sms_only",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.SENT, sent_at__isnull=False)
                | (~Q(status=Status.SENT) & Q(sent_at__isnull=True)),
                name="notify_outbox_sent_has_sent_at",
            ),
            # The deliverer finds work by this time; a finished message has none.
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, next_attempt_at__isnull=False)
                | Q(status__in=FINISHED_STATUSES, next_attempt_at__isnull=True),
                name="notify_outbox_open_has_next_attempt",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=OPEN_STATUSES),
                name="notify_outbox_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.purpose} ({self.status})"

    @property
    def masked_recipient(self) -> str:
        if self.kind == Kind.SMS:
            return mask_phone(self.recipient)
        return mask_email(self.recipient)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

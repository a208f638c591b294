"""Every SMS that came in on the service number and every reply that went out, with its cost.

The sender's number and the text (which often holds a NIK) are stored only as ciphertext.
The number also has a keyed blind index, the registry's phone index, so the messages of one
sender (or of one participant's registered phone) can be found without decrypting. The
parsed keyword sits beside the text in clear, for reports.

A reply's body is in the notify outbox (`notify.OutboxMessage`), which blanks it once old;
the row here keeps what billing needs: operator, parts and tariff, in whole rupiah.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jamsos.channels.sms.parser import Keyword
from jamsos.identity import mask_phone
from jamsos.privacy.fields import EncryptedTextField


class Outcome(models.TextChoices):
    # Only inside the transaction that handles the message; never seen once it commits.
    RECEIVED = "received", "Diterima / Received"
    ANSWERED = "answered", "Dijawab dengan data / Answered with data"
    NO_MATCH = "no_match", "Jawaban netral / Neutral reply"
    INVALID = "invalid", "Nomor tidak valid, dijelaskan / Invalid number, explained"
    HELP = "help", "Bantuan / Help"
    NUMBER_LIMITED = "number_limited", "NIK/KPJ dibatasi / NIK or KPJ limited"
    LIMIT_NOTICE = "limit_notice", "Pemberitahuan batas / Limit notice"
    BUSY_NOTICE = "busy_notice", "Pemberitahuan sibuk / Busy notice"
    SUPPRESSED = "suppressed", "Tidak dibalas (batas) / Not answered (limit)"


class InboundSms(models.Model):
    # The gateway's own id for the message: a second delivery of it is the same message.
    gateway_message_id = models.CharField(max_length=100, unique=True)
    msisdn = EncryptedTextField(
        "pengirim / sender", context="sms.inbound.msisdn", help_text="E.164, stored encrypted."
    )
    msisdn_index = models.CharField(max_length=64, db_index=True, editable=False)
    text = EncryptedTextField(
        "isi / text", context="sms.inbound.text", help_text="As received; stored encrypted."
    )
    keyword = models.CharField(max_length=10, choices=[(k.value, k.value.upper()) for k in Keyword])
    language = models.CharField(max_length=2)
    # The gateway's time (billing follows it); created_at is ours.
    received_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    operator = models.CharField(max_length=20)
    parts = models.PositiveSmallIntegerField()
    tariff = models.PositiveIntegerField(help_text="Rupiah per SMS part.")
    charge = models.PositiveIntegerField(help_text="Rupiah: parts x tariff.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    class Meta:
        db_table = "sms_inbound"
        verbose_name = "SMS masuk / inbound SMS"
        verbose_name_plural = "SMS masuk / inbound SMS"
        constraints = [
            models.CheckConstraint(condition=Q(parts__gte=1), name="sms_inbound_parts_positive"),
            models.CheckConstraint(
                condition=Q(charge=F("parts") * F("tariff")),
                name="sms_inbound_charge_is_parts_x_tariff",
            ),
            models.CheckConstraint(
                condition=Q(keyword__in=[k.value for k in Keyword]),
                name="sms_inbound_keyword_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="sms_inbound_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["id", "en"]), name="sms_inbound_language_valid"
            ),
        ]
        indexes = [models.Index(fields=["received_at", "operator"])]

    def __str__(self) -> str:
        return f"SMS {self.gateway_message_id} ({self.keyword}, {self.outcome})"

    @property
    def masked_msisdn(self) -> str:
        return mask_phone(self.msisdn)


class OutboundSms(models.Model):
    """The reply to one inbound SMS, for billing; its text is the outbox row's body."""

    inbound = models.OneToOneField(InboundSms, on_delete=models.PROTECT, related_name="reply")
    outbox_message = models.OneToOneField(
        "notify.OutboxMessage", on_delete=models.PROTECT, related_name="+"
    )
    msisdn_index = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    operator = models.CharField(max_length=20)
    parts = models.PositiveSmallIntegerField()
    tariff = models.PositiveIntegerField(help_text="Rupiah per SMS part.")
    charge = models.PositiveIntegerField(help_text="Rupiah: parts x tariff.")

    class Meta:
        db_table = "sms_outbound"
        verbose_name = "balasan SMS / SMS reply"
        verbose_name_plural = "balasan SMS / SMS replies"
        constraints = [
            models.CheckConstraint(condition=Q(parts__gte=1), name="sms_outbound_parts_positive"),
            models.CheckConstraint(
                condition=Q(charge=F("parts") * F("tariff")),
                name="sms_outbound_charge_is_parts_x_tariff",
            ),
        ]
        indexes = [models.Index(fields=["created_at", "operator"])]

    def __str__(self) -> str:
        return f"reply to SMS {self.inbound_id} ({self.parts} parts, Rp{self.charge})"

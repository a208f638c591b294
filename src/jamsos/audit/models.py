"""The access log: who saw or changed whose data, through which channel.

Rows are only ever inserted. A sealer later links them into a hash chain
(`jamsos.audit.sealing`), writing the four seal columns once; nothing else in a
row may change, and no row may be deleted. The model refuses both in Python; on
PostgreSQL a trigger (migration 0002) refuses them in the database as well.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

GENESIS_HASH = "0" * 64
SEAL_FIELDS = ("chain_seq", "prev_hash", "row_hash", "sealed_at")


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or delete an audit row."""


class Channel(models.TextChoices):
    WEB = "web", "Web"
    PORTAL = "portal", "Portal"
    API = "api", "API"
    SMS = "sms", "SMS"
    CS = "cs", "Customer service"
    EMPLOYER = "employer", "Employer portal"
    BACKOFFICE = "backoffice", "Back office"
    CLI = "cli", "Command line"
    SYSTEM = "system", "System"


class Outcome(models.TextChoices):
    SUCCESS = "success", "Success"
    DENIED = "denied", "Denied"
    NOT_FOUND = "not_found", "Not found"
    ERROR = "error", "Error"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("audit events cannot be updated")

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def unsealed(self) -> AuditEventQuerySet:
        return self.filter(row_hash__isnull=True)

    def sealed(self) -> AuditEventQuerySet:
        return self.filter(chain_seq__isnull=False)


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The logged-in user; empty for public channels and the system.",
    )
    actor_label = models.CharField(
        max_length=150, help_text="Username, 'public', or a masked caller such as 'sms:+62***890'."
    )
    actor_role = models.CharField(max_length=32)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    # Deliberately not a foreign key: the log must never block, or cascade with, registry changes.
    subject_participant_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=64)
    purpose = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    client_ip_hash = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    details = models.JSONField(default=dict, blank=True)

    # Written once, by the sealer. NULL, not '', means "not sealed yet": the trigger relies on it.
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    row_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    sealed_at = models.DateTimeField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "audit_event"
        ordering = ("-occurred_at", "-id")
        indexes = (
            models.Index(
                fields=("subject_participant_id", "occurred_at"), name="audit_event_subject_idx"
            ),
            # The sealer's queue: small, because sealed rows leave it.
            models.Index(fields=("id",), condition=Q(row_hash__isnull=True), name="audit_unsealed"),
        )
        constraints = (
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="audit_channel"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="audit_outcome"),
            models.CheckConstraint(
                condition=(
                    Q(
                        chain_seq__isnull=True,
                        prev_hash__isnull=True,
                        row_hash__isnull=True,
                        sealed_at__isnull=True,
                    )
                    | Q(
                        chain_seq__isnull=False,
                        prev_hash__isnull=False,
                        row_hash__isnull=False,
                        sealed_at__isnull=False,
                    )
                ),
                name="audit_seal_all_or_nothing",
            ),
        )

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit events cannot be updated")
        if any(getattr(self, name) is not None for name in SEAL_FIELDS):
            raise AuditLogIsAppendOnly("only the sealer writes the seal columns")
        # Never let Django turn this into an UPDATE of a row that happens to have this id.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")

    @property
    def is_sealed(self) -> bool:
        return self.row_hash is not None


class AuditChainHead(models.Model):
    """The end of the hash chain: one row, locked by the sealer while it appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "audit_chain_head"
        constraints = (models.CheckConstraint(condition=Q(id=1), name="audit_chain_head_single"),)

    def __str__(self) -> str:
        return f"audit chain head at {self.last_seq}"

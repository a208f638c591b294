"""Log-ins: staff users, and participants' self-service accounts beside them.

A participant's account is a `User` that is never staff, joined one-to-one to their
registry record by `ParticipantAccount`. Its contact details are the registry's (the
phone and e-mail the employer enrolled, or an officer set); the account adds only what
log-in needs. One-time codes are kept as keyed hashes, never in clear.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jamsos.privacy.fields import EncryptedTextField


class User(AbstractUser):
    """Staff, employer and participant log-ins.

    A project-owned user model from the first migration, so that fields such as a
    second factor or the employer a user belongs to can be added without a data move.
    """

    class Meta:
        db_table = "accounts_user"


class ParticipantAccount(models.Model):
    # The participant's id is the key, as for every per-participant table (sharding).
    participant = models.OneToOneField(
        "registry.Participant", on_delete=models.PROTECT, primary_key=True, related_name="account"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participant_account"
    )
    # A code by SMS to the registered phone after the password, when the person turns it on.
    sms_second_factor = models.BooleanField(
        "kode SMS saat masuk / SMS code at log-in", default=False
    )
    # Sessions and tokens that began before this moment are over (password reset, ...).
    sessions_valid_after = models.DateTimeField(default=timezone.now)
    password_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "accounts_participant_account"
        verbose_name = "akun peserta / participant account"
        verbose_name_plural = "akun peserta / participant accounts"

    def __str__(self) -> str:
        return f"account of participant {self.participant_id}"


class Purpose(models.TextChoices):
    SIGNUP = "signup", "Pendaftaran akun / Sign-up"
    LOGIN = "login", "Masuk / Log-in"
    RESET = "reset", "Atur ulang kata sandi / Password reset"
    # Proof on the old contact, then a check that the new one reaches the person.
    CONTACT_CHANGE = "contact_change", "Ganti kontak: kontak lama / Contact change: old contact"
    CONTACT_CONFIRM = "contact_confirm", "Ganti kontak: kontak baru / Contact change: new contact"


class ContactKind(models.TextChoices):
    PHONE = "phone", "Ponsel / Mobile phone"
    EMAIL = "email", "Email / E-mail"


class OneTimeCode(models.Model):
    """One code sent to someone, or a decoy that stands where a code would have been.

    Requests that must answer the same whether or not an account exists create a decoy
    row (no participant, a hash no 6-digit code can match), so both paths do the same
    work and are refused the same way afterwards.
    """

    # The public name of this challenge (kept in the session or given to the API client).
    handle = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    participant = models.ForeignKey(
        "registry.Participant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # HMAC-SHA256 under a key derived from SECRET_KEY, over handle, purpose and code.
    code_hash = models.CharField(max_length=64)
    # For a contact change: the new phone or e-mail the code is bound to.
    target_kind = models.CharField(max_length=5, choices=ContactKind.choices, blank=True)
    target = EncryptedTextField(context="accounts.code.target", null=True, blank=True)
    # Where the code went, masked ("+62 ****-****-890"), for the person's own screens.
    sent_to = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "accounts_one_time_code"
        indexes = [
            models.Index(
                fields=["participant", "purpose", "created_at"], name="accounts_code_participant"
            ),
            models.Index(fields=["expires_at"], name="accounts_code_expires"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="accounts_code_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="accounts_code_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(target_kind="", target__isnull=True)
                | Q(target_kind__in=ContactKind.values, target__isnull=False),
                name="accounts_code_target_with_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} code {self.pk}"


class LoginThrottle(models.Model):
    """Wrong passwords in a row, and the pause they caused, for one account or identifier.

    The key is a keyed hash: of the account for a known one, of the NIK or e-mail typed
    otherwise, so unknown identifiers are throttled by exactly the same rule.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "accounts_login_throttle"

    def __str__(self) -> str:
        return f"throttle {self.key[:8]}: {self.failures}"


class StepUpKind(models.TextChoices):
    SIGNUP = "signup", "Pendaftaran akun / Sign-up"
    CONTACT_CHANGE = "contact_change", "Ganti kontak / Contact change"


class StepUpReason(models.TextChoices):
    NO_CONTACT = "no_contact", "Tidak ada kontak terdaftar / No contact on record"
    PHONE_MISSING = "phone_missing", "Tidak ada ponsel terdaftar / No phone on record"
    PHONE_CHANGED = "phone_changed", "Ponsel berbeda dari data / Phone differs from the record"
    OLD_CONTACT_LOST = "old_contact_lost", "Kontak lama hilang / Old contact lost"


class StepUpStatus(models.TextChoices):
    PENDING = "pending", "Menunggu petugas / Waiting for an officer"
    APPROVED = "approved", "Disetujui / Approved"
    REJECTED = "rejected", "Ditolak / Rejected"


class StepUpEvidence(models.TextChoices):
    IN_PERSON = "in_person", "KTP asli diperiksa di kantor cabang / KTP checked in person"
    CALL_CENTRE = "call_centre", "Penelepon lolos verifikasi pusat layanan / Caller verified"


class StepUpRequest(models.Model):
    """A person who cannot prove themselves by a code waits here for an officer."""

    participant = models.ForeignKey(
        "registry.Participant", on_delete=models.PROTECT, related_name="step_up_requests"
    )
    kind = models.CharField(max_length=20, choices=StepUpKind.choices)
    reason = models.CharField(max_length=20, choices=StepUpReason.choices)
    status = models.CharField(
        max_length=10, choices=StepUpStatus.choices, default=StepUpStatus.PENDING
    )
    channel = models.CharField(max_length=16)
    requested_at = models.DateTimeField(default=timezone.now)
    # Asked again while still pending: the same request, seen again.
    last_requested_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.CharField(max_length=12, choices=StepUpEvidence.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        db_table = "accounts_step_up_request"
        verbose_name = "pemeriksaan petugas / officer step-up"
        verbose_name_plural = "pemeriksaan petugas / officer step-ups"
        permissions = [("approve_stepuprequest", "Can approve or reject officer step-ups")]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=Q(status="pending"),
                name="accounts_one_pending_step_up",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=StepUpKind.values), name="accounts_step_up_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=StepUpReason.values), name="accounts_step_up_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", resolved_at__isnull=True)
                | (~Q(status="pending") & Q(resolved_at__isnull=False)),
                name="accounts_step_up_resolved_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(evidence=""),
                name="accounts_step_up_approval_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} step-up {self.pk} ({self.status})"

"""API tokens for the mobile app: kept only as keyed hashes, never in clear.

A log-in starts a *family*: one access token (short-lived) and one refresh token
(long-lived, single use). Each refresh marks its refresh token used and issues a new
pair in the same family; presenting a used refresh token again means it was copied,
so the whole family is revoked.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class TokenKind(models.TextChoices):
    ACCESS = "access", "Token akses / Access token"
    REFRESH = "refresh", "Token pembaruan / Refresh token"


class ApiToken(models.Model):
    account = models.ForeignKey(
        "accounts.ParticipantAccount", on_delete=models.CASCADE, related_name="api_tokens"
    )
    kind = models.CharField(max_length=7, choices=TokenKind.choices)
    # HMAC-SHA256 of the token under a key derived from SECRET_KEY (jamsos.channels.api.tokens).
    token_hash = models.CharField(max_length=64, unique=True)
    # Every token issued from one log-in shares the family; reuse revokes all of them.
    family = models.CharField(max_length=32, db_index=True)
    # When the person proved themselves (the log-in); compared with sessions_valid_after.
    authenticated_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # A refresh token, once exchanged for a new pair.
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_token"
        verbose_name = "token API / API token"
        verbose_name_plural = "token API / API tokens"
        indexes = [models.Index(fields=["expires_at"], name="api_token_expires")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TokenKind.values), name="api_token_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} token {self.pk} of account {self.account_id}"

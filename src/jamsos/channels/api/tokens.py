"""Issuing, checking, rotating and revoking the mobile app's tokens.

Tokens are 256-bit random strings with a readable prefix ("jat_" access, "jrt_"
refresh); the database holds only HMAC-SHA256 of each under a key derived from
SECRET_KEY, so a copy of the table lets no one in.

A token stops working when it expires, is revoked (log-out, refresh-token reuse), when
the account's sessions were ended after its log-in (`sessions_valid_after`: password
reset or change, an officer's contact change), or when the user is deactivated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jamsos.accounts.models import ParticipantAccount
from jamsos.channels.api.models import ApiToken, TokenKind
from jamsos.ops.errors import JamsosError, define_error

ACCESS_PREFIX = "jat_"
REFRESH_PREFIX = "jrt_"
_HASH_CONTEXT = b"jamsos.channels.api.token"

REFRESH_INVALID = define_error(
    "REFRESH_TOKEN_INVALID",
    id="Token pembaruan tidak berlaku lagi. Silakan masuk kembali.",
    en="The refresh token is no longer valid. Please log in again.",
    http_status=401,
)
REFRESH_REUSED = define_error(
    "REFRESH_TOKEN_REUSED",
    id="Token pembaruan ini sudah pernah dipakai; demi keamanan semua sesi aplikasi dari "
    "log-in ini diakhiri. Silakan masuk kembali.",
    en="This refresh token was used before; for safety every app session from this log-in "
    "has ended. Please log in again.",
    http_status=401,
)


def access_seconds() -> int:
    return settings.API_ACCESS_SECONDS


def refresh_seconds() -> int:
    return settings.API_REFRESH_SECONDS


def token_hash(token: str) -> str:
    key = hmac.new(settings.SECRET_KEY.encode(), _HASH_CONTEXT, hashlib.sha256).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    access_expires_at: dt.datetime
    refresh_expires_at: dt.datetime
    token_type: str = "Bearer"  # noqa: S105 - a scheme name

    @property
    def expires_in(self) -> int:
        return access_seconds()


def _new(
    account: ParticipantAccount,
    kind: str,
    family: str,
    authenticated_at: dt.datetime,
    now: dt.datetime,
    seconds: int,
) -> tuple[str, ApiToken]:
    prefix = ACCESS_PREFIX if kind == TokenKind.ACCESS else REFRESH_PREFIX
    token = prefix + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        account=account,
        kind=kind,
        token_hash=token_hash(token),
        family=family,
        authenticated_at=authenticated_at,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=seconds),
    )
    return token, row


def _issue(
    account: ParticipantAccount, family: str, authenticated_at: dt.datetime, now: dt.datetime
) -> TokenPair:
    access, access_row = _new(
        account, TokenKind.ACCESS, family, authenticated_at, now, access_seconds()
    )
    refresh, refresh_row = _new(
        account, TokenKind.REFRESH, family, authenticated_at, now, refresh_seconds()
    )
    return TokenPair(access, refresh, access_row.expires_at, refresh_row.expires_at)


def issue_tokens(account: ParticipantAccount, *, now: dt.datetime | None = None) -> TokenPair:
    """A new family after a completed log-in."""
    now = now or timezone.now()
    with transaction.atomic():
        return _issue(account, uuid.uuid4().hex, now, now)


def _usable(row: ApiToken, now: dt.datetime) -> bool:
    account = row.account
    return (
        row.revoked_at is None
        and row.expires_at > now
        and row.authenticated_at >= account.sessions_valid_after
        and account.user.is_active
    )


def authenticate_access(token: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The access token's row when it may be used now, else None."""
    if not token.startswith(ACCESS_PREFIX):
        return None
    now = now or timezone.now()
    row = (
        ApiToken.objects.select_related("account__user")
        .filter(token_hash=token_hash(token), kind=TokenKind.ACCESS)
        .first()
    )
    return row if row is not None and _usable(row, now) else None


def revoke_family(family: str, *, now: dt.datetime | None = None) -> int:
    return ApiToken.objects.filter(family=family, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def revoke_account(account: ParticipantAccount, *, now: dt.datetime | None = None) -> int:
    return ApiToken.objects.filter(account=account, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def rotate(refresh_token: str, *, now: dt.datetime | None = None) -> TokenPair:
    """Exchange a refresh token, once, for a new pair in its family.

    A refresh token already exchanged (or revoked) is a copy in someone's hands: the
    whole family is revoked, and the refusal is `REFRESH_TOKEN_REUSED`.
    """
    now = now or timezone.now()
    row = None
    if refresh_token.startswith(REFRESH_PREFIX):
        row = (
            ApiToken.objects.select_related("account__user")
            .filter(token_hash=token_hash(refresh_token), kind=TokenKind.REFRESH)
            .first()
        )
    if row is None:
        raise JamsosError(REFRESH_INVALID, field="refresh_token")
    if row.used_at is not None or row.revoked_at is not None:
        revoke_family(row.family, now=now)
        raise JamsosError(REFRESH_REUSED, field="refresh_token")
    if not _usable(row, now):
        revoke_family(row.family, now=now)
        raise JamsosError(REFRESH_INVALID, field="refresh_token")
    with transaction.atomic():
        # One winner when two requests present the same token at once.
        won = ApiToken.objects.filter(
            pk=row.pk, used_at__isnull=True, revoked_at__isnull=True
        ).update(used_at=now)
        if won:
            # The old access token runs out on its own within minutes.
            return _issue(row.account, row.family, row.authenticated_at, now)
    revoke_family(row.family, now=now)
    raise JamsosError(REFRESH_REUSED, field="refresh_token")

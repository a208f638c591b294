"""Log-in with NIK or e-mail and password, an optional SMS code, and when sessions end.

Wrong passwords are counted per account (or, for an identifier with no account, per
identifier, by the same rule); `JAMSOS_PORTAL_LOCK_AFTER` in a row pause log-in for
`JAMSOS_PORTAL_LOCK_SECONDS`. The pause always ends, and a password reset ends it early.
Unknown identifier, wrong password and inactive account all get the same refusal after
the same work (one password hash).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jamsos.accounts import config, errors
from jamsos.accounts.codes import (
    CodeChallenge,
    check_code,
    clean_code,
    enforce_code_limits,
    issue_code,
    local_time,
)
from jamsos.accounts.common import (
    Identifier,
    audit,
    check_channel,
    enforce_client_limit,
    parse_identifier,
)
from jamsos.accounts.models import ContactKind, LoginThrottle, ParticipantAccount, Purpose
from jamsos.accounts.selectors import account_by_identifier
from jamsos.ops.errors import JamsosError

_THROTTLE_SALT = "jamsos.accounts.login_throttle"
_PURGE_PROBABILITY = 0.01
_KEEP_IDLE_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class LoginResult:
    """A right password. With `second_factor` set, log-in finishes only with that code."""

    account: ParticipantAccount
    second_factor: CodeChallenge | None = None

    @property
    def complete(self) -> bool:
        return self.second_factor is None


def _throttle_key(identifier: Identifier, account: ParticipantAccount | None) -> str:
    name = f"account:{account.pk}" if account is not None else identifier.limit_key
    return salted_hmac(_THROTTLE_SALT, name, algorithm="sha256").hexdigest()


def _locked_throttle(key: str) -> LoginThrottle:
    if random.random() < _PURGE_PROBABILITY:  # noqa: S311 - housekeeping, not security
        # Rows for identifiers typed once and never again; a live pause is kept.
        now = timezone.now()
        LoginThrottle.objects.filter(updated_at__lt=now - _KEEP_IDLE_FOR).exclude(
            locked_until__gt=now
        ).delete()
    LoginThrottle.objects.get_or_create(key=key)
    return LoginThrottle.objects.select_for_update().get(key=key)


def clear_login_throttle(account: ParticipantAccount) -> None:
    """After a password reset: the pause the old password's guessers caused ends."""
    key = salted_hmac(_THROTTLE_SALT, f"account:{account.pk}", algorithm="sha256").hexdigest()
    LoginThrottle.objects.filter(key=key).update(
        failures=0, locked_until=None, updated_at=timezone.now()
    )


def _mark_logged_in(account: ParticipantAccount) -> None:
    account.user.last_login = timezone.now()
    account.user.save(update_fields=["last_login"])


def login_with_password(
    *, identifier: str, password: str, channel: str = "portal", request: HttpRequest | None = None
) -> LoginResult:
    """Check NIK-or-e-mail and password. Refusals: `IDENTIFIER_INVALID`, `LOGIN_FAILED`,
    `LOGIN_LOCKED`, `ACCOUNT_CLIENT_LIMITED`, and `OTP_LIMITED` when the SMS code cannot
    be sent now."""
    check_channel(channel)
    parsed = parse_identifier(identifier)
    enforce_client_limit(request)
    account = account_by_identifier(parsed)
    participant_id = account.pk if account is not None else None
    refusal: JamsosError | None = None
    with transaction.atomic():
        throttle = _locked_throttle(_throttle_key(parsed, account))
        now = timezone.now()
        if throttle.locked_until is not None and throttle.locked_until > now:
            make_password(password)  # the same work as a real check
            refusal = JamsosError(errors.LOGIN_LOCKED, time=local_time(throttle.locked_until))
            audit(
                action="account.login",
                outcome="denied",
                channel=channel,
                participant_id=participant_id,
                request=request,
                details={"why": "locked", "by": parsed.kind},
            )
        else:
            user = account.user if account is not None and account.user.is_active else None
            right = user.check_password(password) if user is not None else False
            if user is None:
                make_password(password)
            if not right:
                throttle.failures += 1
                if throttle.failures >= config.lock_after():
                    throttle.failures = 0
                    throttle.locked_until = now + dt.timedelta(seconds=config.lock_seconds())
                    refusal = JamsosError(
                        errors.LOGIN_LOCKED, time=local_time(throttle.locked_until)
                    )
                else:
                    refusal = JamsosError(errors.LOGIN_FAILED)
                throttle.updated_at = now
                throttle.save(update_fields=["failures", "locked_until", "updated_at"])
                audit(
                    action="account.login",
                    outcome="denied",
                    channel=channel,
                    participant_id=participant_id,
                    request=request,
                    details={
                        "why": "password",
                        "by": parsed.kind,
                        "locked": refusal.code != "LOGIN_FAILED",
                    },
                )
            else:
                throttle.failures = 0
                throttle.locked_until = None
                throttle.updated_at = now
                throttle.save(update_fields=["failures", "locked_until", "updated_at"])
    if refusal is not None:
        raise refusal
    assert account is not None
    if account.sms_second_factor and account.participant.phone:
        return LoginResult(account, second_factor=_send_login_code(account, channel, request))
    with transaction.atomic():
        _mark_logged_in(account)
        audit(
            action="account.login",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            account=account,
            details={"by": parsed.kind, "second_factor": False},
        )
    return LoginResult(account)


def _send_login_code(
    account: ParticipantAccount, channel: str, request: HttpRequest | None
) -> CodeChallenge:
    phone = account.participant.phone
    assert phone
    enforce_code_limits(person_key=f"participant:{account.pk}", phone_key=phone)
    with transaction.atomic():
        challenge = issue_code(
            purpose=Purpose.LOGIN,
            participant=account.participant,
            recipients=[(ContactKind.PHONE.value, phone)],
            lifetime_seconds=config.code_seconds(),
        )
        audit(
            action="account.login.password",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            details={"second_factor": True},
        )
    return challenge


def login_resend_code(
    *, account: ParticipantAccount, channel: str = "portal", request: HttpRequest | None = None
) -> CodeChallenge:
    """A new SMS code for a log-in whose password was right moments ago."""
    check_channel(channel)
    return _send_login_code(account, channel, request)


def login_complete(
    *,
    handle: str,
    code: str,
    account: ParticipantAccount | None = None,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> ParticipantAccount:
    """The second factor: the SMS code for the log-in `login_with_password` began.

    With `account` (the web portal keeps it in the session) the code must be that
    account's; without it (an API client holds only the handle) the account is the one
    the code was sent for.
    """
    check_channel(channel)
    code = clean_code(code)
    with transaction.atomic():
        result = check_code(
            handle=handle,
            code=code,
            purpose=Purpose.LOGIN,
            participant_id=account.pk if account is not None else None,
        )
        if result.ok:
            assert result.row is not None and result.row.participant_id is not None
            if account is None:
                account = ParticipantAccount.objects.select_related("user", "participant").get(
                    pk=result.row.participant_id
                )
            _mark_logged_in(account)
            audit(
                action="account.login",
                outcome="success",
                channel=channel,
                participant_id=account.pk,
                request=request,
                account=account,
                details={"second_factor": True},
            )
            return account
    who = account.pk if account is not None else (result.row.participant_id if result.row else None)
    if who is not None:
        audit(
            action="account.login.code",
            outcome="denied",
            channel=channel,
            participant_id=who,
            request=request,
            details={"check": str(result.outcome)},
        )
    raise result.error()


def session_is_current(
    account: ParticipantAccount,
    *,
    authenticated_at: dt.datetime,
    last_seen_at: dt.datetime,
    now: dt.datetime | None = None,
) -> bool:
    """Whether a session (or an API token) begun at `authenticated_at` may go on.

    It may not once idle for `JAMSOS_PORTAL_IDLE_SECONDS`, once older than
    `JAMSOS_PORTAL_ABSOLUTE_SECONDS`, or when it began before the account's sessions
    were ended (a password reset or change, an officer's contact change).
    """
    now = now or timezone.now()
    if authenticated_at < account.sessions_valid_after:
        return False
    if now - authenticated_at > dt.timedelta(seconds=config.absolute_seconds()):
        return False
    return now - last_seen_at <= dt.timedelta(seconds=config.idle_seconds())

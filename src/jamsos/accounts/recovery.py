"""Forgotten passwords, password changes and the SMS second factor.

A reset is proved by a code to the contacts on the record (valid
`JAMSOS_OTP_RESET_SECONDS`), asked for with the NIK or e-mail; the request answers the
same whether or not an account exists. A new password, by reset or by change, ends every
other session and is told to the person on the contacts they already had.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.accounts import config, errors
from jamsos.accounts.codes import (
    CodeChallenge,
    check_code,
    clean_code,
    enforce_code_limits,
    issue_code,
    issue_decoy,
    local_time,
)
from jamsos.accounts.common import (
    audit,
    check_channel,
    check_password_rules,
    enforce_client_limit,
    parse_identifier,
    registered_contacts,
    send_notice,
)
from jamsos.accounts.login import clear_login_throttle
from jamsos.accounts.models import ParticipantAccount, Purpose
from jamsos.accounts.selectors import account_by_identifier
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError

# Wrong current passwords from inside a session: a stolen session must not become a
# way to guess the password.
CURRENT_PASSWORD_FAILURES = ratelimit.Limit("accounts.current_password_failures", 5, 900)

_CHANGED_NOTICE = (
    "Kata sandi akun Jamsos Anda baru saja diganti dan semua sesi lain telah diakhiri. Jika "
    "bukan Anda, segera hubungi pusat layanan. / The password of your Jamsos account was just "
    "changed and every other session ended. If it was not you, call the call centre at once."
)


def reset_start(
    *, identifier: str, channel: str = "portal", request: HttpRequest | None = None
) -> CodeChallenge:
    """Ask for a reset code with a NIK or e-mail. Always a challenge, with nothing in
    `sent_to`; refusals only for a malformed identifier and the limits."""
    check_channel(channel)
    parsed = parse_identifier(identifier)
    enforce_client_limit(request)
    account = account_by_identifier(parsed)
    contacts = registered_contacts(account.participant) if account is not None else []
    phone = next((value for kind, value in contacts if kind == "phone"), None)
    if account is not None and contacts:
        enforce_code_limits(person_key=f"participant:{account.pk}", phone_key=phone)
    else:
        enforce_code_limits(person_key=f"claimed:{parsed.limit_key}", phone_key=None)
    lifetime = config.reset_code_seconds()
    with transaction.atomic():
        if account is None or not contacts:
            audit(
                action="account.reset.request",
                outcome="not_found",
                channel=channel,
                participant_id=account.pk if account is not None else None,
                request=request,
                details={"by": parsed.kind},
            )
            return issue_decoy(purpose=Purpose.RESET, lifetime_seconds=lifetime)
        challenge = issue_code(
            purpose=Purpose.RESET,
            participant=account.participant,
            recipients=contacts,
            lifetime_seconds=lifetime,
        )
        audit(
            action="account.reset.request",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            details={"by": parsed.kind},
        )
    return CodeChallenge(challenge.handle, challenge.purpose, challenge.expires_at)


def _set_password(account: ParticipantAccount, password: str) -> None:
    now = timezone.now()
    account.user.set_password(password)
    account.user.save(update_fields=["password"])
    account.password_changed_at = now
    account.sessions_valid_after = now
    account.save(update_fields=["password_changed_at", "sessions_valid_after"])
    send_notice(
        account.participant,
        purpose="account.password_changed",
        subject="Kata sandi Jamsos diganti / Jamsos password changed",
        text=_CHANGED_NOTICE,
    )


def reset_complete(
    *,
    handle: str,
    code: str,
    password: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> ParticipantAccount:
    """Enter the reset code with a new password. Every session of the account ends, the
    log-in pause is lifted, and the registered contacts are told."""
    check_channel(channel)
    check_password_rules(password)
    code = clean_code(code)
    with transaction.atomic():
        result = check_code(handle=handle, code=code, purpose=Purpose.RESET)
        if result.ok:
            assert result.row is not None and result.row.participant_id is not None
            account = ParticipantAccount.objects.select_related("user", "participant").get(
                pk=result.row.participant_id
            )
            _set_password(account, password)
            clear_login_throttle(account)
            audit(
                action="account.reset",
                outcome="success",
                channel=channel,
                participant_id=account.pk,
                request=request,
            )
            return account
    if result.row is not None and result.row.participant_id is not None:
        audit(
            action="account.reset.code",
            outcome="denied",
            channel=channel,
            participant_id=result.row.participant_id,
            request=request,
            details={"check": str(result.outcome)},
        )
    raise result.error()


def _check_current_password(account: ParticipantAccount, password: str, field: str) -> bool:
    key = f"participant:{account.pk}"
    state = ratelimit.check(CURRENT_PASSWORD_FAILURES, key)
    if not state.allowed:
        raise JamsosError(errors.LOGIN_LOCKED, field=field, time=local_time(state.retry_at))
    if account.user.check_password(password):
        return True
    ratelimit.hit(CURRENT_PASSWORD_FAILURES, key)
    return False


def password_change(
    *,
    account: ParticipantAccount,
    current_password: str,
    new_password: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> ParticipantAccount:
    """A logged-in person changes their password; every session ends, theirs included
    (the portal starts the current one again at once)."""
    check_channel(channel)
    if not _check_current_password(account, current_password, "current_password"):
        audit(
            action="account.password.change",
            outcome="denied",
            channel=channel,
            participant_id=account.pk,
            request=request,
            account=account,
        )
        raise JamsosError(errors.PASSWORD_WRONG, field="current_password")
    check_password_rules(new_password, username=account.user.get_username())
    with transaction.atomic():
        _set_password(account, new_password)
        audit(
            action="account.password.change",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            account=account,
        )
    return account


def second_factor_set(
    *,
    account: ParticipantAccount,
    enabled: bool,
    password: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> ParticipantAccount:
    """Turn the SMS code at log-in on or off; the password is asked again either way."""
    check_channel(channel)
    if not _check_current_password(account, password, "password"):
        raise JamsosError(errors.PASSWORD_WRONG, field="password")
    if enabled and not account.participant.phone:
        raise JamsosError(errors.CONTACT_NO_OLD)
    with transaction.atomic():
        account.sms_second_factor = enabled
        account.save(update_fields=["sms_second_factor"])
        audit(
            action="account.second_factor",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            account=account,
            details={"enabled": enabled},
        )
        if not enabled:
            send_notice(
                account.participant,
                purpose="account.second_factor_off",
                subject="Kode SMS saat masuk dimatikan / SMS code at log-in turned off",
                text=(
                    "Kode SMS saat masuk akun Jamsos Anda dimatikan. Jika bukan Anda, segera "
                    "hubungi pusat layanan. / The SMS code at log-in was turned off for your "
                    "Jamsos account. If it was not you, call the call centre at once."
                ),
            )
    return account

"""One-time codes: six digits from `secrets`, kept only as a keyed hash, used once.

A code belongs to one purpose and one challenge (its handle); the hash covers both, so a
code can prove nothing else. It dies after its lifetime, after its first correct use,
or after `JAMSOS_OTP_MAX_TRIES` wrong entries. Two entries of one right code at the same
moment: the row is locked while it is checked, so exactly one of them wins.

Every code counts against limits per person and per phone, per hour and per day.
"""

from __future__ import annotations

import datetime as dt
import hmac
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jamsos.accounts import config, errors
from jamsos.accounts.models import ContactKind, OneTimeCode, Purpose
from jamsos.identity import mask_email, mask_phone
from jamsos.notify.services import queue_message
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant

CODE_DIGITS = 6
_HASH_SALT = "jamsos.accounts.one_time_code"
# Old rows are deleted now and then by whoever happens to issue a code.
_PURGE_PROBABILITY = 0.01
_KEEP_FOR = dt.timedelta(days=7)

_WHAT_FOR = {
    Purpose.SIGNUP: ("pendaftaran akun", "to sign up"),
    Purpose.LOGIN: ("masuk", "to log in"),
    Purpose.RESET: ("atur ulang kata sandi", "to reset your password"),
    Purpose.CONTACT_CHANGE: ("ganti kontak", "to change your contact details"),
    Purpose.CONTACT_CONFIRM: ("konfirmasi kontak baru", "to confirm your new contact"),
}


@dataclass(frozen=True)
class CodeChallenge:
    """What a caller holds between asking for a code and entering it.

    `sent_to` lists the masked recipients; flows open to anyone (sign-up, reset) leave it
    empty, because showing it would tell whether the account exists.
    """

    handle: str
    purpose: str
    expires_at: dt.datetime
    sent_to: tuple[str, ...] = ()


class Check(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"  # also: used, unknown handle
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class CheckResult:
    outcome: Check
    row: OneTimeCode | None
    tries_left: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == Check.OK

    def error(self) -> JamsosError:
        match self.outcome:
            case Check.WRONG:
                return JamsosError(errors.OTP_WRONG, field="code", left=self.tries_left)
            case Check.TOO_MANY:
                return JamsosError(errors.OTP_TOO_MANY_TRIES, field="code")
        return JamsosError(errors.OTP_EXPIRED, field="code")


def code_hash(handle: str, purpose: str, code: str) -> str:
    return salted_hmac(
        _HASH_SALT, f"{handle}\x00{purpose}\x00{code}", algorithm="sha256"
    ).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def clean_code(text: str) -> str:
    """The six digits as typed, allowing spaces and dashes; else `OTP_FORMAT`."""
    digits = "".join(ch for ch in (text or "") if not ch.isspace() and ch != "-")
    if len(digits) != CODE_DIGITS or not digits.isascii() or not digits.isdigit():
        raise JamsosError(errors.OTP_FORMAT, field="code")
    return digits


def local_time(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def enforce_code_limits(*, person_key: str, phone_key: str | None) -> None:
    """Count one code against every limit; refuse with `OTP_LIMITED` when one is full.

    `person_key` names the participant, or what was claimed when nobody matched, so that
    a decoy is counted exactly like a real code.
    """
    now = timezone.now()
    per_hour, per_day, phone_hour, phone_day = config.code_limits()
    decisions = [
        ratelimit.hit(per_hour, person_key, now=now),
        ratelimit.hit(per_day, person_key, now=now),
    ]
    if phone_key:
        decisions += [
            ratelimit.hit(phone_hour, phone_key, now=now),
            ratelimit.hit(phone_day, phone_key, now=now),
        ]
    refused = [d for d in decisions if not d.allowed]
    if refused:
        retry_at = max(d.retry_at for d in refused)
        raise JamsosError(errors.OTP_LIMITED, time=local_time(retry_at))


def _code_text(purpose: str, code: str, minutes: int) -> str:
    what_id, what_en = _WHAT_FOR[Purpose(purpose)]
    return (
        f"Kode Jamsos untuk {what_id}: {code}. Berlaku {minutes} menit. JANGAN berikan kepada "
        f"siapa pun, termasuk petugas. / Jamsos code {what_en}: {code}, valid {minutes} min. "
        "Never share it."
    )


def _purge_old() -> None:
    if random.random() < _PURGE_PROBABILITY:  # noqa: S311 - housekeeping, not security
        OneTimeCode.objects.filter(expires_at__lt=timezone.now() - _KEEP_FOR).delete()


def issue_code(
    *,
    purpose: str,
    participant: Participant,
    recipients: Iterable[tuple[str, str]],
    lifetime_seconds: int,
    target_kind: str = "",
    target: str | None = None,
    extra_text: str = "",
) -> CodeChallenge:
    """Create a code and queue it to each (kind, address), inside the caller's transaction.

    The recipients are always contacts the system already trusts (on the record, or set
    by an officer), never something a caller has just typed, except the new contact of
    a change whose old contact has already proved the person.
    """
    _purge_old()
    now = timezone.now()
    handle = secrets.token_urlsafe(24)
    code = new_code()
    masked: list[str] = []
    text = _code_text(purpose, code, max(1, lifetime_seconds // 60))
    if extra_text:
        text = f"{text} {extra_text}"
    for kind, address in recipients:
        if kind == ContactKind.PHONE:
            queue_message(
                kind="sms",
                recipient=address,
                body=text,
                participant_id=participant.pk,
                purpose=f"otp.{purpose}",
            )
            masked.append(mask_phone(address))
        else:
            queue_message(
                kind="email",
                recipient=address,
                subject="Kode verifikasi Jamsos / Jamsos verification code",
                body=text,
                participant_id=participant.pk,
                purpose=f"otp.{purpose}",
            )
            masked.append(mask_email(address))
    row = OneTimeCode.objects.create(
        handle=handle,
        purpose=purpose,
        participant=participant,
        code_hash=code_hash(handle, purpose, code),
        target_kind=target_kind,
        target=target,
        sent_to=masked,
        created_at=now,
        expires_at=now + dt.timedelta(seconds=lifetime_seconds),
    )
    return CodeChallenge(row.handle, purpose, row.expires_at, tuple(masked))


def issue_decoy(*, purpose: str, lifetime_seconds: int) -> CodeChallenge:
    """A challenge no code can answer, for requests that must look like a real one."""
    _purge_old()
    now = timezone.now()
    row = OneTimeCode.objects.create(
        handle=secrets.token_urlsafe(24),
        purpose=purpose,
        participant=None,
        # Random bytes, not the hash of any code: nothing typed can ever match.
        code_hash=secrets.token_hex(32),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=lifetime_seconds),
    )
    return CodeChallenge(row.handle, purpose, row.expires_at)


def check_code(
    *, handle: str, code: str, purpose: str, participant_id: int | None = None
) -> CheckResult:
    """Check `code` for the challenge `handle`; on success, mark it used.

    Call inside `transaction.atomic()`: the row stays locked until the caller's
    transaction ends, so the work a right code unlocks commits together with its use,
    and a second entry of the same code waits, then finds it used. Return, never raise,
    on a wrong code, so the counted try commits too.

    A code of another purpose, or (with `participant_id`) of another person, counts as
    a wrong try: it may be someone probing.
    """
    row = OneTimeCode.objects.select_for_update().filter(handle=handle).first()
    now = timezone.now()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return CheckResult(Check.EXPIRED, row)
    max_tries = config.code_max_tries()
    if row.failed_attempts >= max_tries:
        return CheckResult(Check.TOO_MANY, row)
    right = (
        row.purpose == purpose
        and (participant_id is None or row.participant_id == participant_id)
        and hmac.compare_digest(row.code_hash, code_hash(handle, purpose, code))
    )
    if right:
        # The WHERE makes the use itself exclusive, whatever the engine's locking.
        used = OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
        if used == 1:
            row.used_at = now
            return CheckResult(Check.OK, row)
        return CheckResult(Check.EXPIRED, row)
    OneTimeCode.objects.filter(pk=row.pk).update(failed_attempts=F("failed_attempts") + 1)
    row.failed_attempts += 1
    left = max_tries - row.failed_attempts
    if left <= 0:
        return CheckResult(Check.TOO_MANY, row)
    return CheckResult(Check.WRONG, row, tries_left=left)


def verify_code(
    *, handle: str, code: str, purpose: str, participant_id: int | None = None
) -> OneTimeCode:
    """`check_code` in its own transaction, raising the matching error when it fails."""
    with transaction.atomic():
        result = check_code(
            handle=handle, code=code, purpose=purpose, participant_id=participant_id
        )
    if not result.ok:
        raise result.error()
    assert result.row is not None
    return result.row

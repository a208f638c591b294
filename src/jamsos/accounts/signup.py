"""Sign-up: NIK, name and birth date find the person; a code on their record proves them.

NIK, name and birth date have leaked before, so they only identify. The proof is a code
sent to the phone and e-mail already on the record, never to what was just typed. A
typed phone that differs from the record's (or a record without a phone) means the
person must see an officer: a step-up request waits for them.

Whatever happened (no match, an account already there, step-up needed, code sent), the
caller gets the same answer: a challenge to enter a code into. Only the person who
holds the registered phone or e-mail can tell which it was.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.accounts import config, errors
from jamsos.accounts.codes import (
    Check,
    CheckResult,
    CodeChallenge,
    check_code,
    clean_code,
    enforce_code_limits,
    issue_code,
    issue_decoy,
)
from jamsos.accounts.common import (
    audit,
    check_channel,
    check_password_rules,
    enforce_client_limit,
    registered_contacts,
    send_notice,
)
from jamsos.accounts.models import (
    OneTimeCode,
    ParticipantAccount,
    Purpose,
    StepUpKind,
    StepUpReason,
)
from jamsos.accounts.stepup import stepup_open
from jamsos.identity import normalise_email, normalise_phone, validate_full_name, validate_nik
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant
from jamsos.registry.selectors import participant_by_nik
from jamsos.registry.verification import WEB_LOOKUP, Claims, VerificationPolicy, verify

# The public form's factors, which identify but do not prove; the proof is the code.
PORTAL_SIGNUP = VerificationPolicy(
    name="portal_signup",
    channel="portal",
    required=WEB_LOOKUP.required,
    audit_action="account.signup.request",
)
# Wrong codes entered with one NIK on the "code from an officer" form, per hour.
RESUME_FAILURES_PER_NIK = ratelimit.Limit("accounts.resume_failures", 5, 3600)


def _username(participant: Participant) -> str:
    # Not the KPJ or NIK: the username is shown in the back office and the audit log.
    return f"peserta-{participant.pk}"


def _why_step_up(participant: Participant, typed_phone: str) -> str | None:
    if not participant.phone and not participant.email:
        return StepUpReason.NO_CONTACT
    if not participant.phone:
        return StepUpReason.PHONE_MISSING
    if participant.phone != typed_phone:
        return StepUpReason.PHONE_CHANGED
    return None


def signup_start(
    *,
    nik: str,
    full_name: str,
    birth_date: dt.date,
    phone: str,
    email: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> CodeChallenge:
    """Ask for a sign-up code. Always a challenge, never a hint whether the data matched.

    Refusals: malformed input (each names its field), `ACCOUNT_CLIENT_LIMITED`,
    `OTP_LIMITED` (per NIK and per typed phone, counted the same for everyone).
    The typed e-mail is not used: the record's is. It can be changed after log-in.
    """
    check_channel(channel)
    nik = validate_nik(nik)
    full_name = validate_full_name(full_name)
    phone = normalise_phone(phone)
    normalise_email(email)
    enforce_client_limit(request)
    enforce_code_limits(person_key=f"nik:{nik}", phone_key=phone)
    lifetime = config.code_seconds()
    with transaction.atomic():
        verification = verify(
            PORTAL_SIGNUP,
            Claims(nik=nik, birth_date=birth_date, full_name=full_name),
            as_of=timezone.localdate(),
        )
        participant = verification.participant
        if participant is None:
            audit(
                action=PORTAL_SIGNUP.audit_action,
                outcome="not_found",
                channel=channel,
                participant_id=verification.compared_with_id,
                request=request,
                details={"failed": [str(f) for f in verification.failed]},
            )
            return issue_decoy(purpose=Purpose.SIGNUP, lifetime_seconds=lifetime)
        if ParticipantAccount.objects.filter(participant=participant).exists():
            send_notice(
                participant,
                purpose="account.signup_exists",
                subject="Akun Jamsos Anda / Your Jamsos account",
                text=(
                    "Ada yang mencoba mendaftar dengan data Anda, padahal Anda sudah punya "
                    "akun. Jika itu Anda, silakan masuk atau atur ulang kata sandi. / Someone "
                    "tried to sign up with your data, but you already have an account. If it "
                    "was you, log in or reset your password."
                ),
            )
            audit(
                action=PORTAL_SIGNUP.audit_action,
                outcome="denied",
                channel=channel,
                participant_id=participant.pk,
                request=request,
                details={"why": "account_exists"},
            )
            return issue_decoy(purpose=Purpose.SIGNUP, lifetime_seconds=lifetime)
        reason = _why_step_up(participant, phone)
        if reason is not None:
            step_up = stepup_open(
                participant=participant, kind=StepUpKind.SIGNUP, reason=reason, channel=channel
            )
            send_notice(
                participant,
                purpose="account.signup_step_up",
                subject="Pendaftaran akun Jamsos / Jamsos sign-up",
                text=(
                    "Ada permintaan pendaftaran akun dengan data Anda dan nomor ponsel yang "
                    "tidak terdaftar. Jika itu Anda, datang ke kantor cabang dengan KTP atau "
                    "hubungi pusat layanan. / Someone asked to sign up with your data and a "
                    "phone number that is not on your record. If it was you, visit a branch "
                    "with your KTP or call the call centre."
                ),
            )
            audit(
                action=PORTAL_SIGNUP.audit_action,
                outcome="denied",
                channel=channel,
                participant_id=participant.pk,
                request=request,
                details={"why": "step_up", "reason": reason, "step_up": step_up.pk},
            )
            return issue_decoy(purpose=Purpose.SIGNUP, lifetime_seconds=lifetime)
        challenge = issue_code(
            purpose=Purpose.SIGNUP,
            participant=participant,
            recipients=registered_contacts(participant),
            lifetime_seconds=lifetime,
        )
        audit(
            action=PORTAL_SIGNUP.audit_action,
            outcome="success",
            channel=channel,
            participant_id=participant.pk,
            request=request,
            details={"code_sent": True},
        )
    # Where it went stays private: the answer must look like every other.
    return CodeChallenge(challenge.handle, challenge.purpose, challenge.expires_at)


def _create_account(
    row: OneTimeCode, password: str, channel: str, request: HttpRequest | None
) -> ParticipantAccount:
    participant = row.participant
    assert participant is not None  # a decoy's hash matches no code
    if ParticipantAccount.objects.filter(participant=participant).exists():
        raise JamsosError(errors.ACCOUNT_EXISTS)
    now = timezone.now()
    user = get_user_model()(
        username=_username(participant), is_staff=False, is_superuser=False, is_active=True
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            account = ParticipantAccount.objects.create(
                participant=participant,
                user=user,
                sessions_valid_after=now,
                password_changed_at=now,
                created_at=now,
            )
    except IntegrityError:
        raise JamsosError(errors.ACCOUNT_EXISTS) from None
    send_notice(
        participant,
        purpose="account.created",
        subject="Akun Jamsos dibuat / Jamsos account created",
        text=(
            "Akun Jamsos Anda telah dibuat. Jika bukan Anda yang mendaftar, segera hubungi "
            "pusat layanan. / Your Jamsos account was created. If you did not sign up, call "
            "the call centre at once."
        ),
    )
    audit(
        action="account.signup.complete",
        outcome="success",
        channel=channel,
        participant_id=participant.pk,
        request=request,
        account=account,
    )
    return account


def signup_complete(
    *,
    handle: str,
    code: str,
    password: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> ParticipantAccount:
    """Enter the sign-up code with a new password; returns the new account (not logged in).

    The password is checked first, so a weak one does not use up the code. Refusals:
    `PASSWORD_REJECTED`, `OTP_FORMAT`, `OTP_WRONG`, `OTP_EXPIRED`, `OTP_TOO_MANY_TRIES`,
    `ACCOUNT_EXISTS`.
    """
    check_channel(channel)
    check_password_rules(password)
    code = clean_code(code)
    with transaction.atomic():
        result = check_code(handle=handle, code=code, purpose=Purpose.SIGNUP)
        if result.ok:
            assert result.row is not None
            return _create_account(result.row, password, channel, request)
    if result.row is not None and result.row.participant_id is not None:
        audit(
            action="account.signup.code",
            outcome="denied",
            channel=channel,
            participant_id=result.row.participant_id,
            request=request,
            details={"check": str(result.outcome)},
        )
    raise result.error()


def signup_resume(
    *,
    nik: str,
    code: str,
    password: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> ParticipantAccount:
    """Finish a sign-up with the code an officer's step-up sent, entered with the NIK.

    Every failure is the same `OTP_INVALID` (after the format checks), and at most
    `RESUME_FAILURES_PER_NIK` failures per NIK per hour are looked at, so the form tells
    nothing about which NIKs have a code waiting.
    """
    check_channel(channel)
    nik = validate_nik(nik)
    check_password_rules(password)
    code = clean_code(code)
    enforce_client_limit(request)
    if not ratelimit.check(RESUME_FAILURES_PER_NIK, nik).allowed:
        raise JamsosError(errors.OTP_INVALID, field="code")
    result: CheckResult | None = None
    with transaction.atomic():
        participant = participant_by_nik(nik)
        row = (
            OneTimeCode.objects.filter(
                participant=participant,
                purpose=Purpose.SIGNUP,
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .order_by("-created_at", "-id")
            .first()
            if participant is not None
            else None
        )
        if row is not None:
            result = check_code(handle=row.handle, code=code, purpose=Purpose.SIGNUP)
            if result.ok:
                assert result.row is not None
                return _create_account(result.row, password, channel, request)
    ratelimit.hit(RESUME_FAILURES_PER_NIK, nik)
    if participant is not None:
        audit(
            action="account.signup.code",
            outcome="denied",
            channel=channel,
            participant_id=participant.pk,
            request=request,
            details={"check": str(result.outcome if result else Check.EXPIRED), "resume": True},
        )
    raise JamsosError(errors.OTP_INVALID, field="code")

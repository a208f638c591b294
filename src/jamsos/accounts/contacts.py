"""Changing the phone or e-mail on one's record, from inside the account.

Three steps, each bound to the one before by the code's stored target:
  1. the new value is given, and a code goes to the OLD contact of that kind (or, when
     the record has none of that kind, to the other one);
  2. that code proves the person; only then a second code goes to the new contact;
  3. that second code proves the new contact reaches them; the record changes, and the
     old contacts are told.
A person who no longer has the old contact asks for an officer step-up instead.
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
)
from jamsos.accounts.common import audit, check_channel, registered_contacts, send_notice
from jamsos.accounts.models import (
    ContactKind,
    ParticipantAccount,
    Purpose,
    StepUpKind,
    StepUpReason,
    StepUpRequest,
)
from jamsos.accounts.stepup import stepup_open
from jamsos.identity import is_mobile, normalise_email, normalise_phone
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant
from jamsos.registry.services import participant_change_contact


def _fresh(account: ParticipantAccount) -> Participant:
    return Participant.objects.get(pk=account.pk)


def _normalised(kind: ContactKind, value: str) -> str:
    if kind == ContactKind.PHONE:
        phone = normalise_phone(value, field="value")
        if not is_mobile(phone):
            raise JamsosError(errors.PHONE_NOT_MOBILE, field="value")
        return phone
    return normalise_email(value, field="value")


def _phone_of(contacts: list[tuple[str, str]]) -> str | None:
    return next((value for kind, value in contacts if kind == ContactKind.PHONE), None)


def contact_change_start(
    *,
    account: ParticipantAccount,
    kind: str,
    value: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> CodeChallenge:
    """Step 1: a code to the old contact, bound to the new `value` of `kind`.

    Refusals: malformed value, `PHONE_NOT_MOBILE`, `CONTACT_UNCHANGED`, `CONTACT_NO_OLD`
    (ask for a step-up), `OTP_LIMITED`.
    """
    check_channel(channel)
    contact_kind = ContactKind(kind)
    new_value = _normalised(contact_kind, value)
    participant = _fresh(account)
    current = participant.phone if contact_kind == ContactKind.PHONE else participant.email
    if current == new_value:
        raise JamsosError(errors.CONTACT_UNCHANGED, field="value")
    contacts = registered_contacts(participant)
    same_kind = [c for c in contacts if c[0] == contact_kind]
    old = (same_kind or contacts)[:1]
    if not old:
        raise JamsosError(errors.CONTACT_NO_OLD)
    enforce_code_limits(person_key=f"participant:{account.pk}", phone_key=_phone_of(old))
    with transaction.atomic():
        challenge = issue_code(
            purpose=Purpose.CONTACT_CHANGE,
            participant=participant,
            recipients=old,
            lifetime_seconds=config.code_seconds(),
            target_kind=contact_kind,
            target=new_value,
        )
        audit(
            action="account.contact.change_request",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            account=account,
            details={"kind": contact_kind.value},
        )
    return challenge


def contact_change_verify_old(
    *,
    account: ParticipantAccount,
    handle: str,
    code: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> CodeChallenge:
    """Step 2: the old contact's code; a second code then goes to the new contact."""
    check_channel(channel)
    code = clean_code(code)
    with transaction.atomic():
        result = check_code(
            handle=handle, code=code, purpose=Purpose.CONTACT_CHANGE, participant_id=account.pk
        )
        if result.ok:
            row = result.row
            assert row is not None and row.target
            new_phone = row.target if row.target_kind == ContactKind.PHONE else None
            enforce_code_limits(person_key=f"participant:{account.pk}", phone_key=new_phone)
            challenge = issue_code(
                purpose=Purpose.CONTACT_CONFIRM,
                participant=_fresh(account),
                recipients=[(row.target_kind, row.target)],
                lifetime_seconds=config.code_seconds(),
                target_kind=row.target_kind,
                target=row.target,
            )
            audit(
                action="account.contact.old_verified",
                outcome="success",
                channel=channel,
                participant_id=account.pk,
                request=request,
                account=account,
                details={"kind": row.target_kind},
            )
            return challenge
    audit(
        action="account.contact.code",
        outcome="denied",
        channel=channel,
        participant_id=account.pk,
        request=request,
        account=account,
        details={"check": str(result.outcome), "step": "old"},
    )
    raise result.error()


def contact_change_confirm_new(
    *,
    account: ParticipantAccount,
    handle: str,
    code: str,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> Participant:
    """Step 3: the new contact's code. The record changes; the old contacts are told."""
    check_channel(channel)
    code = clean_code(code)
    with transaction.atomic():
        result = check_code(
            handle=handle, code=code, purpose=Purpose.CONTACT_CONFIRM, participant_id=account.pk
        )
        if result.ok:
            row = result.row
            assert row is not None and row.target
            participant = _fresh(account)
            old_contacts = registered_contacts(participant)
            participant_change_contact(
                participant, kind=row.target_kind, value=row.target, verified_at=timezone.now()
            )
            what = "nomor ponsel / mobile number"
            if row.target_kind == ContactKind.EMAIL:
                what = "alamat email / e-mail address"
            send_notice(
                participant,
                purpose="account.contact_changed",
                subject="Kontak Jamsos diubah / Jamsos contact details changed",
                text=(
                    f"Data kontak akun Jamsos Anda diubah ({what}). Jika bukan Anda, segera "
                    "hubungi pusat layanan. / The contact details of your Jamsos account "
                    f"were changed ({what}). If it was not you, call the call centre at once."
                ),
                contacts=old_contacts,
            )
            audit(
                action="account.contact.changed",
                outcome="success",
                channel=channel,
                participant_id=account.pk,
                request=request,
                account=account,
                details={"kind": row.target_kind},
            )
            return participant
    audit(
        action="account.contact.code",
        outcome="denied",
        channel=channel,
        participant_id=account.pk,
        request=request,
        account=account,
        details={"check": str(result.outcome), "step": "new"},
    )
    raise result.error()


def contact_change_request_stepup(
    *, account: ParticipantAccount, channel: str = "portal", request: HttpRequest | None = None
) -> StepUpRequest:
    """The old contact is lost: an officer must check the person and set the new one."""
    check_channel(channel)
    with transaction.atomic():
        step_up = stepup_open(
            participant=_fresh(account),
            kind=StepUpKind.CONTACT_CHANGE,
            reason=StepUpReason.OLD_CONTACT_LOST,
            channel=channel,
        )
        audit(
            action="account.contact.step_up_request",
            outcome="success",
            channel=channel,
            participant_id=account.pk,
            request=request,
            account=account,
            details={"step_up": step_up.pk},
        )
    return step_up

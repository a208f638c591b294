"""The officer step-up: for people whose record has no usable contact to send a code to.

A sign-up whose phone differs from the record (or finds no phone on it), or a contact
change whose old contact is lost, leaves a pending request. An officer who has seen the
person's KTP at a branch, or verified a caller with the call-centre policy, approves it
and sets the contact; the system then sends the code (sign-up) or the notice (contact
change) there. The person never learns from the portal whether a request was made:
sign-up answers the same either way.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.accounts import config, errors
from jamsos.accounts.codes import issue_code
from jamsos.accounts.common import registered_contacts, send_notice
from jamsos.accounts.models import (
    ContactKind,
    ParticipantAccount,
    Purpose,
    StepUpEvidence,
    StepUpKind,
    StepUpRequest,
    StepUpStatus,
)
from jamsos.accounts.roles import staff_role
from jamsos.audit.services import record_event
from jamsos.identity import is_mobile, mask_email, mask_phone, normalise_email, normalise_phone
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant
from jamsos.registry.services import participant_change_contact

RESUME_TEXT_ID = "Lanjutkan di Portal Peserta: Daftar > Punya kode dari petugas?"
RESUME_TEXT_EN = "Continue in the participant portal: Sign up > Have a code from an officer?"


def stepup_open(*, participant: Participant, kind: str, reason: str, channel: str) -> StepUpRequest:
    """The pending request for this person and kind, opened now or seen again now."""
    now = timezone.now()
    pending = StepUpRequest.objects.filter(
        participant=participant, kind=kind, status=StepUpStatus.PENDING
    )
    existing = pending.first()
    if existing is not None:
        existing.last_requested_at = now
        existing.reason = reason
        existing.save(update_fields=["last_requested_at", "reason"])
        return existing
    try:
        with transaction.atomic():
            return StepUpRequest.objects.create(
                participant=participant,
                kind=kind,
                reason=reason,
                channel=channel,
                requested_at=now,
                last_requested_at=now,
            )
    except IntegrityError:
        # A concurrent request opened it first.
        return pending.get()


def _locked_pending(step_up: StepUpRequest) -> StepUpRequest:
    locked = (
        StepUpRequest.objects.select_for_update().select_related("participant").get(pk=step_up.pk)
    )
    if locked.status != StepUpStatus.PENDING:
        raise JamsosError(errors.STEPUP_NOT_PENDING)
    return locked


def _officer_event(
    officer: Any, action: str, step_up: StepUpRequest, request: HttpRequest | None, **details: Any
) -> None:
    record_event(
        actor=officer,
        actor_role=staff_role(officer)[:32],
        channel="backoffice",
        action=action,
        outcome="success",
        subject_participant_id=step_up.participant_id,
        purpose=step_up.note,
        request=request,
        details={"step_up": step_up.pk, "kind": step_up.kind, **details},
    )


def stepup_approve(
    *,
    step_up: StepUpRequest,
    officer: Any,
    evidence: str,
    phone: str = "",
    email: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> StepUpRequest:
    """Approve a pending step-up: set the contacts the officer checked, then act on them.

    Sign-up: a sign-up code goes to the new phone (and e-mail), valid
    `JAMSOS_OTP_STEPUP_SECONDS`; the person enters it with their NIK in the portal.
    Contact change: the old and the new contacts are told, and every session of the
    account ends.
    """
    evidence = StepUpEvidence(evidence).value
    phone_e164 = normalise_phone(phone, field="phone") if phone.strip() else ""
    email_normalised = normalise_email(email, field="email") if email.strip() else ""
    if phone_e164 and not is_mobile(phone_e164):
        raise JamsosError(errors.PHONE_NOT_MOBILE, field="phone")
    with transaction.atomic():
        step_up = _locked_pending(step_up)
        participant = step_up.participant
        if step_up.kind == StepUpKind.SIGNUP and not phone_e164:
            raise JamsosError(errors.STEPUP_PHONE_REQUIRED, field="phone")
        if not phone_e164 and not email_normalised:
            raise JamsosError(errors.STEPUP_PHONE_REQUIRED, field="phone")
        old_contacts = registered_contacts(participant)
        now = timezone.now()
        new_contacts = []
        if phone_e164:
            participant_change_contact(
                participant, kind=ContactKind.PHONE, value=phone_e164, verified_at=now
            )
            new_contacts.append((ContactKind.PHONE.value, phone_e164))
        if email_normalised:
            participant_change_contact(
                participant, kind=ContactKind.EMAIL, value=email_normalised, verified_at=now
            )
            new_contacts.append((ContactKind.EMAIL.value, email_normalised))
        step_up.status = StepUpStatus.APPROVED
        step_up.resolved_at = now
        step_up.resolved_by = officer
        step_up.evidence = evidence
        step_up.note = note.strip()[:500]
        step_up.save(update_fields=["status", "resolved_at", "resolved_by", "evidence", "note"])
        account = ParticipantAccount.objects.filter(participant=participant).first()
        if step_up.kind == StepUpKind.SIGNUP and account is None:
            issue_code(
                purpose=Purpose.SIGNUP,
                participant=participant,
                recipients=new_contacts,
                lifetime_seconds=config.stepup_code_seconds(),
                extra_text=f"{RESUME_TEXT_ID} / {RESUME_TEXT_EN}",
            )
        else:
            if account is not None:
                account.sessions_valid_after = now
                account.save(update_fields=["sessions_valid_after"])
            text = (
                "Data kontak Jamsos Anda telah diubah oleh petugas. Jika ini bukan permintaan "
                "Anda, segera hubungi pusat layanan. / Your Jamsos contact details were changed "
                "by an officer. If you did not ask for this, call the call centre at once."
            )
            every = old_contacts + [c for c in new_contacts if c not in old_contacts]
            send_notice(
                participant,
                purpose="account.contact_changed",
                text=text,
                subject="Kontak Jamsos diubah / Jamsos contact details changed",
                contacts=every,
            )
        _officer_event(
            officer,
            "account.stepup.approve",
            step_up,
            request,
            evidence=evidence,
            phone=mask_phone(phone_e164) if phone_e164 else "",
            email=mask_email(email_normalised) if email_normalised else "",
        )
    return step_up


def stepup_reject(
    *, step_up: StepUpRequest, officer: Any, note: str, request: HttpRequest | None = None
) -> StepUpRequest:
    with transaction.atomic():
        step_up = _locked_pending(step_up)
        step_up.status = StepUpStatus.REJECTED
        step_up.resolved_at = timezone.now()
        step_up.resolved_by = officer
        step_up.note = note.strip()[:500]
        step_up.save(update_fields=["status", "resolved_at", "resolved_by", "note"])
        _officer_event(officer, "account.stepup.reject", step_up, request)
    return step_up

"""Writes to the registry. Every function here is one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.audit.services import record_event
from jamsos.identity import (
    check_nik_against,
    kpj_from_serial,
    normalise_email,
    normalise_name,
    normalise_phone,
    npp_from_serial,
    validate_full_name,
    validate_nik,
)
from jamsos.ops.errors import JamsosError
from jamsos.registry import errors
from jamsos.registry.models import MANDATORY_PROGRAMS, PROGRAMS, Employer, Employment, Participant
from jamsos.registry.personal_data import email_index, nik_index, phone_index
from jamsos.registry.serials import next_serials

# How far ahead an employer may date a new employment (contracts signed before day one).
MAX_START_DAYS_AHEAD = 31


@dataclass(frozen=True)
class Actor:
    """Who is acting, for the audit log: a user (or None for the system) and their role."""

    user: object | None
    role: str
    channel: str
    label: str = ""


@dataclass(frozen=True)
class EnrolmentResult:
    participant: Participant
    employment: Employment
    participant_created: bool
    # The employer typed a name that does not match the registered one: same NIK, same
    # person, but the difference is worth a look (a correction request, not a new record).
    name_differs: bool


def issue_kpj() -> str:
    """The next membership number; patterned numbers are skipped, never issued."""
    while True:
        (serial,) = next_serials("kpj")
        kpj = kpj_from_serial(serial)
        if kpj is not None:
            return kpj


def issue_npp() -> str:
    while True:
        (serial,) = next_serials("npp")
        npp = npp_from_serial(serial)
        if npp is not None:
            return npp


def _check_programs(programs: list[str] | None) -> list[str]:
    chosen = list(PROGRAMS) if programs is None else [p.strip().upper() for p in programs]
    if any(p not in PROGRAMS for p in chosen) or any(p not in chosen for p in MANDATORY_PROGRAMS):
        raise JamsosError(
            errors.ENROL_PROGRAMS_INVALID, field="programs", programs=", ".join(chosen)
        )
    return [p for p in PROGRAMS if p in chosen]


def enrol_worker(
    *,
    employer: Employer,
    nik: str,
    full_name: str,
    birth_date: dt.date,
    sex: str,
    start_date: dt.date,
    wage: int,
    actor: Actor,
    phone: str | None = None,
    email: str | None = None,
    programs: list[str] | None = None,
    request: HttpRequest | None = None,
) -> EnrolmentResult:
    """Enrol a worker with an employer, creating the participant only if the NIK is new.

    One person, one participant: a NIK already in the registry gets the new employment
    linked to its existing participant. Two enrolments of one NIK racing on PostgreSQL
    meet at the unique blind index; the loser re-reads the winner's row.
    """
    nik = validate_nik(nik)
    check_nik_against(nik=nik, birth_date=birth_date, sex=sex)
    full_name = validate_full_name(full_name)
    phone_e164 = normalise_phone(phone) if phone else None
    email_normalised = normalise_email(email) if email else None
    chosen_programs = _check_programs(programs)
    if not isinstance(wage, int) or isinstance(wage, bool) or wage <= 0:
        raise JamsosError(errors.ENROL_WAGE_INVALID, field="wage")
    latest_start = timezone.localdate() + dt.timedelta(days=MAX_START_DAYS_AHEAD)
    if start_date < birth_date or start_date > latest_start:
        raise JamsosError(
            errors.ENROL_START_DATE_INVALID, field="start_date", days=MAX_START_DAYS_AHEAD
        )

    index = nik_index(nik)
    with transaction.atomic():
        participant = Participant.objects.filter(nik_index=index).first()
        created = False
        if participant is None:
            try:
                with transaction.atomic():
                    participant = Participant.objects.create(
                        kpj=issue_kpj(),
                        nik=nik,
                        nik_index=index,
                        full_name=full_name,
                        name_key=normalise_name(full_name),
                        birth_date=birth_date,
                        sex=sex,
                        phone=phone_e164,
                        phone_index=phone_index(phone_e164) if phone_e164 else None,
                        email=email_normalised,
                        email_index=email_index(email_normalised) if email_normalised else None,
                    )
                    created = True
            except IntegrityError:
                # Another enrolment of this NIK committed first: use its participant.
                participant = Participant.objects.get(nik_index=index)
        if not created and (participant.birth_date != birth_date or participant.sex != sex):
            raise JamsosError(errors.ENROL_IDENTITY_CONFLICT, field="nik")

        open_here = Employment.objects.filter(
            participant=participant, employer=employer, end_date__isnull=True
        ).first()
        if open_here is not None:
            raise JamsosError(
                errors.ENROL_ALREADY_EMPLOYED,
                field="nik",
                start_date=open_here.start_date.strftime("%d/%m/%Y"),
            )
        try:
            with transaction.atomic():
                employment = Employment.objects.create(
                    participant=participant,
                    employer=employer,
                    start_date=start_date,
                    wage=wage,
                    programs=chosen_programs,
                )
        except IntegrityError:
            # The same employer enrolled the same NIK twice at the same moment.
            open_here = Employment.objects.get(
                participant=participant, employer=employer, end_date__isnull=True
            )
            raise JamsosError(
                errors.ENROL_ALREADY_EMPLOYED,
                field="nik",
                start_date=open_here.start_date.strftime("%d/%m/%Y"),
            ) from None
        record_event(
            actor=actor.user,
            actor_role=actor.role,
            channel=actor.channel,
            action="participant.enrol",
            outcome="success",
            subject_participant_id=participant.pk,
            request=request,
            details={
                "employer_npp": employer.npp,
                "employment_id": employment.pk,
                "participant_created": created,
            },
        )
    return EnrolmentResult(
        participant=participant,
        employment=employment,
        participant_created=created,
        name_differs=not created and participant.name_key != normalise_name(full_name),
    )


def participant_change_contact(
    participant: Participant, *, kind: str, value: str, verified_at: dt.datetime
) -> None:
    """Record a proven contact: `kind` "phone" (E.164) or "email" (normalised), verified then.

    The registry owns these columns and their blind indexes; callers (sign-up, contact
    change, an officer's step-up) prove the contact and write their own audit row.
    """
    if kind == "phone":
        participant.phone = value
        participant.phone_index = phone_index(value)
        participant.phone_verified_at = verified_at
        fields = ["phone", "phone_index", "phone_verified_at", "updated_at"]
    elif kind == "email":
        participant.email = value
        participant.email_index = email_index(value)
        participant.email_verified_at = verified_at
        fields = ["email", "email_index", "email_verified_at", "updated_at"]
    else:
        raise ValueError(f"unknown contact kind {kind!r}")
    participant.save(update_fields=fields)

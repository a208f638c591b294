"""One identity-verification policy, used by every channel that answers about a person.

A policy says which factors a caller must get right, what a verified caller is told,
and under which action the look is audited. Channels differ in policy, not in code:
the public web form, the SMS `CEK` keyword and the call-centre console each have one
here, and all of them go through `verify`.

NIK, name and birth date identify; they do not prove (such data has leaked before).
That is why the web answer is limited to what the original public form showed, and why
stronger channels ask for something that is not printed on a KTP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from jamsos.identity import names_match, normalise_name, normalise_phone
from jamsos.registry.models import Participant
from jamsos.registry.selectors import membership_status, participant_by_nik


class Factor(StrEnum):
    NIK = "nik"
    BIRTH_DATE = "birth_date"
    FULL_NAME = "full_name"
    # The message came from the phone number registered (and verified) for the participant.
    REGISTERED_PHONE = "registered_phone"
    # Facts not printed on a KTP, asked by an agent.
    PHONE_LAST4 = "phone_last4"
    CURRENT_EMPLOYER = "current_employer"


class Reveal(StrEnum):
    KPJ = "kpj"
    NAME = "name"
    STATUS = "status"
    EMPLOYER = "employer"


@dataclass(frozen=True)
class VerificationPolicy:
    name: str
    channel: str
    required: frozenset[Factor]
    # At least one of these must also match (none needed when empty).
    one_of: frozenset[Factor] = frozenset()
    reveals: frozenset[Reveal] = frozenset()
    audit_action: str = "participant.lookup"


WEB_LOOKUP = VerificationPolicy(
    name="web_lookup",
    channel="web",
    required=frozenset({Factor.NIK, Factor.BIRTH_DATE, Factor.FULL_NAME}),
    reveals=frozenset({Reveal.KPJ, Reveal.NAME, Reveal.STATUS, Reveal.EMPLOYER}),
)
SMS_CEK = VerificationPolicy(
    name="sms_cek",
    channel="sms",
    required=frozenset({Factor.NIK, Factor.REGISTERED_PHONE}),
    reveals=frozenset({Reveal.KPJ, Reveal.STATUS}),
)
CALL_CENTRE = VerificationPolicy(
    name="call_centre",
    channel="cs",
    required=frozenset({Factor.NIK, Factor.BIRTH_DATE, Factor.FULL_NAME}),
    one_of=frozenset({Factor.PHONE_LAST4, Factor.CURRENT_EMPLOYER}),
    reveals=frozenset({Reveal.KPJ, Reveal.NAME, Reveal.STATUS, Reveal.EMPLOYER}),
    audit_action="participant.reveal",
)


@dataclass(frozen=True)
class Claims:
    """What the caller says about themselves. `nik` must already be a valid NIK."""

    nik: str
    birth_date: dt.date | None = None
    full_name: str | None = None
    sender_phone: str | None = None
    phone_last4: str | None = None
    employer_name: str | None = None


@dataclass(frozen=True)
class Verification:
    verified: bool
    # Set only when verified: a failed check never hands out the record it compared with.
    participant: Participant | None
    # For the audit row only, never shown to the caller: which factors failed, and the
    # record they were compared with (so its holder sees the attempt in their access log).
    failed: tuple[Factor, ...] = field(default=())
    compared_with_id: int | None = None


def _current_employer_names(participant: Participant, as_of: dt.date) -> list[str]:
    status = membership_status(participant, as_of=as_of)
    return [normalise_name(e.employer.name) for e in status.open_employments]


def _factor_holds(factor: Factor, claims: Claims, record: Participant, as_of: dt.date) -> bool:
    match factor:
        case Factor.NIK:
            return True  # the record was found by it
        case Factor.BIRTH_DATE:
            return claims.birth_date is not None and claims.birth_date == record.birth_date
        case Factor.FULL_NAME:
            return claims.full_name is not None and names_match(claims.full_name, record.full_name)
        case Factor.REGISTERED_PHONE:
            if not claims.sender_phone or not record.phone or record.phone_verified_at is None:
                return False
            return normalise_phone(claims.sender_phone) == record.phone
        case Factor.PHONE_LAST4:
            # Exactly four digits. This is something the caller knows (the number their
            # employer registered), not proof that they hold the phone, so an unverified
            # registered number counts here, unlike for the SMS channel.
            digits = (claims.phone_last4 or "").strip()
            if len(digits) != 4 or not digits.isdigit() or not record.phone:
                return False
            return record.phone.endswith(digits)
        case Factor.CURRENT_EMPLOYER:
            return bool(claims.employer_name) and normalise_name(
                claims.employer_name or ""
            ) in _current_employer_names(record, as_of)
    return False


def verify(policy: VerificationPolicy, claims: Claims, *, as_of: dt.date) -> Verification:
    """Check the claims against the registry under `policy`.

    Every factor is evaluated whatever happened before, and an unknown NIK costs the same
    one indexed read as a known one, so the failure paths cannot be told apart by timing.
    """
    record = participant_by_nik(claims.nik)
    if record is None:
        return Verification(verified=False, participant=None, failed=(Factor.NIK,))
    failed = tuple(
        f for f in sorted(policy.required) if not _factor_holds(f, claims, record, as_of)
    )
    if policy.one_of and not any(_factor_holds(f, claims, record, as_of) for f in policy.one_of):
        failed += tuple(sorted(policy.one_of))
    if failed:
        return Verification(
            verified=False, participant=None, failed=failed, compared_with_id=record.pk
        )
    return Verification(verified=True, participant=record, compared_with_id=record.pk)


@dataclass(frozen=True)
class MembershipAnswer:
    """What a verified caller is told; fields the policy does not reveal stay None."""

    kpj: str | None
    full_name: str | None
    active: bool | None
    last_paid_month: dt.date | None
    employer_name: str | None
    employer_city: str | None


def membership_answer(
    policy: VerificationPolicy, participant: Participant, *, as_of: dt.date
) -> MembershipAnswer:
    status = membership_status(participant, as_of=as_of)
    # The current employer is shown for active members only, as on the original form.
    employer = status.open_employments[-1].employer if status.active else None
    shows = policy.reveals.__contains__
    return MembershipAnswer(
        kpj=participant.kpj if shows(Reveal.KPJ) else None,
        full_name=participant.full_name if shows(Reveal.NAME) else None,
        active=status.active if shows(Reveal.STATUS) else None,
        last_paid_month=status.last_paid_month if shows(Reveal.STATUS) else None,
        employer_name=employer.name if employer and shows(Reveal.EMPLOYER) else None,
        employer_city=employer.city if employer and shows(Reveal.EMPLOYER) else None,
    )

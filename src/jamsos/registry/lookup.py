"""The membership look-up a worker does on the public web form.

Anti-automation lives here, beside the verification it protects, so that every
channel with the same policy gets the same limits: per client address, per NIK
(only failed matches count, and an exhausted NIK is closed for everyone until the
window ends, whether or not it exists), and overall. Every attempt writes one audit
row, success or not, so the failure paths do the same work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.audit.clients import client_address
from jamsos.audit.services import record_event
from jamsos.identity import mask_email, mask_phone
from jamsos.ops import ratelimit
from jamsos.registry.verification import (
    Claims,
    MembershipAnswer,
    VerificationPolicy,
    membership_answer,
    verify,
)


class Outcome(StrEnum):
    FOUND = "found"
    NO_MATCH = "no_match"
    LIMITED = "limited"


@dataclass(frozen=True)
class LookupResult:
    outcome: Outcome
    answer: MembershipAnswer | None = None
    retry_at: dt.datetime | None = None
    # Privacy mode: where the answer was sent, masked ("+62 ****-****-890"), or "" if nowhere.
    sent_to: str = ""


def _limit(scope: str, spec: str) -> ratelimit.Limit:
    hits, _, seconds = spec.partition("/")
    return ratelimit.Limit(scope=scope, max_hits=int(hits), window_seconds=int(seconds))


def _send_privately(
    participant_id: int, answer: MembershipAnswer, phone: str | None, email: str | None
) -> str:
    from jamsos.notify.services import queue_message

    text = (
        f"Nomor kepesertaan (KPJ) Anda: {answer.kpj}. "
        f"Your membership number (KPJ): {answer.kpj}. Jangan berikan kepada siapa pun."
    )
    if phone:
        queue_message(
            kind="sms",
            recipient=phone,
            body=text,
            participant_id=participant_id,
            purpose="lookup.kpj",
        )
        return mask_phone(phone)
    if email:
        queue_message(
            kind="email",
            recipient=email,
            subject="Nomor kepesertaan Anda / Your membership number",
            body=text,
            participant_id=participant_id,
            purpose="lookup.kpj",
        )
        return mask_email(email)
    return ""


def lookup_membership(
    *, policy: VerificationPolicy, claims: Claims, request: HttpRequest | None = None
) -> LookupResult:
    now = timezone.now()
    client = client_address(request) if request is not None else "local"
    for decision in (
        ratelimit.hit_spread(
            _limit("lookup.overall", settings.LOOKUP_LIMIT_OVERALL), "all", now=now
        ),
        ratelimit.hit(_limit("lookup.client", settings.LOOKUP_LIMIT_PER_CLIENT), client, now=now),
    ):
        if not decision.allowed:
            return LookupResult(Outcome.LIMITED, retry_at=decision.retry_at)
    per_nik = _limit("lookup.nik_failures", settings.LOOKUP_LIMIT_FAILURES_PER_NIK)
    nik_state = ratelimit.check(per_nik, claims.nik, now=now)
    if not nik_state.allowed:
        return LookupResult(Outcome.LIMITED, retry_at=nik_state.retry_at)

    as_of = timezone.localdate(now)
    with transaction.atomic():
        verification = verify(policy, claims, as_of=as_of)
        participant = verification.participant
        if participant is None:
            ratelimit.hit(per_nik, claims.nik, now=now)
            record_event(
                actor=None,
                actor_role="public",
                channel=policy.channel,
                action=policy.audit_action,
                outcome="not_found",
                subject_participant_id=verification.compared_with_id,
                request=request,
                details={"policy": policy.name, "failed": [str(f) for f in verification.failed]},
            )
            return LookupResult(Outcome.NO_MATCH)
        answer = membership_answer(policy, participant, as_of=as_of)
        sent_to = ""
        if not settings.LOOKUP_SHOWS_RESULT:
            sent_to = _send_privately(participant.pk, answer, participant.phone, participant.email)
        record_event(
            actor=None,
            actor_role="public",
            channel=policy.channel,
            action=policy.audit_action,
            outcome="success",
            subject_participant_id=participant.pk,
            request=request,
            details={"policy": policy.name, "shown_on_screen": settings.LOOKUP_SHOWS_RESULT},
        )
    if not settings.LOOKUP_SHOWS_RESULT:
        return LookupResult(Outcome.FOUND, sent_to=sent_to)
    return LookupResult(Outcome.FOUND, answer=answer)

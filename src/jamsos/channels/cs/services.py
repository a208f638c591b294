"""The console's two audited actions: checking who a caller is, and revealing their membership.

Matching is the registry's `CALL_CENTRE` policy, never ours: the agent types what the
caller says, and learns per question only whether it matched. A reveal writes its
audit row in the same transaction, before the answer is even computed, and is counted
against the agent's hourly limit; past it, reveals stop and supervisors hear of it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamsos.audit.services import record_event
from jamsos.channels.cs import config, errors
from jamsos.channels.cs.models import CallerCheck, ExtraQuestion, RevealLimitAlert
from jamsos.helpdesk import errors as helpdesk_errors
from jamsos.helpdesk.models import Status, Ticket
from jamsos.helpdesk.services import link_participant
from jamsos.helpdesk.staff import supervisors
from jamsos.identity import mask_nik
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError
from jamsos.registry.services import Actor
from jamsos.registry.verification import (
    CALL_CENTRE,
    Claims,
    Factor,
    MembershipAnswer,
    Verification,
    membership_answer,
    verify,
)

__all__ = [
    "AGENT_ROLE",
    "CHECK_VALID_FOR",
    "MAX_FAILED_CHECKS_PER_TICKET",
    "CallerAnswers",
    "RevealOutcome",
    "RevealReason",
    "RevealResult",
    "check_caller",
    "reveal_membership",
    "valid_check",
]

logger = logging.getLogger(__name__)

AGENT_ROLE = "cs_agent"
CHANNEL = "cs"
VERIFY_ACTION = "participant.verify"
REVEAL_ACTION = CALL_CENTRE.audit_action
# How long one passed check lets the agent reveal on the ticket: about one call.
CHECK_VALID_FOR = dt.timedelta(minutes=15)
# After this many failed checks the ticket is not checked again: the caller goes to a branch.
MAX_FAILED_CHECKS_PER_TICKET = 3
HOUR = 3600


class RevealReason(models.TextChoices):
    """Why the agent reveals; the code goes into the audit row's purpose after the ticket."""

    CALLER_ASKS_KPJ = "caller_asks_kpj", _("The caller asks for their membership number")
    CALLER_ASKS_STATUS = "caller_asks_status", _("The caller asks whether they are active")
    CALLER_ASKS_EMPLOYER = "caller_asks_employer", _("The caller asks which employer reported them")
    TICKET_FOLLOW_UP = "ticket_follow_up", _("Needed to work on this ticket")


@dataclass(frozen=True)
class CallerAnswers:
    """What the caller said, as the agent typed it. `nik` is already a valid NIK."""

    nik: str
    full_name: str
    birth_date: dt.date
    phone_last4: str = ""
    employer_name: str = ""

    @property
    def extra_question(self) -> ExtraQuestion:
        if self.phone_last4 and self.employer_name:
            return ExtraQuestion.BOTH
        return ExtraQuestion.PHONE_LAST4 if self.phone_last4 else ExtraQuestion.CURRENT_EMPLOYER


class RevealOutcome(StrEnum):
    REVEALED = "revealed"
    NOT_VERIFIED = "not_verified"
    LIMITED = "limited"


@dataclass(frozen=True)
class RevealResult:
    outcome: RevealOutcome
    answer: MembershipAnswer | None = None
    masked_nik: str = ""
    limit: int = 0
    retry_at: dt.datetime | None = None


def _actor(agent: Any) -> Actor:
    return Actor(user=agent, role=AGENT_ROLE, channel=CHANNEL)


def _require_handler(ticket: Ticket, agent: Any) -> None:
    """Only the agent on the call asks the questions and sees the answers."""
    if ticket.assigned_to_id != agent.pk:
        raise JamsosError(errors.CS_NOT_YOUR_TICKET)
    if ticket.status == Status.CLOSED:
        raise JamsosError(helpdesk_errors.TICKET_CLOSED, number=ticket.number)


def _wib(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def _per_question(verification: Verification) -> dict[str, bool | None]:
    """Matched or not, per question the agent asked; nothing is compared for an unknown NIK."""
    failed = set(verification.failed)
    if Factor.NIK in failed:
        return {"nik": False, "birth_date": None, "full_name": None, "extra": None}
    return {
        "nik": True,
        "birth_date": Factor.BIRTH_DATE not in failed,
        "full_name": Factor.FULL_NAME not in failed,
        # The policy needs one of the extra facts; it fails them only when none held.
        "extra": not failed & CALL_CENTRE.one_of,
    }


def check_caller(
    *,
    ticket: Ticket,
    agent: Any,
    answers: CallerAnswers,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> CallerCheck:
    """Compare the caller's answers under the CALL_CENTRE policy and record the outcome.

    Every check is audited, passed or failed, with the record it was compared with
    when the NIK is known, so its holder sees the attempt in their access log. A pass
    links the ticket to the participant. Raises `JamsosError` when the agent may not
    check (not their ticket, closed, too many failures, hourly limit).
    """
    now = now or timezone.now()
    _require_handler(ticket, agent)
    failures = CallerCheck.objects.filter(ticket=ticket, verified=False).count()
    if failures >= MAX_FAILED_CHECKS_PER_TICKET:
        raise JamsosError(errors.CS_TOO_MANY_FAILED_CHECKS, count=failures)
    limit = ratelimit.Limit("cs.checks", config.checks_per_hour(), HOUR)
    decision = ratelimit.hit(limit, str(agent.pk), now=now)
    if not decision.allowed:
        raise JamsosError(errors.CS_CHECK_LIMIT, limit=limit.max_hits, time=_wib(decision.retry_at))

    claims = Claims(
        nik=answers.nik,
        birth_date=answers.birth_date,
        full_name=answers.full_name,
        phone_last4=answers.phone_last4 or None,
        employer_name=answers.employer_name or None,
    )
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        verification = verify(CALL_CENTRE, claims, as_of=timezone.localdate(now))
        found = verification.participant
        # A ticket stays about one person: passing as someone else does not count here.
        other_subject = found is not None and locked.subject_participant_id not in (None, found.pk)
        verified = found is not None and not other_subject
        results = _per_question(verification)
        check = CallerCheck.objects.create(
            ticket=locked,
            agent=agent,
            checked_at=now,
            verified=verified,
            participant=found if verified else None,
            nik_matched=bool(results["nik"]),
            birth_date_matched=results["birth_date"],
            full_name_matched=results["full_name"],
            extra_question=answers.extra_question,
            extra_matched=results["extra"],
        )
        if verified:
            assert found is not None
            link_participant(ticket=locked, participant=found, actor=_actor(agent))
        if verified:
            outcome = "success"
        elif verification.compared_with_id is None:
            outcome = "not_found"
        else:
            outcome = "denied"
        record_event(
            actor=agent,
            actor_role=AGENT_ROLE,
            channel=CHANNEL,
            action=VERIFY_ACTION,
            outcome=outcome,
            subject_participant_id=verification.compared_with_id,
            purpose=f"{ticket.number} verify",
            request=request,
            details={
                "policy": CALL_CENTRE.name,
                "ticket": ticket.number,
                "check": check.pk,
                "failed": [str(factor) for factor in verification.failed],
                "other_subject": other_subject,
            },
        )
    if other_subject:
        raise JamsosError(helpdesk_errors.TICKET_SUBJECT_DIFFERS)
    return check


def valid_check(
    ticket: Ticket, agent: Any, *, now: dt.datetime | None = None
) -> CallerCheck | None:
    """The agent's latest check on the ticket, if it passed and is recent enough to reveal."""
    now = now or timezone.now()
    latest = (
        CallerCheck.objects.filter(
            ticket=ticket, agent=agent, checked_at__gte=now - CHECK_VALID_FOR
        )
        .select_related("participant")
        .order_by("-checked_at", "-id")
        .first()
    )
    return latest if latest is not None and latest.verified else None


def _alert_supervisors(agent: Any, decision: ratelimit.Decision, limit: ratelimit.Limit) -> None:
    """Once per agent and window, whatever the number of refused reveals."""
    window_start = decision.retry_at - dt.timedelta(seconds=limit.window_seconds)
    if RevealLimitAlert.objects.filter(agent=agent, window_start=window_start).exists():
        return
    try:
        with transaction.atomic():
            alert = RevealLimitAlert.objects.create(
                agent=agent,
                window_start=window_start,
                window_end=decision.retry_at,
                limit=limit.max_hits,
            )
    except IntegrityError:  # a concurrent refusal raised it first
        return
    username = agent.get_username()
    start, end = _wib(window_start), _wib(decision.retry_at)
    subject = f"Batas tampilan data tercapai: {username} / Reveal limit reached: {username}"
    body = (
        f"Agen {username} mencapai batas {limit.max_hits} tampilan data peserta per jam "
        f"({start}-{end} WIB). Tampilan berikutnya diblokir sampai {end} WIB. "
        "Lihat laporan di /cs/supervisor/.\n\n"
        f"Agent {username} reached the limit of {limit.max_hits} participant reveals per hour "
        f"({start}-{end} WIB). Further reveals are blocked until {end} WIB. "
        "See the report at /cs/supervisor/.\n"
    )
    from jamsos.notify.services import queue_message

    for supervisor in supervisors().exclude(email=""):
        try:
            queue_message(
                kind="email",
                recipient=supervisor.email,
                subject=subject,
                body=body,
                purpose="cs.reveal_limit",
                idempotency_key=f"cs.reveal_limit:{alert.pk}:{supervisor.pk}",
            )
        except JamsosError:
            # One supervisor's malformed address must not hide the alert from the others.
            logger.warning("cs: supervisor %s has an unusable e-mail address", supervisor.pk)


def reveal_membership(
    *,
    ticket: Ticket,
    agent: Any,
    reason: str,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> RevealResult:
    """Show a verified caller's membership to the agent handling the call.

    The audit row is written first, in the same transaction as everything else here;
    only then is the answer read. Refusals (no passed check, limit reached) are
    audited as "denied" and return no data.
    """
    if reason not in RevealReason.values:
        raise ValueError(f"unknown reveal reason {reason!r}")
    now = now or timezone.now()
    _require_handler(ticket, agent)
    purpose = f"{ticket.number} {reason}"
    details: dict[str, Any] = {"policy": CALL_CENTRE.name, "ticket": ticket.number}

    def audit(outcome: str, subject_id: int | None, **more: Any) -> None:
        record_event(
            actor=agent,
            actor_role=AGENT_ROLE,
            channel=CHANNEL,
            action=REVEAL_ACTION,
            outcome=outcome,
            subject_participant_id=subject_id,
            purpose=purpose,
            request=request,
            details={**details, **more},
        )

    with transaction.atomic():
        check = valid_check(ticket, agent, now=now)
        if check is None:
            audit("denied", ticket.subject_participant_id, refused="not_verified")
            return RevealResult(RevealOutcome.NOT_VERIFIED)
        limit = ratelimit.Limit("cs.reveals", config.reveals_per_hour(), HOUR)
        decision = ratelimit.hit(limit, str(agent.pk), now=now)
        if not decision.allowed:
            _alert_supervisors(agent, decision, limit)
            audit("denied", check.participant_id, refused="limit", check=check.pk)
            return RevealResult(
                RevealOutcome.LIMITED, limit=limit.max_hits, retry_at=decision.retry_at
            )
        audit(
            "success",
            check.participant_id,
            check=check.pk,
            reason=reason,
            revealed=sorted(str(item) for item in CALL_CENTRE.reveals),
        )
        participant = check.participant
        assert participant is not None
        answer = membership_answer(CALL_CENTRE, participant, as_of=timezone.localdate(now))
        masked = mask_nik(participant.nik)
    return RevealResult(RevealOutcome.REVEALED, answer=answer, masked_nik=masked)

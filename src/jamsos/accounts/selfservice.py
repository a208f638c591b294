"""What a logged-in participant may read about themselves, each look audited.

Every function takes the account (whose participant is the only one it reads), the
channel ("portal" or "api") and the request, and writes one access-log row with the
participant as actor. Results are plain dataclasses, so the web pages and the JSON API
render the same facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from jamsos.accounts.common import audit, check_channel
from jamsos.accounts.models import ParticipantAccount, StepUpRequest
from jamsos.audit.selectors import events_for_participant
from jamsos.contributions.selectors import ContributionMonth, contribution_history
from jamsos.helpdesk.models import Ticket
from jamsos.identity import mask_email, mask_nik, mask_phone
from jamsos.ledger.selectors import jht_balance, jht_statement, jp_contribution_months
from jamsos.notify.models import OutboxMessage
from jamsos.registry.models import Employment, Participant
from jamsos.registry.selectors import membership_status

_OFFICER_SALT = "jamsos.accounts.officer_pseudonym"
DEFAULT_HISTORY_MONTHS = 120


def _looked(
    account: ParticipantAccount,
    action: str,
    channel: str,
    request: HttpRequest | None,
    **details: Any,
) -> None:
    check_channel(channel)
    audit(
        action=action,
        outcome="success",
        channel=channel,
        participant_id=account.pk,
        request=request,
        account=account,
        details=details or None,
    )


# --- Profile -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmploymentLine:
    employer_name: str
    employer_npp: str
    employer_city: str
    start_date: dt.date
    end_date: dt.date | None
    current: bool


@dataclass(frozen=True)
class Profile:
    kpj: str
    full_name: str
    birth_date: dt.date
    masked_nik: str
    active: bool
    # "active", "no_open_employment" or "contributions_unpaid" (jamsos.registry.selectors).
    status_reason: str
    last_paid_month: dt.date | None
    employments: tuple[EmploymentLine, ...]
    masked_phone: str
    phone_verified: bool
    masked_email: str
    email_verified: bool
    sms_second_factor: bool


def _employments(participant: Participant, today: dt.date) -> tuple[EmploymentLine, ...]:
    rows = (
        Employment.objects.filter(participant=participant)
        .select_related("employer")
        .order_by("-start_date", "-id")
    )
    return tuple(
        EmploymentLine(
            employer_name=e.employer.name,
            employer_npp=e.employer.npp,
            employer_city=e.employer.city,
            start_date=e.start_date,
            end_date=e.end_date,
            current=e.start_date <= today and (e.end_date is None or e.end_date >= today),
        )
        for e in rows
    )


def participant_profile(
    *, account: ParticipantAccount, channel: str = "portal", request: HttpRequest | None = None
) -> Profile:
    participant = Participant.objects.get(pk=account.pk)
    today = timezone.localdate()
    status = membership_status(participant, as_of=today)
    _looked(account, "participant.profile.view", channel, request)
    return Profile(
        kpj=participant.kpj,
        full_name=participant.full_name,
        birth_date=participant.birth_date,
        masked_nik=mask_nik(participant.nik),
        active=status.active,
        status_reason=status.reason,
        last_paid_month=status.last_paid_month,
        employments=_employments(participant, today),
        masked_phone=mask_phone(participant.phone) if participant.phone else "",
        phone_verified=participant.phone_verified_at is not None,
        masked_email=mask_email(participant.email) if participant.email else "",
        email_verified=participant.email_verified_at is not None,
        sms_second_factor=account.sms_second_factor,
    )


# --- JHT balance and contributions ---------------------------------------------------------


@dataclass(frozen=True)
class StatementEntry:
    value_date: dt.date
    kind: str  # jamsos.ledger.models.EntryKind
    amount: int


@dataclass(frozen=True)
class YearStatement:
    year: int
    opening: int
    contributions: int
    returns: int
    withdrawals: int
    closing: int
    entries: tuple[StatementEntry, ...]


@dataclass(frozen=True)
class Balance:
    balance: int
    as_of: dt.datetime
    statement: YearStatement
    years: tuple[int, ...]  # newest first: the years a statement can be asked for


def _years(participant: Participant, today: dt.date) -> tuple[int, ...]:
    first = (
        Employment.objects.filter(participant=participant)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    start = first.year if first is not None else today.year
    return tuple(range(today.year, min(start, today.year) - 1, -1))


def participant_balance(
    *,
    account: ParticipantAccount,
    year: int | None = None,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> Balance:
    """The JHT balance now, and the statement of `year` (this year when None, or when
    outside the years the person has been a member)."""
    participant = Participant.objects.get(pk=account.pk)
    today = timezone.localdate()
    years = _years(participant, today)
    chosen = year if year in years else years[0]
    statement = jht_statement(participant, chosen)
    _looked(account, "participant.balance.view", channel, request, year=chosen)
    return Balance(
        balance=jht_balance(participant),
        as_of=timezone.now(),
        statement=YearStatement(
            year=statement.year,
            opening=statement.opening,
            contributions=statement.contributions,
            returns=statement.returns,
            withdrawals=statement.withdrawals,
            closing=statement.closing,
            entries=tuple(
                StatementEntry(value_date=e.value_date, kind=e.kind, amount=e.amount)
                for e in statement.entries
            ),
        ),
        years=years,
    )


@dataclass(frozen=True)
class MonthTotal:
    month: dt.date
    jht: int
    total: int


@dataclass(frozen=True)
class Contributions:
    lines: tuple[ContributionMonth, ...]  # newest first, one per month and employer
    months: tuple[MonthTotal, ...]  # oldest first, the months the lines cover


def participant_contributions(
    *,
    account: ParticipantAccount,
    months: int = DEFAULT_HISTORY_MONTHS,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> Contributions:
    """Contributions per month and employer, newest first, at most `months` lines."""
    participant = Participant.objects.get(pk=account.pk)
    lines = tuple(contribution_history(participant, limit=max(1, months)))
    totals: dict[dt.date, list[int]] = {}
    for line in lines:
        jht, total = totals.setdefault(line.month, [0, 0])
        totals[line.month] = [jht + line.jht, total + line.total]
    _looked(account, "participant.contributions.view", channel, request)
    return Contributions(
        lines=lines,
        months=tuple(MonthTotal(m, *totals[m]) for m in sorted(totals)),
    )


# --- My data access log --------------------------------------------------------------------

ACTION_LABELS = {
    "participant.lookup": _("Membership look-up"),
    "participant.reveal": _("Membership details told to a caller"),
    "participant.view": _("Record opened in the back office"),
    "participant.enrol": _("Enrolment by an employer"),
    "participant.profile.view": _("Profile viewed"),
    "participant.balance.view": _("JHT balance viewed"),
    "participant.contributions.view": _("Contributions viewed"),
    "participant.access_log.view": _("Access log viewed"),
    "participant.data.export": _("All data downloaded"),
    "account.signup.request": _("Sign-up requested"),
    "account.signup.complete": _("Account created"),
    "account.signup.code": _("Wrong sign-up code"),
    "account.login": _("Log-in"),
    "account.login.password": _("Password accepted, SMS code sent"),
    "account.login.code": _("Wrong log-in code"),
    "account.reset.request": _("Password reset requested"),
    "account.reset": _("Password reset"),
    "account.reset.code": _("Wrong reset code"),
    "account.password.change": _("Password change"),
    "account.second_factor": _("SMS code at log-in turned on or off"),
    "account.contact.change_request": _("Contact change requested"),
    "account.contact.old_verified": _("Contact change: old contact confirmed"),
    "account.contact.changed": _("Contact details changed"),
    "account.contact.code": _("Wrong contact-change code"),
    "account.contact.step_up_request": _("Officer check requested"),
    "account.stepup.approve": _("Officer check approved"),
    "account.stepup.reject": _("Officer check rejected"),
}
ACTOR_LABELS = {
    "self": _("You"),
    "public": _("Someone using a public service"),
    "participant": _("Participant"),
    "system": _("The system"),
    "operator": _("System operator"),
    "cs_agent": _("Call-centre agent"),
    "supervisor": _("Supervisor"),
    "branch_officer": _("Branch officer"),
    "claims_officer": _("Claims officer"),
    "employer_admin": _("Your employer"),
    "employer": _("Your employer"),
    "officer": _("Officer"),
}
CHANNEL_LABELS = {
    "web": _("Website"),
    "portal": _("Participant portal"),
    "api": _("Mobile app"),
    "sms": _("SMS"),
    "cs": _("Call centre"),
    "employer": _("Employer portal"),
    "backoffice": _("Back office"),
    "cli": _("Command line"),
    "system": _("System"),
}
OUTCOME_LABELS = {
    "success": _("Done"),
    "denied": _("Refused"),
    "not_found": _("Did not match"),
    "error": _("Error"),
}


@dataclass(frozen=True)
class AccessLogEntry:
    occurred_at: dt.datetime
    channel: str
    actor_kind: str  # a key of ACTOR_LABELS
    # A stable pseudonym for an officer ("A3F09C"): the same officer, the same letters;
    # never their name. Empty for everyone else.
    officer: str
    action: str
    outcome: str

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS.get(self.channel, self.channel))

    @property
    def actor_label(self) -> str:
        return str(ACTOR_LABELS.get(self.actor_kind, ACTOR_LABELS["officer"]))

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, _("Access to your data")))

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS.get(self.outcome, self.outcome))


@dataclass(frozen=True)
class AccessLogPage:
    entries: tuple[AccessLogEntry, ...]
    page: int
    pages: int
    total: int


def _actor_kind(actor_id: int | None, role: str, own_user_id: int) -> str:
    if actor_id is not None and actor_id == own_user_id:
        return "self"
    for part in role.split(","):
        if part in ACTOR_LABELS and part != "self":
            return part
    return "officer" if actor_id is not None else (role if role in ACTOR_LABELS else "public")


def _pseudonym(actor_id: int) -> str:
    return salted_hmac(_OFFICER_SALT, str(actor_id), algorithm="sha256").hexdigest()[:6].upper()


def _entry(event: Any, own_user_id: int) -> AccessLogEntry:
    kind = _actor_kind(event.actor_id, event.actor_role, own_user_id)
    officer = _pseudonym(event.actor_id) if event.actor_id and kind != "self" else ""
    return AccessLogEntry(
        occurred_at=event.occurred_at,
        channel=event.channel,
        actor_kind=kind,
        officer=officer,
        action=event.action,
        outcome=event.outcome,
    )


def participant_access_log(
    *,
    account: ParticipantAccount,
    page: int = 1,
    per_page: int = 50,
    channel: str = "portal",
    request: HttpRequest | None = None,
) -> AccessLogPage:
    """Every recorded access to the person's data, newest first, officers masked."""
    # Recorded first, so this look appears in the list it shows. The page number is caller
    # input of any size; a 16-digit one would look like a NIK to the audit log's guard.
    _looked(
        account, "participant.access_log.view", channel, request, page=min(max(page, 1), 999_999)
    )
    events = events_for_participant(account.pk).only(
        "occurred_at", "channel", "actor_id", "actor_role", "action", "outcome"
    )
    paginator = Paginator(events, max(1, min(per_page, 200)))
    current = paginator.get_page(page)
    own = account.user_id
    return AccessLogPage(
        entries=tuple(_entry(e, own) for e in current.object_list),
        page=current.number,
        pages=paginator.num_pages,
        total=paginator.count,
    )


# --- Download all my data ------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def participant_data_export(
    *, account: ParticipantAccount, channel: str = "portal", request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything held about the person, as plain JSON data (their right of access).

    Their own NIK, phone and e-mail appear in full: it is their data, delivered to their
    own session. Officers in the access log stay pseudonyms.
    """
    _looked(account, "participant.data.export", channel, request)
    participant = Participant.objects.get(pk=account.pk)
    today = timezone.localdate()
    status = membership_status(participant, as_of=today)
    history = contribution_history(participant)
    balance = _balance_data(participant)
    events = events_for_participant(account.pk).only(
        "occurred_at", "channel", "actor_id", "actor_role", "action", "outcome"
    )
    return {
        "generated_at": timezone.now().isoformat(),
        "participant": {
            "kpj": participant.kpj,
            "nik": participant.nik,
            "full_name": participant.full_name,
            "birth_date": _date(participant.birth_date),
            "sex": participant.sex,
            "phone": participant.phone,
            "phone_verified_at": _iso(participant.phone_verified_at),
            "email": participant.email,
            "email_verified_at": _iso(participant.email_verified_at),
            "registered_at": _iso(participant.created_at),
        },
        "membership": {
            "active": status.active,
            "reason": status.reason,
            "last_paid_month": _date(status.last_paid_month),
            "as_of": today.isoformat(),
        },
        "employments": [
            {
                "employer": line.employer_name,
                "npp": line.employer_npp,
                "city": line.employer_city,
                "start_date": _date(line.start_date),
                "end_date": _date(line.end_date),
            }
            for line in _employments(participant, today)
        ],
        "contributions": [
            {
                "month": line.month.strftime("%Y-%m"),
                "employer_npp": line.employer_npp,
                "employer": line.employer_name,
                "wage": line.wage,
                "jkk": line.jkk,
                "jkm": line.jkm,
                "jht_employer": line.jht_employer,
                "jht_worker": line.jht_worker,
                "jp_employer": line.jp_employer,
                "jp_worker": line.jp_worker,
                "total": line.total,
                "invoice": line.invoice_number,
                "status": line.status,
                "settled_on": _date(line.settled_on),
            }
            for line in history
        ],
        "jht": balance,
        "jp_months": [
            {"month": m.month.strftime("%Y-%m"), "wage_base": m.wage_base, "amount": m.amount}
            for m in jp_contribution_months(participant)
        ],
        "account": {
            "created_at": _iso(account.created_at),
            "last_login": _iso(account.user.last_login),
            "password_changed_at": _iso(account.password_changed_at),
            "sms_second_factor": account.sms_second_factor,
        },
        "tickets": [
            {
                "number": t.number,
                "category": t.category,
                "status": t.status,
                "summary": t.summary,
                "opened_at": _iso(t.opened_at),
                "closed_at": _iso(t.closed_at),
            }
            for t in Ticket.objects.of_participant(participant.pk)
        ],
        "messages_sent": [
            {
                "at": _iso(m.created_at),
                "kind": m.kind,
                "to": m.masked_recipient,
                "purpose": m.purpose,
                "status": m.status,
            }
            for m in OutboxMessage.objects.filter(participant_id=participant.pk).order_by("id")
        ],
        "step_up_requests": [
            {
                "kind": s.kind,
                "reason": s.reason,
                "status": s.status,
                "requested_at": _iso(s.requested_at),
                "resolved_at": _iso(s.resolved_at),
            }
            for s in StepUpRequest.objects.filter(participant=participant).order_by("id")
        ],
        "access_log": [
            {
                "at": _iso(entry.occurred_at),
                "channel": entry.channel,
                "by": entry.actor_kind,
                "officer": entry.officer,
                "action": entry.action,
                "outcome": entry.outcome,
            }
            for entry in (_entry(e, account.user_id) for e in events)
        ],
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _balance_data(participant: Participant) -> dict[str, Any]:
    """The JHT account for the export: balance, and every year's statement with entries."""
    today = timezone.localdate()
    statements = []
    for year in reversed(_years(participant, today)):
        statement = jht_statement(participant, year)
        statements.append(
            {
                "year": year,
                "opening": statement.opening,
                "contributions": statement.contributions,
                "returns": statement.returns,
                "withdrawals": statement.withdrawals,
                "closing": statement.closing,
                "entries": [
                    {"value_date": _date(e.value_date), "kind": e.kind, "amount": e.amount}
                    for e in statement.entries
                ],
            }
        )
    return {"balance": jht_balance(participant), "statements": statements}

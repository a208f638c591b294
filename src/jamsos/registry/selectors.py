"""Reads from the registry. Membership status is derived here, never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from jamsos.contributions.selectors import last_paid_month
from jamsos.programs.parameters import inactive_after_unpaid_months
from jamsos.registry.models import Employment, Participant
from jamsos.registry.personal_data import nik_index


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


@dataclass(frozen=True)
class MembershipStatus:
    active: bool
    # Why, in a stable code: "active", "no_open_employment", "contributions_unpaid".
    reason: str
    last_paid_month: dt.date | None
    open_employments: tuple[Employment, ...]


def open_employments_q(as_of: dt.date) -> Q:
    return Q(start_date__lte=as_of) & (Q(end_date__isnull=True) | Q(end_date__gte=as_of))


def membership_status(participant: Participant, *, as_of: dt.date) -> MembershipStatus:
    """Active means: employed on `as_of`, and contributions paid recently enough.

    "Recently enough" is the agency's parameter `inactive_after_unpaid_months` (N): the
    latest paid month, or the month before employment began if nothing is due yet, may lie
    at most N months before the month of `as_of`. So a worker enrolled this month is
    active at once, and one whose employer stopped paying turns inactive after N months.
    """
    employments = tuple(
        Employment.objects.filter(open_employments_q(as_of), participant=participant)
        .select_related("employer")
        .order_by("start_date")
    )
    # Paid means: the employer's invoice for the month was settled by `as_of`.
    last_paid = last_paid_month(participant, as_of=as_of)
    if not employments:
        return MembershipStatus(False, "no_open_employment", last_paid, employments)
    started = first_of_month(min(e.start_date for e in employments))
    month_before_start = (started - dt.timedelta(days=1)).replace(day=1)
    covered_until = max(filter(None, [last_paid, month_before_start]))
    allowed_gap = inactive_after_unpaid_months(as_of)
    if months_between(covered_until, first_of_month(as_of)) > allowed_gap:
        return MembershipStatus(False, "contributions_unpaid", last_paid, employments)
    return MembershipStatus(True, "active", last_paid, employments)


def participant_by_nik(nik: str) -> Participant | None:
    """Exact look-up through the blind index. The caller validates the NIK and audits."""
    return Participant.objects.filter(nik_index=nik_index(nik)).first()

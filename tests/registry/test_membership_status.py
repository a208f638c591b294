import datetime as dt

import pytest

from jamsos.registry.models import Employment
from jamsos.registry.selectors import membership_status
from tests.contributions.support import pay, report
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

TODAY = dt.date(2026, 11, 25)


def pay_month(employment: Employment, month: dt.date, paid_on: dt.date | None) -> None:
    """The employer reports `month`'s wage and, unless paid_on is None, pays it that day."""
    invoice = report(employment.employer, [employment], month=month).invoice
    if paid_on is not None:
        pay(invoice, paid_on=paid_on)


@pytest.fixture
def employment(db):
    return enrol(make_employer(), make_nik(), start_date=dt.date(2025, 1, 6)).employment


def test_a_worker_with_recent_paid_contributions_is_active(employment):
    pay_month(employment, dt.date(2026, 10, 1), dt.date(2026, 11, 10))

    status = membership_status(employment.participant, as_of=TODAY)
    assert status.active
    assert status.last_paid_month == dt.date(2026, 10, 1)


def test_a_worker_whose_employer_stopped_paying_turns_inactive(employment):
    pay_month(employment, dt.date(2026, 6, 1), dt.date(2026, 7, 10))
    pay_month(employment, dt.date(2026, 7, 1), None)

    status = membership_status(employment.participant, as_of=TODAY)
    assert not status.active
    assert status.reason == "contributions_unpaid"


def test_a_partly_paid_month_is_not_paid(employment):
    invoice = report(employment.employer, [employment], month=dt.date(2026, 10, 1)).invoice
    pay(invoice, amount=invoice.amount - 1, paid_on=dt.date(2026, 11, 10))

    assert membership_status(employment.participant, as_of=TODAY).last_paid_month is None


def test_a_worker_enrolled_this_month_is_active_before_anything_is_due(db):
    fresh = enrol(make_employer(), make_nik(), start_date=dt.date(2026, 11, 2)).employment
    assert membership_status(fresh.participant, as_of=TODAY).active


def test_a_worker_whose_employment_ended_is_inactive_even_if_paid(employment):
    pay_month(employment, dt.date(2026, 10, 1), dt.date(2026, 11, 10))
    employment.end_date = dt.date(2026, 10, 31)
    employment.end_reason = "resigned"
    employment.save(update_fields=["end_date", "end_reason"])

    status = membership_status(employment.participant, as_of=TODAY)
    assert not status.active
    assert status.reason == "no_open_employment"


def test_a_payment_made_after_the_reference_date_does_not_count_yet(employment):
    pay_month(employment, dt.date(2026, 10, 1), dt.date(2026, 11, 20))
    status = membership_status(employment.participant, as_of=dt.date(2026, 11, 19))
    assert status.last_paid_month is None

import datetime as dt
import zoneinfo

import pytest

from jamsos.helpdesk.models import Category, Origin, Priority
from jamsos.helpdesk.services import open_ticket
from jamsos.helpdesk.sla import SLA_HOURS, sla_deadline
from tests.helpdesk.cast import as_agent

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
OPENED = dt.datetime(2026, 11, 25, 10, 0, tzinfo=WIB)


def test_every_category_has_a_deadline_for_every_priority():
    assert set(SLA_HOURS) == {(c, p) for c in Category.values for p in Priority.values}


def test_a_more_urgent_ticket_never_gets_more_time_than_a_less_urgent_one():
    order = [Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW]
    for category in Category.values:
        hours = [SLA_HOURS[(category, priority)] for priority in order]
        assert hours == sorted(hours), category


@pytest.mark.parametrize(
    ("category", "priority", "due"),
    [
        (Category.MEMBERSHIP_NUMBER, Priority.URGENT, dt.datetime(2026, 11, 25, 14, 0, tzinfo=WIB)),
        (Category.MEMBERSHIP_NUMBER, Priority.NORMAL, dt.datetime(2026, 11, 26, 10, 0, tzinfo=WIB)),
        (Category.CLAIM, Priority.NORMAL, dt.datetime(2026, 11, 28, 10, 0, tzinfo=WIB)),
        (Category.DATA_CORRECTION, Priority.LOW, dt.datetime(2026, 12, 5, 10, 0, tzinfo=WIB)),
        (Category.EMPLOYER_COMPLAINT, Priority.LOW, dt.datetime(2026, 12, 9, 10, 0, tzinfo=WIB)),
    ],
)
def test_the_deadline_comes_from_the_category_and_priority(category, priority, due):
    assert sla_deadline(category=category, priority=priority, opened_at=OPENED) == due


def test_an_opened_ticket_carries_its_deadline(agent):
    ticket = open_ticket(
        category=Category.BALANCE,
        origin=Origin.CALL,
        priority=Priority.HIGH,
        actor=as_agent(agent),
        now=OPENED,
    )
    ticket.refresh_from_db()

    assert ticket.sla_due_at == OPENED + dt.timedelta(hours=24)
    assert not ticket.is_overdue(now=OPENED + dt.timedelta(hours=23))
    assert ticket.is_overdue(now=OPENED + dt.timedelta(hours=25))

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsos.helpdesk.models import Category, Origin, Priority, Status, StatusChange, Ticket
from jamsos.helpdesk.selectors import agent_queue
from jamsos.helpdesk.services import add_note, assign, open_ticket
from jamsos.ops.errors import JamsosError
from tests.helpdesk.cast import as_agent, make_staff
from tests.registry.test_enrolment import run_at_once

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def call(agent, **overrides):
    values = {
        "category": Category.MEMBERSHIP_NUMBER,
        "origin": Origin.CALL,
        "actor": as_agent(agent),
        "assigned_to": agent,
        "caller_name": "Budi",
    }
    values.update(overrides)
    return open_ticket(**values)


def test_a_ticket_number_is_the_year_and_a_six_digit_serial(agent):
    first = call(agent, now=dt.datetime(2026, 3, 1, 9, 0, tzinfo=WIB))
    second = call(agent, now=dt.datetime(2026, 3, 1, 9, 5, tzinfo=WIB))

    assert first.number == "T-2026-000001"
    assert second.number == "T-2026-000002"
    assert re.fullmatch(r"T-\d{4}-\d{6}", first.number)


def test_numbers_start_again_at_one_in_a_new_year_of_jakarta_time(agent):
    call(agent, now=dt.datetime(2026, 12, 31, 23, 30, tzinfo=WIB))
    # 17:30 UTC on 31 December is already New Year's Day in Jakarta.
    new_year = call(agent, now=dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC))

    assert new_year.number == "T-2027-000001"


def test_opening_a_ticket_records_who_opened_it_as_its_first_status_row(agent):
    ticket = call(agent)

    (opening,) = StatusChange.objects.filter(ticket=ticket)
    assert (opening.from_status, opening.to_status) == ("", Status.OPEN)
    assert opening.changed_by == agent and opening.changed_by_label == "agen"
    assert ticket.opened_by == agent and ticket.assigned_to == agent


@pytest.mark.parametrize("who", ["outsider", "supervisor"])
def test_a_ticket_can_only_be_assigned_to_a_call_centre_agent(agent, who, request):
    ticket = call(agent, assigned_to=None)
    someone = request.getfixturevalue(who)

    with pytest.raises(JamsosError) as refusal:
        assign(ticket=ticket, assignee=someone, actor=as_agent(agent))
    assert refusal.value.code == "TICKET_ASSIGNEE_NOT_AGENT"
    with pytest.raises(JamsosError):
        call(agent, assigned_to=someone)


def test_an_inactive_agent_is_not_given_tickets(agent, second_agent):
    second_agent.is_active = False
    second_agent.save(update_fields=["is_active"])
    with pytest.raises(JamsosError):
        assign(ticket=call(agent), assignee=second_agent, actor=as_agent(agent))


def test_a_ticket_given_back_returns_to_the_shared_queue(agent, second_agent):
    ticket = call(agent)

    assign(ticket=ticket, assignee=None, actor=as_agent(agent))

    assert ticket in agent_queue(second_agent)


def test_an_agent_s_queue_holds_their_own_and_unassigned_tickets_but_not_a_colleague_s(
    agent, second_agent
):
    mine = call(agent)
    nobodys = call(agent, assigned_to=None)
    theirs = call(second_agent, assigned_to=second_agent)
    finished = call(agent)
    Ticket.objects.filter(pk=finished.pk).update(status=Status.RESOLVED)

    assert set(agent_queue(agent)) == {mine, nobodys}
    assert set(agent_queue(second_agent)) == {theirs, nobodys}


def test_the_queue_is_read_in_a_fixed_number_of_queries(agent):
    for _ in range(3):
        call(agent)
    with CaptureQueriesContext(connection) as few:
        list(agent_queue(agent))
    for _ in range(10):
        call(agent, assigned_to=None)
    with CaptureQueriesContext(connection) as many:
        tickets = list(agent_queue(agent))
        [ticket.assigned_to for ticket in tickets]

    assert len(many) == len(few)


def test_the_queue_puts_the_earliest_deadline_first(agent):
    relaxed = call(agent, category=Category.EMPLOYER_COMPLAINT, priority=Priority.LOW)
    urgent = call(agent, priority=Priority.URGENT)

    assert list(agent_queue(agent)) == [urgent, relaxed]


def test_staff_outside_the_call_centre_see_no_tickets(agent, outsider, supervisor):
    ticket = call(agent)

    assert not Ticket.objects.visible_to(outsider).exists()
    assert list(Ticket.objects.visible_to(supervisor)) == [ticket]


def test_a_note_is_kept_with_its_author(agent):
    ticket = call(agent)

    note = add_note(ticket=ticket, text="  Penelepon menanyakan KPJ.  ", actor=as_agent(agent))

    assert note.text == "Penelepon menanyakan KPJ."
    assert (note.author, note.author_label) == (agent, "agen")


@pytest.mark.parametrize(
    "text",
    [
        "NIK penelepon 3171011705900001",
        "NIK 3171 0117 0590 0001",
        "hubungi 0812-3456-7890",
        "call +6281234567890 back",
        "kirim ke budi.santoso@example.com",
    ],
)
def test_a_note_with_a_nik_phone_number_or_e_mail_address_is_refused(agent, text):
    ticket = call(agent)

    with pytest.raises(JamsosError) as refusal:
        add_note(ticket=ticket, text=text, actor=as_agent(agent))
    assert refusal.value.code == "TICKET_TEXT_HAS_PERSONAL_DATA"
    assert refusal.value.field == "text"
    assert not ticket.notes.exists()


def test_an_empty_or_overlong_note_is_refused(agent):
    ticket = call(agent)
    for text, code in (("   ", "TICKET_TEXT_EMPTY"), ("x" * 2001, "TICKET_TEXT_TOO_LONG")):
        with pytest.raises(JamsosError) as refusal:
            add_note(ticket=ticket, text=text, actor=as_agent(agent))
        assert refusal.value.code == code


def test_a_summary_with_a_nik_is_refused_and_no_ticket_is_opened(agent):
    with pytest.raises(JamsosError) as refusal:
        call(agent, summary="NIK 3171011705900001")
    assert refusal.value.field == "summary"
    assert not Ticket.objects.exists()


def test_an_unknown_category_is_refused_with_its_code(agent):
    with pytest.raises(JamsosError) as refusal:
        call(agent, category="lottery")
    assert refusal.value.code == "TICKET_CATEGORY_UNKNOWN"


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_tickets_opened_at_the_same_moment_get_different_numbers():
    agent = make_staff("agen", "cs_agent")

    numbers = run_at_once(lambda _: call(agent).number, list(range(8)))

    assert all(isinstance(number, str) for number in numbers), numbers
    assert len(set(numbers)) == 8
    assert sorted(numbers)[-1].endswith("000008")

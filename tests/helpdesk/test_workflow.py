import pytest
from django.db import IntegrityError, transaction

from jamsos.helpdesk.models import Category, Origin, Status, StatusChange, Ticket
from jamsos.helpdesk.services import add_note, assign, change_status, open_ticket
from jamsos.helpdesk.workflow import TRANSITIONS, allowed_next
from jamsos.ops.errors import JamsosError
from tests.helpdesk.cast import as_agent

ALLOWED = sorted((a, b) for a, targets in TRANSITIONS.items() for b in targets)
REFUSED = sorted((a, b) for a in Status.values for b in Status.values if b not in TRANSITIONS[a])


def ticket_in(status, agent):
    ticket = open_ticket(
        category=Category.CLAIM, origin=Origin.CALL, actor=as_agent(agent), assigned_to=agent
    )
    # Walk a legal path to the wanted status, as the console would.
    path = {
        Status.OPEN: [],
        Status.IN_PROGRESS: [Status.IN_PROGRESS],
        Status.WAITING_FOR_CALLER: [Status.WAITING_FOR_CALLER],
        Status.RESOLVED: [Status.RESOLVED],
        Status.CLOSED: [Status.CLOSED],
    }[status]
    for step in path:
        ticket = change_status(ticket=ticket, to=step, actor=as_agent(agent))
    return ticket


def test_the_workflow_knows_every_status():
    assert set(TRANSITIONS) == set(Status.values)
    assert allowed_next(Status.CLOSED) == []


@pytest.mark.parametrize(("current", "wanted"), ALLOWED)
def test_an_allowed_move_changes_the_status_and_is_recorded(agent, current, wanted):
    ticket = ticket_in(current, agent)

    moved = change_status(ticket=ticket, to=wanted, actor=as_agent(agent), note="sesuai SOP")

    assert Ticket.objects.get(pk=ticket.pk).status == wanted == moved.status
    last = StatusChange.objects.filter(ticket=ticket).last()
    assert (last.from_status, last.to_status, last.note, last.changed_by) == (
        current,
        wanted,
        "sesuai SOP",
        agent,
    )


@pytest.mark.parametrize(("current", "wanted"), REFUSED)
def test_an_illegal_move_is_a_conflict_and_changes_nothing(agent, current, wanted):
    ticket = ticket_in(current, agent)
    rows_before = StatusChange.objects.filter(ticket=ticket).count()

    with pytest.raises(JamsosError) as refusal:
        change_status(ticket=ticket, to=wanted, actor=as_agent(agent))

    assert refusal.value.code == "TICKET_TRANSITION_NOT_ALLOWED"
    assert refusal.value.http_status == 409
    assert ticket.number in refusal.value.message("en")
    assert Ticket.objects.get(pk=ticket.pk).status == current
    assert StatusChange.objects.filter(ticket=ticket).count() == rows_before


def test_resolving_and_closing_stamp_their_times_and_a_resolved_ticket_can_reopen(agent):
    ticket = ticket_in(Status.RESOLVED, agent)
    assert ticket.resolved_at is not None and ticket.closed_at is None

    reopened = change_status(ticket=ticket, to=Status.IN_PROGRESS, actor=as_agent(agent))
    closed = change_status(ticket=reopened, to=Status.CLOSED, actor=as_agent(agent))

    assert closed.closed_at is not None
    assert [c.to_status for c in StatusChange.objects.filter(ticket=ticket)] == [
        Status.OPEN,
        Status.RESOLVED,
        Status.IN_PROGRESS,
        Status.CLOSED,
    ]


def test_a_closed_ticket_takes_no_notes_and_no_new_agent(agent, second_agent):
    ticket = ticket_in(Status.CLOSED, agent)

    for attempt in (
        lambda: add_note(ticket=ticket, text="lagi", actor=as_agent(agent)),
        lambda: assign(ticket=ticket, assignee=second_agent, actor=as_agent(agent)),
    ):
        with pytest.raises(JamsosError) as refusal:
            attempt()
        assert refusal.value.code == "TICKET_CLOSED"
        assert refusal.value.http_status == 409


def test_the_database_refuses_a_closed_ticket_without_a_closing_time(agent):
    ticket = ticket_in(Status.OPEN, agent)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(status=Status.CLOSED)

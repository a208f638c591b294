import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsos.helpdesk.models import Category, Origin, Status, StatusChange, Ticket
from jamsos.helpdesk.services import open_ticket
from jamsos.identity import mask_nik
from tests.cs.conftest import check_caller, page
from tests.factories import make_nik
from tests.helpdesk.cast import as_agent


def test_opening_a_call_makes_a_ticket_the_agent_handles(agent_client, agent):
    response = agent_client.post(
        "/cs/calls/",
        {
            "category": "balance",
            "priority": "high",
            "caller_name": "Ibu Sari",
            "summary": "Saldo JHT",
        },
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cs/tickets/{ticket.number}/"
    assert (ticket.category, ticket.priority, ticket.origin) == ("balance", "high", Origin.CALL)
    assert (ticket.assigned_to, ticket.caller_name, ticket.status) == (agent, "Ibu Sari", "open")


def test_a_summary_with_a_nik_is_refused_beside_its_field(agent_client):
    response = agent_client.post(
        "/cs/calls/", {"category": "claim", "priority": "normal", "summary": make_nik()}
    )

    assert response.status_code == 400
    assert 'id="id_summary_error"' in page(response)
    assert not Ticket.objects.exists()


def test_the_queue_shows_my_tickets_and_waiting_ones_but_not_a_colleague_s(
    agent_client, agent, second_agent
):
    def opened(**overrides):
        return open_ticket(
            category=Category.CLAIM, origin=Origin.CALL, actor=as_agent(agent), **overrides
        )

    mine = opened(assigned_to=agent)
    waiting = opened()
    theirs = opened(assigned_to=second_agent)

    html = page(agent_client.get("/cs/"))

    assert mine.number in html and waiting.number in html
    assert theirs.number not in html
    assert html.index(mine.number) < html.index('id="unassigned"') < html.index(waiting.number)


def test_the_queue_page_costs_the_same_queries_with_many_tickets(agent_client, agent):
    def fill(count):
        for _ in range(count):
            open_ticket(
                category=Category.CLAIM,
                origin=Origin.CALL,
                actor=as_agent(agent),
                assigned_to=agent,
            )

    fill(2)
    with CaptureQueriesContext(connection) as few:
        agent_client.get("/cs/")
    fill(20)
    with CaptureQueriesContext(connection) as many:
        agent_client.get("/cs/")

    assert len(many) == len(few)


def test_an_agent_takes_a_waiting_ticket(agent_client, agent):
    waiting = open_ticket(category=Category.CLAIM, origin=Origin.PORTAL, actor=as_agent(agent))
    html = page(agent_client.get(f"/cs/tickets/{waiting.number}/"))
    assert f'action="/cs/tickets/{waiting.number}/take/"' in html

    response = agent_client.post(f"/cs/tickets/{waiting.number}/take/")

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.assigned_to == agent


def test_notes_are_added_and_shown_but_not_with_a_phone_number(agent_client, call):
    added = agent_client.post(f"/cs/tickets/{call.number}/notes/", {"text": "Menanyakan KPJ"})
    refused = agent_client.post(
        f"/cs/tickets/{call.number}/notes/", {"text": "telepon balik 0812 3456 7890"}
    )

    assert added.status_code == 302
    assert "Menanyakan KPJ" in page(agent_client.get(f"/cs/tickets/{call.number}/"))
    assert refused.status_code == 400
    assert 'id="id_text_error"' in page(refused)
    assert list(call.notes.values_list("text", flat=True)) == ["Menanyakan KPJ"]


def test_status_moves_are_recorded_and_an_illegal_one_is_a_conflict(agent_client, call):
    url = f"/cs/tickets/{call.number}/status/"

    progressed = agent_client.post(url, {"to": "in_progress", "note": "sedang dicek"})
    closed = agent_client.post(url, {"to": "closed"})
    reopened = agent_client.post(url, {"to": "in_progress"})

    assert (progressed.status_code, closed.status_code) == (302, 302)
    assert reopened.status_code == 409
    assert 'data-code="TICKET_TRANSITION_NOT_ALLOWED"' in page(reopened)
    call.refresh_from_db()
    assert call.status == Status.CLOSED and call.closed_at is not None
    assert [(c.from_status, c.to_status) for c in StatusChange.objects.filter(ticket=call)] == [
        ("", "open"),
        ("open", "in_progress"),
        ("in_progress", "closed"),
    ]


def test_a_status_that_is_not_offered_is_still_a_conflict_not_a_form_error(agent_client, call):
    html = page(agent_client.get(f"/cs/tickets/{call.number}/"))
    offered = re.findall(r'<option value="(\w+)"', html.split('id="history"')[1])
    assert "open" not in offered and "closed" in offered

    response = agent_client.post(f"/cs/tickets/{call.number}/status/", {"to": "open"})

    assert response.status_code == 409


def test_a_closed_ticket_offers_no_more_forms(agent_client, call):
    agent_client.post(f"/cs/tickets/{call.number}/status/", {"to": "closed"})

    html = page(agent_client.get(f"/cs/tickets/{call.number}/"))

    for action in ("check", "reveal", "notes", "status"):
        assert f"/cs/tickets/{call.number}/{action}/" not in html


def test_the_script_panel_walks_through_the_four_steps_of_a_call(agent_client, call):
    html = page(agent_client.get(f"/cs/tickets/{call.number}/"))

    script = html.split('<aside class="script"')[1].split("</aside>")[0]
    assert [step in script for step in ("Greeting.", "Verification.", "Answer.", "Close.")] == [
        True
    ] * 4
    assert script.count("<li>") == 4


def test_every_console_field_has_a_label(agent_client, call):
    html = page(agent_client.get(f"/cs/tickets/{call.number}/"))
    html += page(agent_client.get("/cs/"))

    for field_id in set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="(id_\w+)"', html)):
        assert f'for="{field_id}"' in html, field_id


def test_a_data_correction_is_requested_from_a_verified_call(agent_client, call, caller):
    nik, participant = caller
    form_url = f"/cs/tickets/{call.number}/correction/"
    assert form_url not in page(agent_client.get(f"/cs/tickets/{call.number}/"))
    check_caller(agent_client, call, nik)
    assert form_url in page(agent_client.get(f"/cs/tickets/{call.number}/"))
    new_nik = make_nik()

    response = agent_client.post(
        form_url, {"field": "nik", "requested_value": new_nik, "reason": "KTP baru"}
    )

    follow_up = Ticket.objects.get(category=Category.DATA_CORRECTION)
    assert response["Location"] == f"/cs/tickets/{follow_up.number}/"
    assert follow_up.parent == call and follow_up.subject_participant == participant
    html = page(agent_client.get(response["Location"]))
    assert mask_nik(new_nik) in html and new_nik not in html
    assert "Letter from the civil registry (Dukcapil)" in html


def test_a_correction_before_verification_is_a_conflict(agent_client, call):
    response = agent_client.post(
        f"/cs/tickets/{call.number}/correction/",
        {"field": "full_name", "requested_value": "Budi Santosa"},
    )

    assert response.status_code == 409
    assert Ticket.objects.count() == 1


def test_a_call_about_a_correction_can_carry_the_request_but_a_request_cannot_nest(
    agent_client, agent, caller
):
    nik, _ = caller
    call = open_ticket(
        category=Category.DATA_CORRECTION,
        origin=Origin.CALL,
        actor=as_agent(agent),
        assigned_to=agent,
    )
    check_caller(agent_client, call, nik)
    assert f"/cs/tickets/{call.number}/correction/" in page(
        agent_client.get(f"/cs/tickets/{call.number}/")
    )

    agent_client.post(
        f"/cs/tickets/{call.number}/correction/", {"field": "sex", "requested_value": "F"}
    )

    request_ticket = Ticket.objects.get(parent=call)
    request_ticket.assigned_to = agent
    request_ticket.save(update_fields=["assigned_to"])
    html = page(agent_client.get(f"/cs/tickets/{request_ticket.number}/"))
    assert f"/cs/tickets/{request_ticket.number}/correction/" not in html
    assert "Requested correction" in html

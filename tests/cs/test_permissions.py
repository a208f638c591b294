import pytest
from django.test import Client

from tests.cs.conftest import check_caller, console_session, english_client, page, reveal

PAGES = ["/cs/", "/cs/tickets/{number}/", "/cs/tickets/{number}/correction/", "/cs/supervisor/"]


@pytest.mark.parametrize("url", PAGES)
def test_someone_not_logged_in_is_sent_to_the_console_log_in(call, url):
    address = url.format(number=call.number)

    response = Client().get(address)

    assert response.status_code == 302
    assert response["Location"].startswith("/cs/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_an_agent_logged_in_with_a_password_only_must_add_the_second_factor(agent, call, url):
    client = Client()
    client.force_login(agent)  # as after the back office's own log-in, without a code

    response = client.get(url.format(number=call.number))

    assert response.status_code == 302 and response["Location"].startswith("/cs/login/")


@pytest.mark.parametrize("url", PAGES)
def test_staff_outside_the_call_centre_are_refused_even_with_a_second_factor(outsider, call, url):
    client = console_session(english_client(), outsider)

    assert client.get(url.format(number=call.number)).status_code == 403


@pytest.mark.parametrize(
    "action", ["check/", "reveal/", "notes/", "status/", "take/", "correction/"]
)
def test_staff_outside_the_call_centre_cannot_act_on_a_ticket(outsider, call, action):
    client = console_session(english_client(), outsider)

    assert client.post(f"/cs/tickets/{call.number}/{action}", {}).status_code == 403


def test_a_supervisor_who_is_not_an_agent_sees_the_report_but_works_no_tickets(
    supervisor_client, call
):
    assert supervisor_client.get("/cs/")["Location"] == "/cs/supervisor/"
    assert supervisor_client.get("/cs/supervisor/").status_code == 200
    assert supervisor_client.get(f"/cs/tickets/{call.number}/").status_code == 403
    assert supervisor_client.post("/cs/calls/", {"category": "claim"}).status_code == 403


def test_an_agent_does_not_see_the_supervisors_report(agent_client):
    assert agent_client.get("/cs/supervisor/").status_code == 403


def test_a_second_agent_may_read_a_colleague_s_ticket_but_not_work_it(
    second_agent_client, call, caller
):
    nik, participant = caller
    html = page(second_agent_client.get(f"/cs/tickets/{call.number}/"))
    assert "/check/" not in html and "/reveal/" not in html

    checked = check_caller(second_agent_client, call, nik)
    revealed = reveal(second_agent_client, call)
    noted = second_agent_client.post(f"/cs/tickets/{call.number}/notes/", {"text": "x"})
    moved = second_agent_client.post(f"/cs/tickets/{call.number}/status/", {"to": "closed"})
    taken = second_agent_client.post(f"/cs/tickets/{call.number}/take/")

    assert [r.status_code for r in (checked, revealed, noted, moved, taken)] == [403] * 5
    assert participant.kpj not in page(revealed)
    assert 'data-code="CS_NOT_YOUR_TICKET"' in page(taken)
    call.refresh_from_db()
    assert call.assigned_to.username == "agen" and call.status == "open"


def test_actions_only_accept_posted_forms(agent_client, call):
    for action in ("check/", "reveal/", "notes/", "status/", "take/"):
        assert agent_client.get(f"/cs/tickets/{call.number}/{action}").status_code == 405


def test_an_unknown_ticket_is_not_found(agent_client):
    assert agent_client.get("/cs/tickets/T-2026-999999/").status_code == 404


def test_console_pages_are_not_kept_by_browsers(agent_client, call):
    response = agent_client.get(f"/cs/tickets/{call.number}/")

    assert "no-store" in response["Cache-Control"]

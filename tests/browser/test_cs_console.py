"""An agent's call from log-in to close, in Debian's Chromium."""

import pytest
from playwright.sync_api import expect

from jamsos.audit.models import AuditEvent
from jamsos.helpdesk.models import Status, Ticket
from tests.helpdesk.cast import PASSWORD, current_code, enrol_caller, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_agent_logs_in_with_a_code_verifies_a_caller_reveals_the_number_and_closes(
    live_server, page, screenshot
):
    agent = make_staff("agen", "cs_agent")
    nik, participant = enrol_caller()

    page.goto(live_server.url + "/cs/login/")
    # English labels: the Indonesian catalogue for the console is written separately.
    page.get_by_role("button", name="EN").click()
    page.get_by_label("Username").fill("agen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("6-digit code from your authenticator app").fill(current_code(agent))
    screenshot("code")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="New call")).to_be_visible()
    page.get_by_label("What the call is about").select_option("membership_number")
    page.get_by_label("Caller's name, as they say it").fill("Pak Budi")
    page.get_by_role("button", name="Open a ticket for this call").click()

    ticket = Ticket.objects.get()
    expect(page.locator(".ticket-number")).to_have_text(ticket.number)
    expect(page.get_by_role("button", name="Reveal membership")).to_be_disabled()
    page.get_by_label("NIK the caller gives").fill(nik)
    page.get_by_label("Full name the caller gives").fill("Budi Santoso")
    page.get_by_label("Date of birth the caller gives").fill("17/05/1990")
    page.get_by_label("Last four digits of the registered phone").fill("7890")
    page.get_by_role("button", name="Check the answers").click()

    expect(page.locator("#check-result")).to_have_attribute("data-verified", "true")
    screenshot("verified")
    page.get_by_role("button", name="Reveal membership").click()

    expect(page.locator(".kpj")).to_have_text(participant.kpj)
    expect(page.get_by_text("PT Sumber Rejeki, Bandung")).to_be_visible()
    assert nik not in page.content() and "81234567890" not in page.content()
    screenshot("revealed")
    page.get_by_label("New status").select_option("closed")
    page.get_by_role("button", name="Change status").click()

    expect(page.locator(".ticket-status")).to_have_attribute("data-status", "closed")
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert AuditEvent.objects.filter(
        action="participant.reveal",
        outcome="success",
        actor=agent,
        subject_participant_id=participant.pk,
        purpose__startswith=ticket.number,
    ).exists()
    screenshot("closed")

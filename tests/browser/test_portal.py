"""A worker signs up in the participant portal, logs in, reads profile and balance, and
logs out, in Debian's Chromium. The live server runs in this process, so the code the
worker would get by SMS is read from the memory backend."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from jamsos.accounts.models import ParticipantAccount
from jamsos.ledger.posting import post_settled_invoices
from jamsos.notify.backends import MemoryBackend
from tests.accounts.cast import BUDI_EMAIL, BUDI_PHONE, PASSWORD, make_participant
from tests.contributions.support import JUNE, pay, report

pytestmark = pytest.mark.django_db(transaction=True)
CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


@pytest.fixture
def sent(monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "memory")
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "memory")
    MemoryBackend.reset()
    yield MemoryBackend.sent
    MemoryBackend.reset()


@pytest.fixture
def budi():
    """Budi, enrolled since May, with June's contributions paid and posted to his JHT."""
    nik, participant = make_participant()
    employment = participant.employments.get()
    employment.start_date = dt.date(2026, 5, 1)
    employment.save()
    invoice = report(employment.employer, [employment], JUNE).invoice
    pay(invoice, paid_on=dt.date(2026, 7, 10))
    post_settled_invoices()
    return nik, participant, invoice.lines.get().jht


def code_sent_by_sms(sent, purpose):
    for message in reversed(sent):
        if message.recipient == BUDI_PHONE and message.purpose == purpose:
            return CODE.search(message.body).group(1)
    raise AssertionError(f"no {purpose} SMS to Budi among {[m.purpose for m in sent]}")


def test_a_worker_signs_up_logs_in_sees_profile_and_balance_and_logs_out(
    live_server, page, budi, sent, screenshot
):
    nik, participant, jht = budi
    page.goto(live_server.url + "/peserta/")
    # English labels: the Indonesian catalogue for the portal is written separately.
    page.get_by_role("button", name="EN").click()
    page.get_by_role("link", name="Sign up").click()

    page.get_by_label("NIK (16 digits, on your KTP)").fill(nik)
    page.get_by_label("Full name, as written on your KTP").fill("Budi Santoso")
    page.get_by_label("Date of birth").fill("17/05/1990")
    page.get_by_label("Mobile number").fill("0812-3456-7890")
    page.get_by_label("E-mail address").fill(BUDI_EMAIL)
    screenshot("signup")
    page.get_by_role("button", name="Send me a code").click()

    expect(page.locator("#code-sent")).to_be_visible()
    page.get_by_label("6-digit code").fill(code_sent_by_sms(sent, "otp.signup"))
    page.get_by_label("New password:", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    screenshot("code")
    page.get_by_role("button", name="Create my account").click()

    expect(page.locator("#kpj")).to_have_text(participant.kpj)
    assert ParticipantAccount.objects.filter(participant=participant).exists()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#logged-out")).to_be_visible()

    page.get_by_label("NIK or e-mail address").fill(nik)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("#kpj")).to_have_text(participant.kpj)
    expect(page.locator("#full-name")).to_have_text("Budi Santoso")
    expect(page.locator("#masked-phone")).to_contain_text("+62 ****-****-890")
    assert nik not in page.content()
    screenshot("profile")

    page.get_by_role("link", name="JHT balance").click()
    expected = f"Rp {jht:,}".replace(",", ".")
    expect(page.locator("#jht-balance")).to_have_text(expected)
    expect(page.locator("#statement")).to_contain_text(expected)
    screenshot("balance")
    page.get_by_role("link", name="Contributions", exact=True).click()
    expect(page.locator("svg.bar-chart")).to_be_visible()
    expect(page.locator("#chart-table")).to_contain_text("06/2026")
    screenshot("contributions")

    page.get_by_role("button", name="Log out").click()
    page.goto(live_server.url + "/peserta/profil/")
    expect(page).to_have_url(re.compile(r"/peserta/masuk/"))

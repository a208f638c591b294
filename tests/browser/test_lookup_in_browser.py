import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker():
    nik = make_nik(birth_date=dt.date(1990, 5, 17))
    employer = make_employer(name="PT Sumber Rejeki", city="Bandung")
    participant = enrol(
        employer, nik, start_date=timezone.localdate() - dt.timedelta(days=20)
    ).participant
    return nik, participant


def fill_form(page, nik, name="Budi Santoso"):
    page.get_by_label("NIK (16 digit, tertera di KTP)").fill(nik)
    page.get_by_label("Tanggal lahir:", exact=True).fill("17/05/1990")
    page.get_by_label("Nama lengkap, sesuai KTP").fill(name)
    page.get_by_role("textbox", name="Karakter pada gambar kode keamanan").fill("PASSED")


def test_a_worker_fills_the_form_and_sees_their_membership_number(
    live_server, page, worker, screenshot
):
    nik, participant = worker
    page.goto(live_server.url + "/cek-kepesertaan/")
    screenshot("form")
    fill_form(page, nik, name="budi  santoso")
    page.get_by_role("button", name="Cek Kepesertaan").click()

    expect(page.locator(".kpj")).to_have_text(participant.kpj)
    expect(page.get_by_text("PT Sumber Rejeki, Bandung")).to_be_visible()
    assert nik not in page.content()
    assert nik not in page.url
    screenshot("result")


def test_data_that_does_not_match_gets_the_troubleshooting_steps(
    live_server, page, worker, screenshot
):
    nik, participant = worker
    page.goto(live_server.url + "/cek-kepesertaan/")
    fill_form(page, nik, name="Orang Lain")
    page.get_by_role("button", name="Cek Kepesertaan").click()

    expect(
        page.get_by_text("Kami tidak dapat menemukan kepesertaan dengan data ini.")
    ).to_be_visible()
    expect(page.get_by_text("pusat layanan kami di 175")).to_be_visible()
    assert participant.kpj not in page.content()
    screenshot("no-match")


def test_too_many_attempts_say_when_to_try_again(live_server, page, worker, settings, screenshot):
    settings.LOOKUP_LIMIT_PER_CLIENT = "1/600"
    nik, _ = worker
    for _ in range(2):
        page.goto(live_server.url + "/cek-kepesertaan/")
        fill_form(page, nik)
        page.get_by_role("button", name="Cek Kepesertaan").click()

    expect(page.get_by_text("Terlalu banyak percobaan.")).to_be_visible()
    expect(page.get_by_text("Silakan coba lagi pukul")).to_contain_text("WIB")
    screenshot("limited")


def test_the_form_can_be_filled_and_sent_with_the_keyboard_alone(live_server, page, worker):
    nik, participant = worker
    page.goto(live_server.url + "/cek-kepesertaan/")
    page.locator("#id_nik").focus()
    page.keyboard.type(nik)
    page.keyboard.press("Tab")
    page.keyboard.type("17/05/1990")
    # Past the optional calendar picker, whose day, month and year each take a Tab.
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_full_name":
            break
    page.keyboard.type("Budi Santoso")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_captcha_1"
    page.keyboard.type("PASSED")
    page.keyboard.press("Enter")

    expect(page.locator(".kpj")).to_have_text(participant.kpj)


def test_errors_are_announced_and_tied_to_their_fields(live_server, page, worker, screenshot):
    page.goto(live_server.url + "/cek-kepesertaan/")
    fill_form(page, "12345")
    page.get_by_role("button", name="Cek Kepesertaan").click()

    nik_field = page.locator("#id_nik")
    expect(nik_field).to_have_attribute("aria-invalid", "true")
    described_by = nik_field.get_attribute("aria-describedby") or ""
    messages = " ".join(page.locator(f"#{i}").inner_text() for i in described_by.split())
    assert "16" in messages
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot("errors")


def test_the_calendar_picker_fills_the_date_of_birth(live_server, page, worker):
    page.goto(live_server.url + "/cek-kepesertaan/")
    page.locator(".calendar-picker").fill("1990-05-17")
    expect(page.get_by_label("Tanggal lahir:", exact=True)).to_have_value("17/05/1990")

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from jamsos.audit.models import AuditEvent
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_switches_between_indonesian_and_english(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Jaminan sosial ketenagakerjaan, untuk setiap pekerja"

    page.get_by_role("button", name="EN").click()

    assert page.locator("h1").inner_text() == "Employment social security, for every worker"
    assert page.locator("html").get_attribute("lang") == "en"


def test_an_agent_finds_a_participant_by_nik_without_it_entering_a_url(
    live_server, page, django_user_model
):
    nik = make_nik()
    participant = enrol(make_employer(), nik).participant
    agent = django_user_model.objects.create_user(
        "agen", password="kata-sandi-agen-1", is_staff=True
    )
    agent.groups.set([Group.objects.get(name="cs_agent")])

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "agen")
    page.fill("#id_password", "kata-sandi-agen-1")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/registry/participant/")
    page.get_by_role("link", name="Cari NIK / Find by NIK").click()
    page.get_by_label("NIK").fill(nik)
    page.get_by_label("Keperluan atau nomor tiket / purpose or ticket number").fill("tiket 42")
    page.get_by_role("button", name="Cari / Find").click()

    # The officer's detail view shows the NIK (audited); no address the browser visited holds it.
    expect(page.get_by_text(nik)).to_be_visible()
    assert nik not in page.url
    assert AuditEvent.objects.filter(action="participant.lookup", purpose="tiket 42").exists()
    assert AuditEvent.objects.filter(
        action="participant.view", subject_participant_id=participant.pk, actor=agent
    ).exists()

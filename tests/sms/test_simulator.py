"""The demo's SMS simulator: only in the demo or in debug, and it shows the real reply."""

from __future__ import annotations

import pytest

from jamsos.audit.models import AuditEvent
from jamsos.channels.sms.models import InboundSms
from jamsos.identity import mask_nik
from tests.sms.conftest import BUDI_PHONE, STRANGER_PHONE

URL = "/sms/simulator/"


@pytest.fixture
def demo(settings):
    settings.DEMO = True
    settings.DEBUG = False


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_outside_the_demo_and_debug_the_simulator_does_not_exist(db, client, settings, method):
    settings.DEMO = settings.DEBUG = False

    response = getattr(client, method)(URL, {"sender": BUDI_PHONE, "text": "BANTUAN"})

    assert response.status_code == 404
    assert not InboundSms.objects.exists()


def test_in_debug_the_simulator_works_without_showing_sample_participants(budi, client, settings):
    settings.DEMO, settings.DEBUG = False, True

    response = client.get(URL)

    assert response.status_code == 200
    assert 'action="/sms/simulator/"' in page(response)
    assert "?sample=" not in page(response)


def test_the_form_has_labelled_fields(db, client, demo):
    html = page(client.get(URL))

    assert 'for="id_sender"' in html and 'for="id_text"' in html
    assert 'type="submit"' in html


def test_a_cek_from_the_registered_phone_shows_the_kpj_that_was_queued(budi, client, demo):
    nik, participant = budi

    response = client.post(URL, {"sender": "0812-3456-7890", "text": f"CEK {nik}"})

    html = page(response)
    assert response.status_code == 200
    assert participant.kpj in html and mask_nik(nik) in html
    reply = InboundSms.objects.get().reply.outbox_message.body
    assert reply in html
    assert "X-Jamsos-Signature: sha256=" in html
    assert "CEK &lt;NIK&gt;" in html  # the keyword list's placeholders are text, not tags


def test_a_cek_from_another_phone_shows_the_neutral_reply(budi, client, demo):
    nik, participant = budi

    html = page(client.post(URL, {"sender": STRANGER_PHONE, "text": f"CEK {nik}"}))

    assert participant.kpj not in html
    assert "Data tidak dapat dikirim." in html


def test_the_demo_secret_is_used_when_none_is_configured(budi, client, demo, monkeypatch):
    monkeypatch.delenv("JAMSOS_SMS_INBOUND_SECRET")
    nik, participant = budi

    assert participant.kpj in page(client.post(URL, {"sender": BUDI_PHONE, "text": f"CEK {nik}"}))


def test_in_debug_without_a_secret_the_page_says_why_the_message_was_refused(
    db, client, settings, monkeypatch
):
    settings.DEMO, settings.DEBUG = False, True
    monkeypatch.delenv("JAMSOS_SMS_INBOUND_SECRET")

    html = page(client.post(URL, {"sender": BUDI_PHONE, "text": "BANTUAN"}))

    assert "SMS_NOT_CONFIGURED" in html and "JAMSOS_SMS_INBOUND_SECRET" in html


def test_a_malformed_phone_number_is_marked_on_the_form(db, client, demo):
    response = client.post(URL, {"sender": "12", "text": "BANTUAN"})

    assert response.status_code == 400
    assert "Nomor telepon ini tidak dikenali" in page(response)
    assert not InboundSms.objects.exists()


def test_past_the_limit_the_page_says_no_reply_was_sent(db, client, demo, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_PER_MSISDN", "1/3600")
    for _ in range(2):
        client.post(URL, {"sender": BUDI_PHONE, "text": "BANTUAN"})

    html = page(client.post(URL, {"sender": BUDI_PHONE, "text": "BANTUAN"}))

    assert "Tidak ada balasan yang dikirim" in html  # the page speaks Indonesian by default


def test_the_demo_offers_sample_participants_and_prefills_their_phone_and_nik(budi, client, demo):
    nik, participant = budi

    listing = page(client.get(URL))
    registered = page(client.get(URL, {"sample": participant.pk}))
    other = page(client.get(URL, {"sample": participant.pk, "from": "other"}))

    assert f"?sample={participant.pk}" in listing and mask_nik(nik) in listing
    assert nik not in listing and BUDI_PHONE not in listing
    assert f'value="{BUDI_PHONE}"' in registered and f'value="CEK {nik}"' in registered
    assert f'value="{BUDI_PHONE[:-1]}1"' in other
    viewed = AuditEvent.objects.filter(action="participant.view")
    assert viewed.count() == 2 and {e.subject_participant_id for e in viewed} == {participant.pk}


def test_only_the_listed_samples_can_be_prefilled(budi, client, demo):
    html = page(client.get(URL, {"sample": "999999"}))

    assert 'value="CEK' not in html
    assert not AuditEvent.objects.filter(action="participant.view").exists()


def test_the_page_is_served_in_english_too(db, client, demo):
    response = client.get(URL, headers={"Accept-Language": "en"})

    assert '<html lang="en">' in page(response)
    assert "SMS simulator" in page(response)


def test_the_home_page_links_the_simulator(db, client, demo):
    assert 'href="/sms/simulator/"' in page(client.get("/"))

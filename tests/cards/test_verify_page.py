"""The public check page, /kartu/verifikasi/."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from jamsos.audit.models import AuditEvent
from jamsos.registry import cards
from tests.cards.conftest import PORTAL

URL = "/kartu/verifikasi/"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def check(client):
    def post(payload: str, **extra):
        return client.post(URL, {"payload": payload}, **extra)

    return post


def issued(participant) -> cards.Card:
    return cards.issue_card(participant, as_of=timezone.localdate())


def test_the_form_has_a_labelled_field_and_posts_to_itself(client, db):
    response = client.get(URL)

    page = text(response)
    assert response.status_code == 200
    assert 'for="id_payload"' in page
    assert f'<form method="post" action="{URL}"' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_card_of_an_active_member_shows_the_masked_name_the_kpj_and_active(budi, check):
    card = issued(budi)

    response = check(card.payload)
    page = text(response)
    assert response.status_code == 200
    assert budi.kpj in page
    assert "B*** S******" in page
    assert 'class="status active"' in page
    assert "Budi" not in page and "Santoso" not in page
    assert budi.nik not in page and "Sumber Rejeki" not in page


def test_a_card_of_an_ended_membership_shows_not_active(sari, check):
    page = text(check(issued(sari).payload))

    assert sari.kpj in page
    assert "S*** D*** L******" in page
    assert 'class="status inactive"' in page
    assert "Tidak aktif" in page or "Not active" in page


def test_a_revoked_card_shows_as_revoked_even_while_the_membership_is_active(budi, check):
    card = issued(budi)
    cards.revoke_card(serial=card.serial, reason="lost", actor=PORTAL)

    page = text(check(card.payload))
    assert budi.kpj in page
    assert "Card revoked" in page or "Kartu dicabut" in page
    assert 'class="status active"' not in page


def test_a_tampered_card_shows_invalid_signature_and_none_of_its_data(budi, check):
    payload = issued(budi).payload
    tampered = payload[:10] + ("Q" if payload[10] != "Q" else "R") + payload[11:]

    page = text(check(tampered))
    assert "Tanda tangan tidak sah" in page
    assert budi.kpj not in page and "B***" not in page
    event = AuditEvent.objects.get(action="card.verify")
    assert (event.outcome, event.subject_participant_id) == ("denied", None)
    assert event.details["error"] == "CARD_SIGNATURE_INVALID"


def test_a_card_signed_with_another_key_is_not_genuine(budi, check):
    forged = cards.sign_payload(
        kpj=budi.kpj,
        full_name="Budi Santoso",
        issued_on=dt.date(2026, 1, 1),
        serial=1,
        key=Ed25519PrivateKey.generate(),
    )

    page = text(check(forged))
    assert "Tanda tangan tidak sah" in page and budi.kpj not in page


def test_text_that_is_not_a_card_is_explained(db, check):
    page = text(check("hello"))
    assert "bukan kode QR kartu peserta" in page


def test_a_genuine_signature_on_a_serial_we_never_issued_is_not_accepted(budi, check):
    unknown = cards.sign_payload(
        kpj=budi.kpj,
        full_name="Budi Santoso",
        issued_on=dt.date(2026, 1, 1),
        serial=999,
        key=cards.signing_key(),
    )

    page = text(check(unknown))
    assert "tidak ada dalam daftar kami" in page
    assert budi.kpj not in page
    assert AuditEvent.objects.get(action="card.verify").outcome == "not_found"


def test_a_link_with_the_payload_after_a_hash_is_accepted_when_pasted(budi, check):
    card = issued(budi)
    page = text(check(f"https://jamsos.example{URL}#{card.payload}"))
    assert budi.kpj in page


def test_an_empty_form_is_answered_with_the_form_and_400(db, check):
    response = check("")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="card.verify").exists()


def test_every_check_writes_one_audit_row_on_the_web_channel(budi, check):
    card = issued(budi)
    check(card.payload)
    check("hello")

    events = list(AuditEvent.objects.filter(action="card.verify").order_by("pk"))
    assert [(e.channel, e.actor_role, e.outcome) for e in events] == [
        ("web", "public", "success"),
        ("web", "public", "denied"),
    ]
    assert events[0].subject_participant_id == budi.pk
    assert events[0].details == {"result": "active", "serial": card.serial, "error": None}
    assert events[0].client_ip_hash


def test_checks_are_limited_per_client_address(budi, check, settings):
    settings.CARD_VERIFY_LIMIT_PER_CLIENT = "2/600"
    payload = issued(budi).payload

    assert check(payload).status_code == 200
    assert check(payload).status_code == 200
    limited = check(payload)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert budi.kpj not in text(limited)
    # Another address is not affected.
    assert check(payload, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert AuditEvent.objects.filter(action="card.verify").count() == 3


def test_checks_are_limited_overall(budi, check, settings):
    settings.CARD_VERIFY_LIMIT_OVERALL = "1/60"
    payload = issued(budi).payload

    assert check(payload).status_code == 200
    assert check(payload, REMOTE_ADDR="10.1.2.3").status_code == 429

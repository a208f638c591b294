"""Issuing, re-issuing and revoking cards; the files the portal and the API hand out."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from jamsos.audit.models import AuditEvent
from jamsos.identity import mask_nik
from jamsos.ops.errors import JamsosError
from jamsos.registry import cards
from jamsos.registry.models import IssuedCard
from tests.cards.conftest import PORTAL, encoded
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol, run_at_once

TODAY = dt.date(2026, 11, 25)


def test_issuing_records_a_serial_and_signs_it_into_the_qr(budi, card_key):
    card = cards.issue_card(budi, as_of=TODAY)

    stored = IssuedCard.objects.get(participant=budi)
    assert (card.serial, card.issued_on, card.payload) == (stored.pk, TODAY, stored.payload)
    signed = cards.verify_payload(card.payload, card_key.public_key())
    assert (signed.kpj, signed.serial, signed.issued_on) == (budi.kpj, stored.pk, TODAY)
    assert card.masked_name == signed.masked_name == "B*** S******"
    assert card.full_name == "Budi Santoso"
    assert card.masked_nik == mask_nik(budi.nik)
    assert card.created and card.active


def test_downloading_again_gives_the_same_card_and_the_same_qr(budi):
    first = cards.issue_card(budi, as_of=TODAY)
    again = cards.issue_card(budi, as_of=TODAY + dt.timedelta(days=40))

    assert (again.serial, again.payload, again.issued_on) == (first.serial, first.payload, TODAY)
    assert again.status_as_of == TODAY + dt.timedelta(days=40)
    assert not again.created
    assert IssuedCard.objects.count() == 1


def test_the_next_download_after_a_revocation_issues_a_new_serial(budi):
    lost = cards.issue_card(budi, as_of=TODAY)
    cards.revoke_card(serial=lost.serial, reason="lost", actor=PORTAL)

    new = cards.issue_card(budi, as_of=TODAY)
    assert new.serial != lost.serial and new.created
    assert IssuedCard.objects.get(pk=lost.serial).revoked_reason == "lost"


def test_a_changed_name_replaces_the_card(budi):
    old = cards.issue_card(budi, as_of=TODAY)
    budi.full_name = "Budiman Santoso"
    budi.save(update_fields=["full_name"])

    new = cards.issue_card(budi, as_of=TODAY)
    assert new.serial != old.serial
    assert new.replaced_serial == old.serial
    assert new.masked_name == "B****** S******"
    assert IssuedCard.objects.get(pk=old.serial).revoked_reason == "replaced"


def test_a_new_signing_key_replaces_the_card(budi, settings):
    old = cards.issue_card(budi, as_of=TODAY)
    settings.CARD_SIGNING_KEY = encoded(Ed25519PrivateKey.generate())

    new = cards.issue_card(budi, as_of=TODAY)
    assert new.replaced_serial == old.serial
    cards.verify_payload(new.payload, cards.public_key())


def test_the_card_of_an_ended_employment_says_not_active(sari):
    card = cards.issue_card(sari, as_of=TODAY)
    assert not card.active
    assert card.status_reason == "no_open_employment"


def test_the_database_refuses_a_second_live_card_for_one_participant(budi):
    cards.issue_card(budi, as_of=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedCard.objects.create(participant=budi, issued_on=TODAY)


def test_the_database_refuses_a_revocation_without_a_reason(budi):
    card = cards.issue_card(budi, as_of=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedCard.objects.filter(pk=card.serial).update(revoked_at=timezone.now())


def test_revoking_is_audited_and_cannot_happen_twice(budi):
    card = cards.issue_card(budi, as_of=TODAY)
    cards.revoke_card(serial=card.serial, reason="stolen", actor=PORTAL)

    event = AuditEvent.objects.get(action="card.revoke")
    assert (event.channel, event.subject_participant_id) == ("portal", budi.pk)
    assert event.details == {"serial": card.serial, "reason": "stolen"}
    with pytest.raises(JamsosError) as refusal:
        cards.revoke_card(serial=card.serial, reason="lost", actor=PORTAL)
    assert refusal.value.code == "CARD_ALREADY_REVOKED"
    with pytest.raises(JamsosError) as refusal:
        cards.revoke_card(serial=card.serial + 99, reason="lost", actor=PORTAL)
    assert refusal.value.code == "CARD_UNKNOWN"


def test_card_png_for_issues_and_audits_with_the_callers_channel(budi):
    png = cards.card_png_for(budi, actor=PORTAL, as_of=TODAY)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    event = AuditEvent.objects.get(action="card.issue")
    serial = IssuedCard.objects.get(participant=budi).pk
    assert (event.channel, event.actor_role, event.subject_participant_id, event.outcome) == (
        "portal",
        "participant",
        budi.pk,
        "success",
    )
    assert event.details == {
        "serial": serial,
        "format": "png",
        "new_serial": True,
        "replaced_serial": None,
    }


def test_card_pdf_for_is_a_pdf_of_card_size_and_is_audited_too(budi):
    pdf = cards.card_pdf_for(budi, actor=PORTAL, as_of=TODAY)

    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    # 1011 x 638 pixels at 300 dpi is 85.6 x 54 mm, the size of a bank card, in points.
    assert re.search(rb"/MediaBox \[ ?0 0 242\.6\d* 153\.1\d* ?\]", pdf)
    assert AuditEvent.objects.get(action="card.issue").details["format"] == "pdf"
    assert cards.card_file_name(budi, "pdf") == f"kartu-peserta-{budi.kpj}.pdf"


def _decoded(image: Image.Image) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp", reason="the optional QR decoder is not installed")
    return [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_qr_in_the_png_decodes_back_to_the_payload(budi):
    card = cards.issue_card(budi, as_of=TODAY)
    image = Image.open(io.BytesIO(cards.render_card_png(card)))

    assert image.size == cards.CARD_SIZE
    assert _decoded(image.convert("L")) == [card.payload]
    assert image.text[cards.PNG_TEXT_KEY] == card.payload


def test_the_qr_in_the_pdf_decodes_back_to_the_payload(budi):
    card = cards.issue_card(budi, as_of=TODAY)
    pdf = cards.render_card_pdf(card)
    # Pillow embeds the page as one JPEG stream.
    start = pdf.index(b"\xff\xd8")
    end = pdf.index(b"\xff\xd9", start) + 2
    assert _decoded(Image.open(io.BytesIO(pdf[start:end])).convert("L")) == [card.payload]


def test_payload_from_image_reads_a_photo_like_jpeg_of_the_card(budi):
    pytest.importorskip("zxingcpp", reason="the optional QR decoder is not installed")
    card = cards.issue_card(budi, as_of=TODAY)
    image = cards.card_image(card).rotate(8, expand=True, fillcolor="white").resize((800, 560))
    photo = io.BytesIO()
    image.save(photo, "JPEG", quality=70)

    assert cards.payload_from_image(photo.getvalue()) == card.payload


def test_payload_from_image_refuses_an_image_without_a_card_qr():
    blank = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(blank, "PNG")
    for data in (blank.getvalue(), b"not an image"):
        with pytest.raises(JamsosError) as refusal:
            cards.payload_from_image(data)
        assert refusal.value.code == "CARD_QR_NOT_FOUND"


def test_without_a_qr_decoder_a_jamsos_png_is_read_from_its_text_chunk(budi, monkeypatch):
    card = cards.issue_card(budi, as_of=TODAY)
    monkeypatch.setitem(sys.modules, "zxingcpp", None)

    assert cards.payload_from_image(cards.render_card_png(card)) == card.payload


@pytest.mark.parametrize(
    "full_name", ["Sukarno", "Raden Ajeng Siti Nurhaliza Kusumawardhani Prameswari Wulandari"]
)
def test_short_and_very_long_names_render_a_readable_qr(budi, full_name):
    budi.full_name = full_name
    budi.save(update_fields=["full_name"])
    card = cards.issue_card(budi, as_of=TODAY)

    assert _decoded(cards.card_image(card).convert("L")) == [card.payload]


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_share_one_card():
    participant = enrol(make_employer(), make_nik()).participant

    outcomes = run_at_once(
        lambda _: cards.card_png_for(participant, actor=PORTAL, as_of=TODAY) and 1, range(6)
    )

    assert outcomes == [1] * 6
    assert IssuedCard.objects.filter(participant=participant).count() == 1
    assert AuditEvent.objects.filter(action="card.issue").count() == 6

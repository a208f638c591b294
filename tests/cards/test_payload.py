"""The signed QR payload, checked offline: pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest
import segno
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jamsos.conf.env import ConfigurationError
from jamsos.ops.errors import JamsosError
from jamsos.registry import cards
from tests.cards.conftest import pem_of

ISSUED = dt.date(2026, 11, 25)


def sign(key, name="Budi Santoso", kpj="10000012346", serial=123, issued_on=ISSUED):
    return cards.sign_payload(kpj=kpj, full_name=name, issued_on=issued_on, serial=serial, key=key)


def test_a_signed_payload_reads_back_the_same_fields(card_key):
    card = cards.verify_payload(sign(card_key), card_key.public_key())

    assert card == cards.VerifiedCard(
        version=1, kpj="10000012346", masked_name="B*** S******", issued_on=ISSUED, serial=123
    )


def test_a_kpj_with_a_leading_zero_and_a_large_serial_survive_the_round_trip(card_key):
    payload = sign(card_key, kpj="01234567897", serial=2**40 - 1, issued_on=dt.date(2179, 6, 6))
    card = cards.verify_payload(payload, card_key.public_key())

    assert (card.kpj, card.serial, card.issued_on) == (
        "01234567897",
        2**40 - 1,
        dt.date(2179, 6, 6),
    )


def test_the_payload_is_short_enough_for_a_version_6_qr_in_alphanumeric_mode(card_key):
    payload = sign(card_key)
    code = segno.make(payload, error="m", micro=False)

    assert len(payload) == 136
    assert (code.version, code.mode) == (6, "alphanumeric")
    six_words = sign(card_key, name="Raden Ajeng Siti Nurhaliza Kusuma Wardhani Putri")
    assert segno.make(six_words, error="m", micro=False).version <= 7


def test_the_qr_carries_the_masked_name_and_never_the_full_name(card_key):
    payload = sign(card_key, name="H. Budi Santoso, S.E.")

    assert cards.verify_payload(payload, card_key.public_key()).masked_name == "B*** S******"
    raw = cards._decode(payload)
    assert b"BUDI" not in raw and b"SANTOSO" not in raw


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Sukarno", "S******"),
        ("Hj. Siti Aminah, S.Pd.", "S*** A*****"),
        ("Ni Made Ayu", "N* M*** A**"),
        ("A B C D E F G H", "A B C D E F"),  # at most six words
    ],
)
def test_masked_names_keep_initials_and_word_lengths_without_titles(name, masked):
    assert cards.mask_name(name) == masked


def test_changing_any_one_character_of_the_payload_makes_it_fail(card_key):
    payload = sign(card_key)
    prefix = len(cards.PAYLOAD_PREFIX)
    for position in range(prefix, len(payload)):
        swapped = "A" if payload[position] != "A" else "B"
        tampered = payload[:position] + swapped + payload[position + 1 :]
        with pytest.raises(JamsosError) as refusal:
            cards.verify_payload(tampered, card_key.public_key())
        assert refusal.value.code in {"CARD_SIGNATURE_INVALID", "CARD_PAYLOAD_MALFORMED"}


def test_a_changed_kpj_is_reported_as_an_invalid_signature(card_key):
    payload = sign(card_key)
    # Character 10 lies inside the KPJ bytes, past the version byte.
    tampered = payload[:10] + ("Q" if payload[10] != "Q" else "R") + payload[11:]

    with pytest.raises(JamsosError) as refusal:
        cards.verify_payload(tampered, card_key.public_key())
    assert refusal.value.code == "CARD_SIGNATURE_INVALID"
    assert "Tanda tangan tidak sah" in refusal.value.message("id")
    assert "Invalid signature" in refusal.value.message("en")


def test_a_payload_signed_with_another_key_is_refused(card_key):
    forged = sign(Ed25519PrivateKey.generate())

    with pytest.raises(JamsosError) as refusal:
        cards.verify_payload(forged, card_key.public_key())
    assert refusal.value.code == "CARD_SIGNATURE_INVALID"


def test_offline_verification_needs_only_the_published_pem(card_key, settings):
    payload = sign(card_key)
    published = pem_of(card_key)
    settings.CARD_SIGNING_KEY = ""  # the checker holds no private key and no database

    card = cards.verify_payload(payload, cards.load_public_key_pem(published))
    assert card.kpj == "10000012346"


def test_public_key_pem_is_the_public_half_of_the_configured_key(card_key):
    assert cards.public_key_pem().encode() == pem_of(card_key)
    assert cards.public_key_pem().startswith("-----BEGIN PUBLIC KEY-----")


def test_a_pem_that_is_not_an_ed25519_key_is_refused():
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    pem = other.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    for data in (pem, b"not a key"):
        with pytest.raises(JamsosError) as refusal:
            cards.load_public_key_pem(data)
        assert refusal.value.code == "CARD_PUBLIC_KEY_INVALID"


def test_lower_case_line_breaks_and_a_url_before_a_hash_are_tolerated(card_key):
    payload = sign(card_key)
    for variant in (
        payload.lower(),
        f"  {payload[:50]}\n{payload[50:]}  ",
        f"https://jamsos.example/kartu/verifikasi/#{payload}",
    ):
        assert cards.verify_payload(variant, card_key.public_key()).serial == 123


@pytest.mark.parametrize(
    "text", ["", "hello", "JMS:", "JMS:AAAA", "JMS:!!!!", "JMS:" + "A" * 2000, "https://x/#"]
)
def test_text_that_is_not_a_whole_card_is_malformed_rather_than_forged(card_key, text):
    with pytest.raises(JamsosError) as refusal:
        cards.verify_payload(text, card_key.public_key())
    assert refusal.value.code == "CARD_PAYLOAD_MALFORMED"


def test_a_truncated_payload_is_refused(card_key):
    payload = sign(card_key)
    with pytest.raises(JamsosError):
        cards.verify_payload(payload[:-8], card_key.public_key())


def test_a_missing_signing_key_is_a_configuration_error_that_names_the_fix(settings):
    settings.CARD_SIGNING_KEY = ""
    with pytest.raises(ConfigurationError) as refusal:
        cards.signing_key()
    assert "JAMSOS_CARD_SIGNING_KEY" in str(refusal.value)
    assert "jamsos keys generate" in str(refusal.value)


@pytest.mark.parametrize("value", ["short", "AQID", "!!!not base64!!!"])
def test_a_malformed_signing_key_is_a_configuration_error(settings, value):
    settings.CARD_SIGNING_KEY = value
    with pytest.raises(ConfigurationError):
        cards.signing_key()

"""Cards need a signing key; the test settings deliberately have none, so each test gets a
fresh one. Participants: Budi, active (enrolled a month ago, nothing due yet), and Sari,
whose only employment has ended."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from jamsos.registry.services import Actor
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

PORTAL = Actor(user=None, role="participant", channel="portal", label="peserta")


def encoded(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def pem_of(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.fixture(autouse=True)
def card_key(settings) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    settings.CARD_SIGNING_KEY = encoded(key)
    settings.ROOT_URLCONF = "tests.cards.urls"
    return key


@pytest.fixture
def budi(db):
    start = timezone.localdate() - dt.timedelta(days=30)
    return enrol(make_employer(name="PT Sumber Rejeki"), make_nik(), start_date=start).participant


@pytest.fixture
def sari(db):
    born = dt.date(1992, 3, 8)
    employment = enrol(
        make_employer(),
        make_nik(birth_date=born, sex="F"),
        full_name="Sari Dewi Lestari",
        birth_date=born,
        sex="F",
        start_date=dt.date(2024, 1, 2),
    ).employment
    employment.end_date = dt.date(2025, 6, 30)
    employment.end_reason = "resigned"
    employment.save(update_fields=["end_date", "end_reason"])
    return employment.participant

"""The named cast for account and portal tests, and helpers to read what was sent.

Budi and Siti are participants with a phone and e-mail on their record; Budi signs up
in most tests. Mallory knows Budi's NIK, name and birth date (they have leaked) and has
a phone of her own.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.utils import timezone

from jamsos.accounts.models import ParticipantAccount
from jamsos.notify.models import OutboxMessage
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

PASSWORD = "kata-sandi-panjang-1"
NEW_PASSWORD = "sandi-baru-yang-kuat-2"
BUDI_BIRTH = dt.date(1990, 5, 17)
BUDI_PHONE = "+6281234567890"
BUDI_EMAIL = "budi.santoso@example.com"
SITI_BIRTH = dt.date(1992, 3, 8)
SITI_PHONE = "+6281398765432"
SITI_EMAIL = "siti.aminah@example.com"
MALLORY_PHONE = "+6285700011122"

_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def make_participant(
    *,
    full_name: str = "Budi Santoso",
    birth_date: dt.date = BUDI_BIRTH,
    sex: str = "M",
    phone: str | None = BUDI_PHONE,
    email: str | None = BUDI_EMAIL,
    employer=None,
):
    nik = make_nik(birth_date=birth_date, sex=sex)
    employer = employer or make_employer(name="PT Sumber Rejeki", city="Bandung")
    participant = enrol(
        employer,
        nik,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        start_date=timezone.localdate() - dt.timedelta(days=30),
        phone=phone,
        email=email,
    ).participant
    return nik, participant


def make_account(participant, password: str = PASSWORD, **fields) -> ParticipantAccount:
    """An account as sign-up leaves it, without going through the codes."""
    user = get_user_model().objects.create_user(f"peserta-{participant.pk}", password=password)
    return ParticipantAccount.objects.create(participant=participant, user=user, **fields)


def messages_to(address: str) -> list[OutboxMessage]:
    """Every message queued to this phone (E.164) or e-mail address, oldest first."""
    return [m for m in OutboxMessage.objects.order_by("id") if m.recipient == address]


def codes_sent_to(address: str) -> list[str]:
    codes = []
    for message in messages_to(address):
        if message.purpose.startswith("otp."):
            codes += _CODE.findall(message.body)[:1]
    return codes


def last_code(address: str) -> str:
    codes = codes_sent_to(address)
    assert codes, f"no code was sent to {address}"
    return codes[-1]


def other_code(code: str) -> str:
    """A well-formed code that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"

"""The named cast for ticket and console tests, and the caller they talk about."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jamsos.registry.services import Actor
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import BIRTH, enrol

PASSWORD = "kata-sandi-panjang-1"
# The RFC 6238 test key ("12345678901234567890"), hex as django-otp stores it.
TOTP_KEY = "3132333435363738393031323334353637383930"
CALLER_PHONE = "0812-3456-7890"
CALLER_EMAIL = "budi.santoso@example.com"


def make_staff(username: str, *groups: str, email: str = "", device: bool = True):
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, is_staff=True, email=email
    )
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    if device:
        TOTPDevice.objects.create(user=user, name="phone", key=TOTP_KEY, confirmed=True)
    return user


def current_code(user) -> str:
    device = TOTPDevice.objects.filter(user=user).order_by("id").first()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def as_agent(user) -> Actor:
    return Actor(user=user, role="cs_agent", channel="cs")


def enrol_caller(**overrides):
    """Budi Santoso, born 17/05/1990, working at PT Sumber Rejeki since last month."""
    nik = make_nik(birth_date=BIRTH)
    employer = make_employer(name="PT Sumber Rejeki", city="Bandung")
    values = {
        "start_date": timezone.localdate() - dt.timedelta(days=30),
        "phone": CALLER_PHONE,
        "email": CALLER_EMAIL,
    }
    values.update(overrides)
    participant = enrol(employer, nik, **values).participant
    return nik, participant

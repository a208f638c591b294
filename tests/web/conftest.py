import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol

BIRTH = dt.date(1990, 5, 17)


@pytest.fixture
def budi(db):
    """An active worker: enrolled a month ago, nothing due yet."""
    nik = make_nik(birth_date=BIRTH)
    employer = make_employer(name="PT Sumber Rejeki", city="Bandung")
    result = enrol(employer, nik, start_date=timezone.localdate() - dt.timedelta(days=30))
    return nik, result.participant


def new_captcha() -> dict[str, str]:
    """A fresh challenge answered the way the test-only captcha mode accepts."""
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": "PASSED"}


@pytest.fixture
def lookup(client):
    def post(nik, birth_date="17/05/1990", full_name="Budi Santoso", **extra):
        data = {"nik": nik, "birth_date": birth_date, "full_name": full_name, **new_captcha()}
        return client.post("/cek-kepesertaan/", data, **extra)

    return post

import datetime as dt

import pytest
from django.utils import timezone

from jamsos.registry.verification import (
    CALL_CENTRE,
    SMS_CEK,
    WEB_LOOKUP,
    Claims,
    Factor,
    membership_answer,
    verify,
)
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import BIRTH, enrol

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def worker(db):
    nik = make_nik()
    participant = enrol(
        make_employer(name="PT Maju Jaya", city="Surabaya"),
        nik,
        start_date=dt.date(2026, 10, 5),
        phone="0812-3456-7890",
    ).participant
    participant.phone_verified_at = timezone.now()
    participant.save(update_fields=["phone_verified_at"])
    return nik, participant


def test_the_web_policy_needs_nik_birth_date_and_name_together(worker):
    nik, participant = worker
    good = verify(
        WEB_LOOKUP, Claims(nik=nik, birth_date=BIRTH, full_name="Budi Santoso"), as_of=TODAY
    )
    no_name = verify(WEB_LOOKUP, Claims(nik=nik, birth_date=BIRTH), as_of=TODAY)

    assert good.verified and good.participant == participant
    assert not no_name.verified and no_name.participant is None
    assert no_name.failed == (Factor.FULL_NAME,)
    assert no_name.compared_with_id == participant.pk


def test_an_unknown_nik_fails_on_the_nik_and_names_no_record(db):
    result = verify(
        WEB_LOOKUP, Claims(nik=make_nik(), birth_date=BIRTH, full_name="X"), as_of=TODAY
    )
    assert (result.verified, result.failed, result.compared_with_id) == (False, (Factor.NIK,), None)


def test_the_sms_policy_needs_the_registered_and_verified_phone(worker):
    nik, participant = worker
    assert verify(SMS_CEK, Claims(nik=nik, sender_phone="+6281234567890"), as_of=TODAY).verified
    assert not verify(SMS_CEK, Claims(nik=nik, sender_phone="+6281299999999"), as_of=TODAY).verified

    participant.phone_verified_at = None
    participant.save(update_fields=["phone_verified_at"])
    assert not verify(SMS_CEK, Claims(nik=nik, sender_phone="+6281234567890"), as_of=TODAY).verified


def test_the_call_centre_policy_also_needs_a_fact_not_printed_on_the_ktp(worker):
    nik, _ = worker
    ktp_only = Claims(nik=nik, birth_date=BIRTH, full_name="Budi Santoso")
    with_phone = Claims(nik=nik, birth_date=BIRTH, full_name="Budi Santoso", phone_last4="7890")
    with_employer = Claims(
        nik=nik, birth_date=BIRTH, full_name="Budi Santoso", employer_name="pt maju jaya"
    )

    assert not verify(CALL_CENTRE, ktp_only, as_of=TODAY).verified
    assert verify(CALL_CENTRE, with_phone, as_of=TODAY).verified
    assert verify(CALL_CENTRE, with_employer, as_of=TODAY).verified


def test_each_policy_reveals_only_what_it_allows(worker):
    _, participant = worker
    web = membership_answer(WEB_LOOKUP, participant, as_of=TODAY)
    sms = membership_answer(SMS_CEK, participant, as_of=TODAY)

    assert (web.kpj, web.full_name, web.active, web.employer_name, web.employer_city) == (
        participant.kpj,
        "Budi Santoso",
        True,
        "PT Maju Jaya",
        "Surabaya",
    )
    assert (sms.kpj, sms.active) == (participant.kpj, True)
    assert sms.full_name is None and sms.employer_name is None


def test_the_phone_question_needs_exactly_the_last_four_digits(worker):
    nik, _ = worker
    for answer in ("890", "67890", "78 90", "abcd"):
        claims = Claims(nik=nik, birth_date=BIRTH, full_name="Budi Santoso", phone_last4=answer)
        assert not verify(CALL_CENTRE, claims, as_of=TODAY).verified, answer

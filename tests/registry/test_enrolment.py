import datetime as dt
import threading

import pytest
from django.db import connection, connections

from jamsos.audit.models import AuditEvent
from jamsos.identity import validate_kpj
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Employment, Participant
from jamsos.registry.selectors import participant_by_nik
from jamsos.registry.services import enrol_worker
from tests.factories import SYSTEM, make_employer, make_nik

BIRTH = dt.date(1990, 5, 17)


def enrol(employer, nik=None, **overrides):
    values = {
        "employer": employer,
        "nik": nik,
        "full_name": "Budi Santoso",
        "birth_date": BIRTH,
        "sex": "M",
        "start_date": dt.date(2024, 1, 2),
        "wage": 5_000_000,
        "actor": SYSTEM,
        "phone": "0812-3456-7890",
        "email": "budi.santoso@example.com",
    }
    values.update(overrides)
    return enrol_worker(**values)


@pytest.mark.django_db
def test_a_new_nik_becomes_a_participant_with_a_valid_kpj():
    result = enrol(make_employer(), make_nik())

    assert result.participant_created
    assert validate_kpj(result.participant.kpj) == result.participant.kpj
    assert result.employment.programs == ["JKK", "JKM", "JHT", "JP", "JKP"]
    assert result.participant.phone == "+6281234567890"


@pytest.mark.django_db
def test_a_known_nik_at_a_second_employer_links_to_the_same_participant():
    nik = make_nik()
    first = enrol(make_employer(), nik)
    second = enrol(make_employer(), nik, full_name="H. Budi Santoso, S.E.")

    assert not second.participant_created
    assert second.participant.pk == first.participant.pk
    assert not second.name_differs  # titles do not make a different name
    assert Participant.objects.count() == 1
    assert Employment.objects.filter(participant=first.participant).count() == 2


@pytest.mark.django_db
def test_a_different_name_for_a_known_nik_is_flagged_not_duplicated():
    nik = make_nik()
    enrol(make_employer(), nik)
    result = enrol(make_employer(), nik, full_name="Bambang Sutrisno")

    assert result.name_differs
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_the_same_employer_cannot_enrol_a_worker_twice():
    employer, nik = make_employer(), make_nik()
    enrol(employer, nik)

    with pytest.raises(JamsosError) as refusal:
        enrol(employer, nik)
    assert refusal.value.code == "ENROL_ALREADY_EMPLOYED"
    assert "02/01/2024" in refusal.value.message("en")


@pytest.mark.django_db
def test_a_known_nik_declared_with_another_century_is_an_identity_conflict():
    nik = make_nik(birth_date=dt.date(1925, 1, 5))
    enrol(make_employer(), nik, birth_date=dt.date(1925, 1, 5))

    with pytest.raises(JamsosError) as refusal:
        enrol(make_employer(), nik, birth_date=dt.date(2025, 1, 5), start_date=dt.date(2025, 6, 2))
    assert refusal.value.code == "ENROL_IDENTITY_CONFLICT"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"nik": "12345"}, "NIK_LENGTH"),
        ({"birth_date": dt.date(1990, 5, 18)}, "NIK_BIRTH_DATE_MISMATCH"),
        ({"sex": "F"}, "NIK_SEX_MISMATCH"),
        ({"phone": "12"}, "PHONE_MALFORMED"),
        ({"wage": 0}, "ENROL_WAGE_INVALID"),
        ({"programs": ["JHT"]}, "ENROL_PROGRAMS_INVALID"),
        ({"start_date": dt.date(1980, 1, 1)}, "ENROL_START_DATE_INVALID"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_written(overrides, code):
    employer = make_employer()
    with pytest.raises(JamsosError) as refusal:
        enrol(employer, **{"nik": make_nik(), **overrides})

    assert refusal.value.code == code
    assert refusal.value.message("id") and refusal.value.message("en")
    assert Participant.objects.count() == 0
    assert Employment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_enrolment_is_audited_without_personal_data():
    nik = make_nik()
    result = enrol(make_employer(), nik)

    event = AuditEvent.objects.get(action="participant.enrol")
    assert event.subject_participant_id == result.participant.pk
    assert nik not in str(event.details)


@pytest.mark.django_db
def test_a_participant_is_found_by_nik_through_the_blind_index():
    nik = make_nik()
    result = enrol(make_employer(), nik)

    assert participant_by_nik(nik) == result.participant
    assert participant_by_nik(make_nik()) is None


@pytest.mark.django_db
def test_the_database_rows_hold_no_plaintext_nik_phone_or_email():
    nik = make_nik()
    enrol(make_employer(), nik, phone="081234567890", email="rahasia.sekali@example.com")

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_participant")
        raw_rows = " ".join(str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT * FROM audit_event")
        raw_rows += " ".join(str(value) for row in cursor.fetchall() for value in row)

    for secret in (nik, "81234567890", "rahasia.sekali", "example.com"):
        assert secret not in raw_rows
    assert "Budi Santoso" in raw_rows  # the name is stored in clear, so the check is real


def run_at_once(work, arguments):
    """Run work(argument) for every argument in its own thread, released together.

    Each thread has its own database connection, so on PostgreSQL these are truly
    concurrent transactions. Returns each result, or the exception it raised.
    """
    start = threading.Barrier(len(arguments))
    outcomes: list[object] = []

    def run(argument):
        try:
            start.wait()
            outcomes.append(work(argument))
        except Exception as exc:  # collected for the caller to assert on
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_of_one_nik_never_create_a_second_participant():
    employers = [make_employer() for _ in range(8)]
    nik = make_nik()

    outcomes = run_at_once(lambda employer: enrol(employer, nik).participant.pk, employers)

    assert Participant.objects.count() == 1
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int), outcomes
    assert Employment.objects.filter(participant_id=outcomes[0]).count() == len(employers)


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_of_different_people_get_different_kpj_numbers():
    employer = make_employer()
    niks = [make_nik() for _ in range(8)]

    kpjs = run_at_once(lambda nik: enrol(employer, nik).participant.kpj, niks)

    assert all(isinstance(kpj, str) and validate_kpj(kpj) == kpj for kpj in kpjs), kpjs
    assert len(set(kpjs)) == len(niks)

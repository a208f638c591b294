import pytest
from django.core.management import call_command
from django.db import connection

from jamsos.registry.models import Participant
from tests.factories import make_employer, make_nik
from tests.registry.test_enrolment import enrol


def raw_columns(participant_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik, phone, email FROM registry_participant WHERE id = %s", [participant_id]
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_reencrypt_moves_values_written_under_an_old_key_to_the_current_one(settings, capsys):
    settings.PERSONAL_DATA_CURRENT_KEY = "t1"
    nik = make_nik()
    old = enrol(make_employer(), nik).participant
    assert all(value.startswith("t1$") for value in raw_columns(old.pk))

    settings.PERSONAL_DATA_CURRENT_KEY = "t2"
    fresh = enrol(make_employer(), make_nik(), email=None).participant
    call_command("keys", "reencrypt")

    assert all(value.startswith("t2$") for value in raw_columns(old.pk))
    assert raw_columns(fresh.pk)[2] is None  # absent stays absent
    reread = Participant.objects.get(pk=old.pk)
    assert (reread.nik, reread.phone, reread.email) == (nik, old.phone, old.email)
    assert "registry.Participant: 1 rows re-encrypted" in capsys.readouterr().out


@pytest.mark.django_db
def test_reencrypt_with_nothing_to_move_changes_nothing(capsys):
    enrol(make_employer(), make_nik())
    call_command("keys", "reencrypt")
    assert "registry.Participant: 0 rows re-encrypted" in capsys.readouterr().out

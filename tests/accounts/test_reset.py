"""Forgotten passwords: a code to the registered contacts, the same answer for anyone."""

import datetime as dt

import pytest
from django.utils import timezone

from jamsos.accounts.models import OneTimeCode
from jamsos.accounts.services import login_with_password, reset_complete, reset_start
from jamsos.ops.errors import JamsosError
from tests.accounts.cast import (
    BUDI_EMAIL,
    BUDI_PHONE,
    MALLORY_PHONE,
    NEW_PASSWORD,
    PASSWORD,
    codes_sent_to,
    last_code,
    messages_to,
    other_code,
)

pytestmark = pytest.mark.django_db


def test_a_reset_code_goes_to_the_registered_phone_and_email_and_lives_15_minutes(
    budi, budi_account
):
    nik, _ = budi

    challenge = reset_start(identifier=nik)

    assert codes_sent_to(BUDI_PHONE) == codes_sent_to(BUDI_EMAIL) != []
    row = OneTimeCode.objects.get(handle=challenge.handle)
    assert row.expires_at - row.created_at == dt.timedelta(minutes=15)
    assert challenge.sent_to == ()


def test_the_reset_request_answers_the_same_whether_or_not_an_account_exists(budi, siti):
    nik, _ = budi  # no account
    answers = [
        reset_start(identifier=nik),
        reset_start(identifier="nobody@example.com"),
    ]

    assert {(a.purpose, a.sent_to, len(a.handle)) for a in answers} == {("reset", (), 32)}
    assert codes_sent_to(BUDI_PHONE) == []


def test_a_reset_with_someone_elses_nik_changes_nothing_and_sends_nothing_to_the_asker(
    budi, budi_account
):
    nik, participant = budi

    challenge = reset_start(identifier=nik)
    for guess in ("000000", "111111", "222222", "333333", "444444"):
        with pytest.raises(JamsosError):
            reset_complete(handle=challenge.handle, code=guess, password="mallory-was-here-1")

    assert messages_to(MALLORY_PHONE) == []
    budi_account.user.refresh_from_db()
    assert budi_account.user.check_password(PASSWORD)
    participant.refresh_from_db()
    assert participant.phone == BUDI_PHONE
    # The fifth wrong guess ended the code: even Budi's code no longer works.
    with pytest.raises(JamsosError) as refusal:
        reset_complete(handle=challenge.handle, code=last_code(BUDI_PHONE), password=NEW_PASSWORD)
    assert refusal.value.code == "OTP_TOO_MANY_TRIES"


def test_the_code_sets_the_new_password_ends_sessions_and_tells_the_old_channels(
    budi, budi_account
):
    nik, _ = budi
    before = timezone.now()
    challenge = reset_start(identifier=nik)

    reset_complete(handle=challenge.handle, code=last_code(BUDI_PHONE), password=NEW_PASSWORD)

    budi_account.refresh_from_db()
    assert budi_account.sessions_valid_after >= before
    assert login_with_password(identifier=nik, password=NEW_PASSWORD).complete
    assert [m.purpose for m in messages_to(BUDI_PHONE)][-1] == "account.password_changed"
    assert [m.purpose for m in messages_to(BUDI_EMAIL)][-1] == "account.password_changed"


def test_a_reset_code_cannot_be_used_twice(budi, budi_account):
    challenge = reset_start(identifier=budi[0])
    code = last_code(BUDI_PHONE)
    reset_complete(handle=challenge.handle, code=code, password=NEW_PASSWORD)

    with pytest.raises(JamsosError) as refusal:
        reset_complete(handle=challenge.handle, code=code, password="yet-another-pass-3")
    assert refusal.value.code == "OTP_EXPIRED"


def test_a_sign_up_code_does_not_reset_a_password(budi, budi_account):
    challenge = reset_start(identifier=budi[0])
    code = last_code(BUDI_PHONE)

    with pytest.raises(JamsosError):
        reset_complete(handle=challenge.handle, code=other_code(code), password=NEW_PASSWORD)
    assert OneTimeCode.objects.get(handle=challenge.handle).failed_attempts == 1

"""One-time codes: guessing, reuse, expiry, purpose, limits, and two entries at once."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from jamsos.accounts.codes import (
    Check,
    check_code,
    code_hash,
    enforce_code_limits,
    issue_code,
    issue_decoy,
    verify_code,
)
from jamsos.accounts.models import OneTimeCode, Purpose
from jamsos.ops.errors import JamsosError
from tests.accounts.cast import BUDI_EMAIL, BUDI_PHONE, last_code, messages_to, other_code
from tests.registry.test_enrolment import run_at_once


def send_code(participant, purpose=Purpose.LOGIN, seconds=300):
    with transaction.atomic():
        challenge = issue_code(
            purpose=purpose,
            participant=participant,
            recipients=[("phone", BUDI_PHONE)],
            lifetime_seconds=seconds,
        )
    return challenge, last_code(BUDI_PHONE)


def check(challenge, code, purpose=Purpose.LOGIN, participant_id=None):
    with transaction.atomic():
        return check_code(
            handle=challenge.handle, code=code, purpose=purpose, participant_id=participant_id
        )


@pytest.mark.django_db
def test_a_code_is_six_random_digits_kept_only_as_a_keyed_hash(budi):
    _, participant = budi
    challenge, code = send_code(participant)

    row = OneTimeCode.objects.get(handle=challenge.handle)
    assert len(code) == 6 and code.isdigit()
    assert code not in row.code_hash
    assert row.code_hash == code_hash(challenge.handle, "login", code)
    assert challenge.sent_to == ("+62 ****-****-890",)
    assert messages_to(BUDI_PHONE)[0].purpose == "otp.login"


@pytest.mark.django_db
def test_a_right_code_works_once_and_never_again(budi):
    challenge, code = send_code(budi[1])

    assert check(challenge, code).ok
    again = check(challenge, code)

    assert again.outcome == Check.EXPIRED
    assert again.error().code == "OTP_EXPIRED"


@pytest.mark.django_db
def test_five_wrong_guesses_end_a_code_and_then_even_the_right_one_is_refused(budi):
    challenge, code = send_code(budi[1])
    wrong = other_code(code)

    results = [check(challenge, wrong) for _ in range(5)]

    assert [r.tries_left for r in results[:4]] == [4, 3, 2, 1]
    assert results[4].outcome == Check.TOO_MANY
    assert check(challenge, code).outcome == Check.TOO_MANY
    assert OneTimeCode.objects.get(handle=challenge.handle).failed_attempts == 5


@pytest.mark.django_db
def test_wrong_tries_are_counted_even_though_the_check_refuses(budi):
    challenge, code = send_code(budi[1])

    with pytest.raises(JamsosError) as refusal:
        verify_code(handle=challenge.handle, code=other_code(code), purpose=Purpose.LOGIN)

    assert refusal.value.code == "OTP_WRONG"
    assert "4" in refusal.value.message("en")
    assert OneTimeCode.objects.get(handle=challenge.handle).failed_attempts == 1


@pytest.mark.django_db
def test_a_code_past_its_five_minutes_is_refused(budi):
    challenge, code = send_code(budi[1])
    past = timezone.now() - dt.timedelta(minutes=6)
    OneTimeCode.objects.filter(handle=challenge.handle).update(
        created_at=past - dt.timedelta(minutes=5), expires_at=past
    )

    assert check(challenge, code).outcome == Check.EXPIRED


@pytest.mark.django_db
def test_a_code_lives_five_minutes_by_default(budi):
    challenge, _ = send_code(budi[1])

    row = OneTimeCode.objects.get(handle=challenge.handle)
    assert row.expires_at - row.created_at == dt.timedelta(minutes=5)


@pytest.mark.django_db
def test_a_code_for_another_purpose_is_refused_and_counts_as_a_wrong_try(budi):
    challenge, code = send_code(budi[1], purpose=Purpose.LOGIN)

    result = check(challenge, code, purpose=Purpose.RESET)

    assert result.outcome == Check.WRONG
    assert OneTimeCode.objects.get(handle=challenge.handle).failed_attempts == 1
    assert OneTimeCode.objects.get(handle=challenge.handle).used_at is None


@pytest.mark.django_db
def test_a_code_of_another_person_is_refused(budi, siti):
    challenge, code = send_code(budi[1])

    assert check(challenge, code, participant_id=siti[1].pk).outcome == Check.WRONG
    assert check(challenge, code, participant_id=budi[1].pk).ok


@pytest.mark.django_db
def test_no_code_answers_a_decoy():
    with transaction.atomic():
        challenge = issue_decoy(purpose=Purpose.SIGNUP, lifetime_seconds=300)
    row = OneTimeCode.objects.get(handle=challenge.handle)

    assert row.participant_id is None
    assert all(
        not check(challenge, f"{n:06d}", purpose=Purpose.SIGNUP).ok
        for n in range(0, 1_000_000, 250_001)
    )


@pytest.mark.django_db
def test_codes_are_limited_per_person_per_hour(budi):
    for _ in range(5):
        enforce_code_limits(person_key="participant:1", phone_key=None)

    with pytest.raises(JamsosError) as refusal:
        enforce_code_limits(person_key="participant:1", phone_key=None)
    assert refusal.value.code == "OTP_LIMITED"
    enforce_code_limits(person_key="participant:2", phone_key=None)


@pytest.mark.django_db
def test_codes_are_limited_per_phone_whoever_asks(budi):
    for n in range(5):
        enforce_code_limits(person_key=f"participant:{n}", phone_key=BUDI_PHONE)

    with pytest.raises(JamsosError) as refusal:
        enforce_code_limits(person_key="participant:99", phone_key=BUDI_PHONE)
    assert refusal.value.code == "OTP_LIMITED"


@pytest.mark.django_db
def test_the_daily_limit_holds_across_hours(budi, monkeypatch):
    monkeypatch.setenv("JAMSOS_OTP_PER_ACCOUNT_HOUR", "100")
    monkeypatch.setenv("JAMSOS_OTP_PER_ACCOUNT_DAY", "3")
    for _ in range(3):
        enforce_code_limits(person_key="participant:1", phone_key=None)

    with pytest.raises(JamsosError):
        enforce_code_limits(person_key="participant:1", phone_key=None)


@pytest.mark.django_db
def test_an_email_recipient_gets_the_code_with_a_subject(budi):
    with transaction.atomic():
        issue_code(
            purpose=Purpose.SIGNUP,
            participant=budi[1],
            recipients=[("email", BUDI_EMAIL)],
            lifetime_seconds=300,
        )
    [message] = messages_to(BUDI_EMAIL)
    assert message.kind == "email" and message.subject
    assert message.purpose == "otp.signup"


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_entries_of_one_right_code_at_the_same_moment_let_exactly_one_win(budi):
    challenge, code = send_code(budi[1])

    outcomes = run_at_once(lambda _: check(challenge, code).outcome, range(2))

    assert sorted(outcomes) == [Check.EXPIRED, Check.OK], outcomes


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_many_entries_of_one_right_code_at_once_still_let_exactly_one_win(budi):
    challenge, code = send_code(budi[1])

    outcomes = run_at_once(lambda _: check(challenge, code).outcome, range(8))

    assert outcomes.count(Check.OK) == 1, outcomes

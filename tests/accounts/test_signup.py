"""Sign-up: NIK, name and birth date identify; only a code on the record's contacts proves."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jamsos.accounts.models import (
    OneTimeCode,
    ParticipantAccount,
    StepUpReason,
    StepUpRequest,
    StepUpStatus,
)
from jamsos.accounts.services import signup_complete, signup_resume, signup_start, stepup_approve
from jamsos.audit.models import AuditEvent
from jamsos.notify.models import OutboxMessage
from jamsos.ops.errors import JamsosError
from tests.accounts.cast import (
    BUDI_BIRTH,
    BUDI_EMAIL,
    BUDI_PHONE,
    MALLORY_PHONE,
    NEW_PASSWORD,
    PASSWORD,
    codes_sent_to,
    last_code,
    make_account,
    make_participant,
    messages_to,
    other_code,
)
from tests.helpdesk.cast import make_staff

pytestmark = pytest.mark.django_db


def start(nik, *, name="Budi Santoso", birth=BUDI_BIRTH, phone="0812-3456-7890", email=BUDI_EMAIL):
    return signup_start(nik=nik, full_name=name, birth_date=birth, phone=phone, email=email)


def test_a_matching_person_gets_one_code_on_the_phone_and_the_email_on_record(budi):
    nik, participant = budi

    challenge = start(nik, email="typed-elsewhere@example.com")

    [sms_code] = codes_sent_to(BUDI_PHONE)
    [mail_code] = codes_sent_to(BUDI_EMAIL)
    assert sms_code == mail_code
    assert messages_to("typed-elsewhere@example.com") == []
    assert challenge.sent_to == ()  # never shown: it would tell the data matched
    assert OneTimeCode.objects.get(handle=challenge.handle).participant_id == participant.pk


def test_the_code_and_a_good_password_create_an_account_that_is_not_staff(budi):
    nik, participant = budi
    challenge = start(nik)

    account = signup_complete(
        handle=challenge.handle, code=last_code(BUDI_PHONE), password=PASSWORD
    )

    assert account.participant_id == participant.pk
    user = account.user
    assert not user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    assert str(participant.kpj) not in user.username and nik not in user.username
    assert user.email == ""  # contacts stay encrypted on the registry record only
    assert AuditEvent.objects.filter(
        action="account.signup.complete", subject_participant_id=participant.pk, channel="portal"
    ).exists()
    assert [m.purpose for m in messages_to(BUDI_PHONE)] == ["otp.signup", "account.created"]


def test_someone_elses_nik_name_and_birth_date_send_nothing_to_a_new_number(budi):
    nik, participant = budi

    challenge = start(nik, phone=MALLORY_PHONE, email="mallory@example.com")

    assert messages_to(MALLORY_PHONE) == []
    assert messages_to("mallory@example.com") == []
    assert codes_sent_to(BUDI_PHONE) == []
    assert not ParticipantAccount.objects.exists()
    # A decoy: nothing typed can answer it.
    assert OneTimeCode.objects.get(handle=challenge.handle).participant_id is None
    for guess in ("000000", "123456", "999999"):
        with pytest.raises(JamsosError):
            signup_complete(handle=challenge.handle, code=guess, password=PASSWORD)
    assert not ParticipantAccount.objects.exists()
    participant.refresh_from_db()
    assert participant.phone == BUDI_PHONE


def test_a_changed_phone_leaves_a_step_up_and_warns_the_record_s_contacts(budi):
    nik, participant = budi

    start(nik, phone=MALLORY_PHONE)

    step_up = StepUpRequest.objects.get(participant=participant)
    assert (step_up.kind, step_up.reason, step_up.status) == ("signup", "phone_changed", "pending")
    notices = [m.purpose for m in messages_to(BUDI_PHONE)]
    assert notices == ["account.signup_step_up"]


def test_asking_again_keeps_one_pending_step_up(budi):
    nik, participant = budi
    start(nik, phone=MALLORY_PHONE)
    start(nik, phone=MALLORY_PHONE)

    assert StepUpRequest.objects.filter(participant=participant).count() == 1


def test_a_record_without_any_contact_needs_an_officer(db):
    nik, participant = make_participant(phone=None, email=None)

    start(nik)

    assert StepUpRequest.objects.get(participant=participant).reason == StepUpReason.NO_CONTACT
    assert OutboxMessage.objects.count() == 0


def test_a_record_with_only_an_email_needs_an_officer_for_the_phone(db):
    nik, participant = make_participant(phone=None)

    start(nik)

    assert StepUpRequest.objects.get(participant=participant).reason == StepUpReason.PHONE_MISSING
    assert codes_sent_to(BUDI_EMAIL) == []


def test_every_case_answers_with_the_same_kind_of_challenge(budi, siti):
    nik, _ = budi
    siti_nik, siti_participant = siti
    make_account(siti_participant)
    unknown = make_participant(full_name="Joko Widodo", phone="0813-1111-2222")[0]

    answers = [
        start(nik),  # matches: a code goes out
        start(nik, name="Orang Lain"),  # wrong name
        start(siti_nik, name="Siti Aminah", birth=siti_participant.birth_date),  # has an account
        start(unknown, name="Joko Widodo", phone=MALLORY_PHONE),  # phone differs: step-up
    ]

    assert {(a.purpose, a.sent_to, len(a.handle)) for a in answers} == {("signup", (), 32)}
    lifetimes = {round((a.expires_at - timezone.now()).total_seconds(), -1) for a in answers}
    assert lifetimes == {300}
    assert len({a.handle for a in answers}) == 4


def test_an_existing_account_is_told_and_nothing_changes(budi_account, budi):
    nik, _participant = budi

    start(nik)

    assert codes_sent_to(BUDI_PHONE) == []
    assert [m.purpose for m in messages_to(BUDI_PHONE)] == ["account.signup_exists"]
    assert ParticipantAccount.objects.count() == 1


def test_a_weak_password_is_refused_before_the_code_is_used(budi):
    nik, _ = budi
    challenge = start(nik)
    code = last_code(BUDI_PHONE)

    with pytest.raises(JamsosError) as refusal:
        signup_complete(handle=challenge.handle, code=code, password="12345")
    assert refusal.value.code == "PASSWORD_REJECTED"
    assert refusal.value.message("id") != refusal.value.message("en")

    assert signup_complete(handle=challenge.handle, code=code, password=PASSWORD)


def test_a_wrong_code_is_refused_and_the_try_is_counted(budi):
    nik, participant = budi
    challenge = start(nik)

    with pytest.raises(JamsosError) as refusal:
        signup_complete(
            handle=challenge.handle, code=other_code(last_code(BUDI_PHONE)), password=PASSWORD
        )

    assert refusal.value.code == "OTP_WRONG"
    assert not ParticipantAccount.objects.exists()
    assert AuditEvent.objects.filter(
        action="account.signup.code", subject_participant_id=participant.pk
    ).exists()


def test_an_officer_step_up_sends_the_code_to_the_checked_phone_and_nik_with_code_finishes(budi):
    nik, participant = budi
    start(nik, phone=MALLORY_PHONE)  # really Budi, with a new phone
    officer = make_staff("cabang", "branch_officer")
    step_up = StepUpRequest.objects.get(participant=participant)

    stepup_approve(
        step_up=step_up,
        officer=officer,
        evidence="in_person",
        phone=MALLORY_PHONE,
        note="KTP dicek",
    )

    step_up.refresh_from_db()
    assert step_up.status == StepUpStatus.APPROVED and step_up.resolved_by == officer
    participant.refresh_from_db()
    assert participant.phone == MALLORY_PHONE and participant.phone_verified_at is not None
    code = last_code(MALLORY_PHONE)
    account = signup_resume(nik=nik, code=code, password=NEW_PASSWORD)
    assert account.participant_id == participant.pk
    assert AuditEvent.objects.filter(action="account.stepup.approve", actor=officer).exists()


def test_finishing_with_an_officer_s_code_refuses_wrong_codes_the_same_for_any_nik(budi):
    nik, _participant = budi
    stranger = make_participant(full_name="Joko Widodo", phone="0813-1111-2222")[0]

    refusals = []
    for who in (nik, stranger):
        with pytest.raises(JamsosError) as refusal:
            signup_resume(nik=who, code="123456", password=PASSWORD)
        refusals.append(refusal.value.code)

    assert refusals == ["OTP_INVALID", "OTP_INVALID"]
    assert not get_user_model().objects.filter(username__startswith="peserta-").exists()


def test_an_approved_step_up_cannot_be_approved_again(budi):
    nik, participant = budi
    start(nik, phone=MALLORY_PHONE)
    officer = make_staff("cabang", "branch_officer")
    step_up = StepUpRequest.objects.get(participant=participant)
    stepup_approve(step_up=step_up, officer=officer, evidence="in_person", phone=MALLORY_PHONE)

    with pytest.raises(JamsosError) as refusal:
        stepup_approve(
            step_up=step_up, officer=officer, evidence="in_person", phone="0813-0000-1111"
        )
    assert refusal.value.code == "STEPUP_NOT_PENDING"

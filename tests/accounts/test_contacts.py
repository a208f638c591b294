"""Changing the phone or e-mail: a code on the OLD contact first, then on the new one."""

import pytest

from jamsos.accounts.models import StepUpRequest
from jamsos.accounts.services import (
    contact_change_confirm_new,
    contact_change_request_stepup,
    contact_change_start,
    contact_change_verify_old,
    stepup_approve,
)
from jamsos.ops.errors import JamsosError
from tests.accounts.cast import (
    BUDI_EMAIL,
    BUDI_PHONE,
    MALLORY_PHONE,
    codes_sent_to,
    last_code,
    make_account,
    make_participant,
    messages_to,
)
from tests.helpdesk.cast import make_staff

pytestmark = pytest.mark.django_db
NEW_PHONE = "+6281311112222"


def test_a_new_phone_gets_nothing_until_the_old_phone_s_code_is_entered(budi_account):
    challenge = contact_change_start(account=budi_account, kind="phone", value="0813-1111-2222")

    assert challenge.sent_to == ("+62 ****-****-890",)
    assert codes_sent_to(NEW_PHONE) == []
    assert len(codes_sent_to(BUDI_PHONE)) == 1

    second = contact_change_verify_old(
        account=budi_account, handle=challenge.handle, code=last_code(BUDI_PHONE)
    )

    assert len(codes_sent_to(NEW_PHONE)) == 1
    budi_account.participant.refresh_from_db()
    assert budi_account.participant.phone == BUDI_PHONE  # not yet
    participant = contact_change_confirm_new(
        account=budi_account, handle=second.handle, code=last_code(NEW_PHONE)
    )
    assert participant.phone == NEW_PHONE and participant.phone_verified_at is not None
    assert messages_to(BUDI_PHONE)[-1].purpose == "account.contact_changed"


def test_the_new_contact_s_code_cannot_stand_in_for_the_old_one(budi_account):
    challenge = contact_change_start(account=budi_account, kind="phone", value=MALLORY_PHONE)

    with pytest.raises(JamsosError):
        contact_change_confirm_new(
            account=budi_account, handle=challenge.handle, code=last_code(BUDI_PHONE)
        )
    budi_account.participant.refresh_from_db()
    assert budi_account.participant.phone == BUDI_PHONE


def test_without_the_old_contact_s_code_nothing_changes(budi_account):
    challenge = contact_change_start(account=budi_account, kind="phone", value=MALLORY_PHONE)

    for guess in ("000000", "111111", "222222"):
        with pytest.raises(JamsosError):
            contact_change_verify_old(account=budi_account, handle=challenge.handle, code=guess)

    assert codes_sent_to(MALLORY_PHONE) == []
    budi_account.participant.refresh_from_db()
    assert budi_account.participant.phone == BUDI_PHONE


def test_an_email_change_asks_the_old_email(budi_account):
    challenge = contact_change_start(
        account=budi_account, kind="email", value="budi@baru.example.com"
    )

    assert codes_sent_to(BUDI_EMAIL) and not codes_sent_to(BUDI_PHONE)
    second = contact_change_verify_old(
        account=budi_account, handle=challenge.handle, code=last_code(BUDI_EMAIL)
    )
    contact_change_confirm_new(
        account=budi_account, handle=second.handle, code=last_code("budi@baru.example.com")
    )
    budi_account.participant.refresh_from_db()
    assert budi_account.participant.email == "budi@baru.example.com"


def test_adding_an_email_to_a_record_without_one_asks_the_phone(db):
    _, participant = make_participant(email=None)
    account = make_account(participant)

    contact_change_start(account=account, kind="email", value="budi@baru.example.com")

    assert len(codes_sent_to(BUDI_PHONE)) == 1


def test_the_same_contact_again_is_refused(budi_account):
    with pytest.raises(JamsosError) as refusal:
        contact_change_start(account=budi_account, kind="phone", value="0812-3456-7890")
    assert refusal.value.code == "CONTACT_UNCHANGED"


def test_a_landline_is_refused_for_the_phone(budi_account):
    with pytest.raises(JamsosError) as refusal:
        contact_change_start(account=budi_account, kind="phone", value="021-5550-1234")
    assert refusal.value.code == "PHONE_NOT_MOBILE"


def test_someone_else_s_code_handle_does_not_work_on_my_account(budi_account, siti_account):
    challenge = contact_change_start(account=budi_account, kind="phone", value=MALLORY_PHONE)

    with pytest.raises(JamsosError):
        contact_change_verify_old(
            account=siti_account, handle=challenge.handle, code=last_code(BUDI_PHONE)
        )
    assert codes_sent_to(MALLORY_PHONE) == []


def test_a_lost_old_phone_goes_through_an_officer_who_sets_the_new_one_and_ends_sessions(
    budi_account,
):
    step_up = contact_change_request_stepup(account=budi_account)
    before = budi_account.sessions_valid_after
    officer = make_staff("agen", "cs_agent")

    stepup_approve(
        step_up=step_up, officer=officer, evidence="call_centre", phone=NEW_PHONE, note="T-1"
    )

    budi_account.refresh_from_db()
    assert budi_account.sessions_valid_after > before
    budi_account.participant.refresh_from_db()
    assert budi_account.participant.phone == NEW_PHONE
    assert messages_to(BUDI_PHONE)[-1].purpose == "account.contact_changed"  # the old one is told
    assert messages_to(NEW_PHONE)[-1].purpose == "account.contact_changed"
    assert StepUpRequest.objects.get().status == "approved"

"""Log-in: NIK or e-mail and password, the pause after wrong passwords, the SMS code,
and when a session ends."""

import datetime as dt

import pytest
from django.utils import timezone

from jamsos.accounts import login as login_module
from jamsos.accounts.models import LoginThrottle
from jamsos.accounts.services import (
    login_complete,
    login_with_password,
    reset_complete,
    reset_start,
    session_is_current,
)
from jamsos.audit.models import AuditEvent
from jamsos.ops.errors import JamsosError
from tests.accounts.cast import (
    BUDI_EMAIL,
    BUDI_PHONE,
    NEW_PASSWORD,
    PASSWORD,
    last_code,
    make_account,
    make_participant,
    other_code,
)

pytestmark = pytest.mark.django_db


def refusal_of(identifier, password):
    with pytest.raises(JamsosError) as refusal:
        login_with_password(identifier=identifier, password=password)
    return refusal.value


def test_a_participant_logs_in_with_their_nik_or_their_email(budi, budi_account):
    nik, _ = budi

    by_nik = login_with_password(identifier=nik, password=PASSWORD)
    by_email = login_with_password(identifier="budi.santoso@EXAMPLE.com", password=PASSWORD)

    assert by_nik.account == budi_account and by_nik.complete
    assert by_email.account == budi_account
    budi_account.user.refresh_from_db()
    assert budi_account.user.last_login is not None
    assert (
        AuditEvent.objects.filter(
            action="account.login", outcome="success", subject_participant_id=budi_account.pk
        ).count()
        == 2
    )


def test_a_wrong_password_and_an_unknown_nik_get_the_same_refusal(budi, budi_account):
    nik, _ = budi
    stranger_nik = make_participant(full_name="Joko Widodo")[0]  # no account

    wrong_password = refusal_of(nik, "not-the-password")
    no_account = refusal_of(stranger_nik, PASSWORD)
    unknown_email = refusal_of("nobody@example.com", PASSWORD)

    assert {r.code for r in (wrong_password, no_account, unknown_email)} == {"LOGIN_FAILED"}
    assert len({r.message("en") for r in (wrong_password, no_account, unknown_email)}) == 1


def test_something_that_is_neither_a_nik_nor_an_email_is_refused_as_such(db):
    assert refusal_of("budi", PASSWORD).code == "IDENTIFIER_INVALID"


def test_five_wrong_passwords_pause_log_in_even_for_the_right_password(budi, budi_account):
    nik, _ = budi
    codes = [refusal_of(nik, "wrong-password").code for _ in range(5)]

    assert codes == ["LOGIN_FAILED"] * 4 + ["LOGIN_LOCKED"]
    locked = refusal_of(nik, PASSWORD)
    assert locked.code == "LOGIN_LOCKED"
    assert locked.http_status == 429
    # The e-mail leads to the same account, and to the same pause.
    assert refusal_of(BUDI_EMAIL, PASSWORD).code == "LOGIN_LOCKED"


def test_the_pause_ends_after_its_cool_off(budi, budi_account):
    nik, _ = budi
    for _ in range(5):
        refusal_of(nik, "wrong-password")
    LoginThrottle.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))

    assert login_with_password(identifier=nik, password=PASSWORD).complete


def test_the_pause_lasts_the_configured_cool_off(budi, budi_account, monkeypatch):
    monkeypatch.setenv("JAMSOS_PORTAL_LOCK_AFTER", "2")
    monkeypatch.setenv("JAMSOS_PORTAL_LOCK_SECONDS", "60")
    nik, _ = budi
    before = timezone.now()
    refusal_of(nik, "wrong-password")
    refusal_of(nik, "wrong-password")

    [throttle] = LoginThrottle.objects.all()
    assert before + dt.timedelta(seconds=59) < throttle.locked_until
    assert throttle.locked_until <= timezone.now() + dt.timedelta(seconds=60)


def test_an_identifier_without_an_account_is_paused_by_the_same_rule(budi):
    nik, _ = budi  # no account

    codes = [refusal_of(nik, "whatever-password").code for _ in range(6)]

    assert codes == ["LOGIN_FAILED"] * 4 + ["LOGIN_LOCKED"] * 2


def test_a_password_reset_lifts_the_pause(budi, budi_account):
    nik, _ = budi
    for _ in range(5):
        refusal_of(nik, "wrong-password")

    challenge = reset_start(identifier=nik)
    reset_complete(handle=challenge.handle, code=last_code(BUDI_PHONE), password=NEW_PASSWORD)

    assert login_with_password(identifier=nik, password=NEW_PASSWORD).complete


def test_an_email_shared_by_two_accounts_logs_in_neither_so_the_nik_must_be_used(
    budi, budi_account
):
    brother_nik, brother = make_participant(full_name="Agus Santoso")  # same family e-mail
    make_account(brother)

    assert refusal_of(BUDI_EMAIL, PASSWORD).code == "LOGIN_FAILED"
    assert login_with_password(identifier=brother_nik, password=PASSWORD).account.pk == brother.pk


def test_a_deactivated_user_cannot_log_in(budi, budi_account):
    budi_account.user.is_active = False
    budi_account.user.save()

    assert refusal_of(budi[0], PASSWORD).code == "LOGIN_FAILED"


def test_with_the_sms_code_turned_on_the_password_alone_does_not_finish_log_in(budi):
    nik, participant = budi
    account = make_account(participant, sms_second_factor=True)

    result = login_with_password(identifier=nik, password=PASSWORD)

    assert not result.complete
    assert result.second_factor.sent_to == ("+62 ****-****-890",)
    with pytest.raises(JamsosError):
        login_complete(
            account=account,
            handle=result.second_factor.handle,
            code=other_code(last_code(BUDI_PHONE)),
        )
    assert (
        login_complete(
            account=account, handle=result.second_factor.handle, code=last_code(BUDI_PHONE)
        )
        == account
    )


def test_a_log_in_code_cannot_finish_someone_else_s_log_in(budi, siti, siti_account):
    nik, participant = budi
    account = make_account(participant, sms_second_factor=True)
    result = login_with_password(identifier=nik, password=PASSWORD)

    with pytest.raises(JamsosError):
        login_complete(
            account=siti_account, handle=result.second_factor.handle, code=last_code(BUDI_PHONE)
        )
    assert login_complete(
        account=account, handle=result.second_factor.handle, code=last_code(BUDI_PHONE)
    )


def test_a_session_ends_when_idle_too_long(budi_account, monkeypatch):
    monkeypatch.setenv("JAMSOS_PORTAL_IDLE_SECONDS", "600")
    now = timezone.now()
    budi_account.sessions_valid_after = now - dt.timedelta(days=1)
    began = now - dt.timedelta(minutes=30)

    assert session_is_current(
        budi_account, authenticated_at=began, last_seen_at=now - dt.timedelta(minutes=9), now=now
    )
    assert not session_is_current(
        budi_account, authenticated_at=began, last_seen_at=now - dt.timedelta(minutes=11), now=now
    )


def test_a_session_ends_after_its_absolute_limit_however_busy(budi_account, monkeypatch):
    monkeypatch.setenv("JAMSOS_PORTAL_ABSOLUTE_SECONDS", "3600")
    now = timezone.now()
    budi_account.sessions_valid_after = now - dt.timedelta(days=1)

    assert session_is_current(
        budi_account, authenticated_at=now - dt.timedelta(minutes=59), last_seen_at=now, now=now
    )
    assert not session_is_current(
        budi_account, authenticated_at=now - dt.timedelta(minutes=61), last_seen_at=now, now=now
    )


def test_a_session_begun_before_the_sessions_were_ended_is_over(budi_account):
    now = timezone.now()
    budi_account.sessions_valid_after = now

    assert not session_is_current(
        budi_account, authenticated_at=now - dt.timedelta(seconds=1), last_seen_at=now, now=now
    )


def test_an_api_client_holding_only_the_handle_finishes_log_in_as_the_code_s_account(budi):
    nik, participant = budi
    account = make_account(participant, sms_second_factor=True)
    result = login_with_password(identifier=nik, password=PASSWORD, channel="api")

    done = login_complete(
        handle=result.second_factor.handle, code=last_code(BUDI_PHONE), channel="api"
    )

    assert done == account


def test_unused_throttle_rows_are_cleared_but_a_live_pause_is_kept(budi, monkeypatch):
    nik, _ = budi
    for _ in range(5):
        refusal_of(nik, "wrong-password")
    LoginThrottle.objects.create(key="old", updated_at=timezone.now() - dt.timedelta(days=2))
    LoginThrottle.objects.update(updated_at=timezone.now() - dt.timedelta(days=2))
    monkeypatch.setattr(login_module, "_PURGE_PROBABILITY", 1.0)

    refusal_of("nobody@example.com", "whatever-password")

    keys = set(LoginThrottle.objects.values_list("key", flat=True))
    assert "old" not in keys
    assert LoginThrottle.objects.filter(locked_until__gt=timezone.now()).count() == 1

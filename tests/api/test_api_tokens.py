"""Sign-up, log-in and the token life cycle over the API."""

import datetime as dt

from django.utils import timezone

from jamsos.channels.api.models import ApiToken, TokenKind
from tests.accounts.cast import BUDI_EMAIL, BUDI_PHONE, NEW_PASSWORD, PASSWORD, last_code
from tests.api.conftest import log_in


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "field", "message"}
    assert body["code"] == code
    assert body["message"]["id"] and body["message"]["en"]
    return body


def test_a_new_user_signs_up_logs_in_refreshes_reads_the_profile_and_logs_out(app, budi):
    nik, participant = budi
    started = app.post(
        "/auth/signup/start",
        {
            "nik": nik,
            "full_name": "Budi Santoso",
            "birth_date": "1990-05-17",
            "phone": BUDI_PHONE,
            "email": BUDI_EMAIL,
        },
    )
    assert started.status_code == 202, started.content
    challenge = started.json()
    assert challenge["sent_to"] == []
    done = app.post(
        "/auth/signup/complete",
        {"handle": challenge["handle"], "code": last_code(BUDI_PHONE), "password": PASSWORD},
    )
    assert done.status_code == 201, done.content

    first = log_in(BUDI_EMAIL)
    profile = app.get("/me/profile", token=first["access_token"])
    assert profile.status_code == 200
    assert profile.json()["kpj"] == participant.kpj

    second = app.post("/auth/refresh", {"refresh_token": first["refresh_token"]}).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert app.get("/me/profile", token=second["access_token"]).status_code == 200

    assert app.post("/auth/logout", token=second["access_token"]).status_code == 204
    assert_error(app.get("/me/profile", token=second["access_token"]), 401, "NOT_AUTHENTICATED")
    refused = app.post("/auth/refresh", {"refresh_token": second["refresh_token"]})
    assert refused.status_code == 401


def test_a_refresh_token_works_only_once_and_its_reuse_ends_the_whole_log_in(app, budi_tokens):
    rotated = app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]}).json()
    reused = app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]})
    assert_error(reused, 401, "REFRESH_TOKEN_REUSED")
    # The thief's copy was used first or second: either way the rotated pair is dead too.
    assert_error(app.get("/me/profile", token=rotated["access_token"]), 401, "NOT_AUTHENTICATED")
    again = app.post("/auth/refresh", {"refresh_token": rotated["refresh_token"]})
    assert_error(again, 401, "REFRESH_TOKEN_REUSED")


def test_reuse_in_one_log_in_leaves_another_log_in_alone(app, budi, budi_tokens):
    phone = log_in(budi[0])
    app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]})
    app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]})
    assert app.get("/me/profile", token=phone["access_token"]).status_code == 200


def test_tokens_are_stored_only_as_keyed_hashes(budi_tokens):
    stored = list(ApiToken.objects.values_list("token_hash", flat=True))
    assert len(stored) == 2
    for token in (budi_tokens["access_token"], budi_tokens["refresh_token"]):
        assert token not in stored
        assert all(token[4:20] not in value for value in stored)


def test_an_access_token_lives_fifteen_minutes_and_a_refresh_token_thirty_days(budi_tokens):
    access = ApiToken.objects.get(kind=TokenKind.ACCESS)
    refresh = ApiToken.objects.get(kind=TokenKind.REFRESH)
    assert access.expires_at - access.created_at == dt.timedelta(minutes=15)
    assert refresh.expires_at - refresh.created_at == dt.timedelta(days=30)
    assert budi_tokens["expires_in"] == 900


def test_an_expired_access_token_is_refused_with_not_authenticated(app, budi_tokens):
    ApiToken.objects.filter(kind=TokenKind.ACCESS).update(
        created_at=timezone.now() - dt.timedelta(hours=1),
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    body = assert_error(
        app.get("/me/profile", token=budi_tokens["access_token"]), 401, "NOT_AUTHENTICATED"
    )
    assert body["field"] is None


def test_an_expired_refresh_token_is_refused(app, budi_tokens):
    ApiToken.objects.filter(kind=TokenKind.REFRESH).update(
        created_at=timezone.now() - dt.timedelta(days=31),
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    refused = app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]})
    assert_error(refused, 401, "REFRESH_TOKEN_INVALID")


def test_a_missing_wrong_or_misplaced_token_is_refused_with_not_authenticated(app, budi_tokens):
    assert_error(app.get("/me/profile"), 401, "NOT_AUTHENTICATED")
    assert_error(app.get("/me/profile", token="jat_not-a-token"), 401, "NOT_AUTHENTICATED")
    # A refresh token is not an access token, and the other way round.
    misplaced = app.get("/me/profile", token=budi_tokens["refresh_token"])
    assert_error(misplaced, 401, "NOT_AUTHENTICATED")
    wrong_kind = app.post("/auth/refresh", {"refresh_token": budi_tokens["access_token"]})
    assert_error(wrong_kind, 401, "REFRESH_TOKEN_INVALID")


def test_a_password_reset_ends_every_token_of_the_account(app, budi, budi_tokens):
    started = app.post("/auth/password-reset/start", {"identifier": budi[0]})
    assert started.status_code == 202
    done = app.post(
        "/auth/password-reset/complete",
        {
            "handle": started.json()["handle"],
            "code": last_code(BUDI_PHONE),
            "password": NEW_PASSWORD,
        },
    )
    assert done.status_code == 200, done.content
    assert_error(
        app.get("/me/profile", token=budi_tokens["access_token"]), 401, "NOT_AUTHENTICATED"
    )
    refused = app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]})
    assert refused.status_code == 401
    fresh = log_in(budi[0], NEW_PASSWORD)
    assert app.get("/me/profile", token=fresh["access_token"]).status_code == 200


def test_sessions_ended_elsewhere_end_the_api_tokens_too(app, budi_account, budi_tokens):
    # What a password change in the portal or an officer's contact change does.
    budi_account.sessions_valid_after = timezone.now()
    budi_account.save(update_fields=["sessions_valid_after"])
    assert app.get("/me/profile", token=budi_tokens["access_token"]).status_code == 401
    refused = app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]})
    assert_error(refused, 401, "REFRESH_TOKEN_INVALID")


def test_a_deactivated_user_cannot_use_their_tokens(app, budi_account, budi_tokens):
    budi_account.user.is_active = False
    budi_account.user.save(update_fields=["is_active"])
    assert app.get("/me/profile", token=budi_tokens["access_token"]).status_code == 401


def test_a_log_in_with_the_sms_second_factor_gives_tokens_only_after_the_code(app, budi):
    from tests.accounts.cast import make_account

    make_account(budi[1], sms_second_factor=True)
    first = app.post("/auth/login", {"identifier": budi[0], "password": PASSWORD})
    assert first.status_code == 200
    body = first.json()
    assert body["status"] == "second_factor" and body["tokens"] is None
    assert not ApiToken.objects.exists()
    handle = body["second_factor"]["handle"]
    done = app.post("/auth/login/complete", {"handle": handle, "code": last_code(BUDI_PHONE)})
    assert done.status_code == 200, done.content
    assert app.get("/me/profile", token=done.json()["access_token"]).status_code == 200


def test_a_wrong_password_is_refused_in_the_error_shape(app, budi, budi_account):
    refused = app.post("/auth/login", {"identifier": budi[0], "password": "salah-sekali-123"})
    assert_error(refused, 401, "LOGIN_FAILED")
    assert not ApiToken.objects.exists()


def test_the_per_token_limit_answers_429_with_retry_after(app, budi_tokens, settings):
    settings.API_RATE = "3/60"
    for _ in range(3):
        assert app.get("/me/profile", token=budi_tokens["access_token"]).status_code == 200
    limited = app.get("/me/profile", token=budi_tokens["access_token"])
    assert_error(limited, 429, "API_RATE_LIMITED")
    assert 1 <= int(limited["Retry-After"]) <= 60


def test_the_limit_is_per_log_in_and_survives_a_refresh(app, budi, budi_tokens, settings):
    settings.API_RATE = "2/60"
    other = log_in(budi[0])
    for _ in range(2):
        app.get("/me/profile", token=budi_tokens["access_token"])
    rotated = app.post("/auth/refresh", {"refresh_token": budi_tokens["refresh_token"]}).json()
    assert app.get("/me/profile", token=rotated["access_token"]).status_code == 429
    assert app.get("/me/profile", token=other["access_token"]).status_code == 200

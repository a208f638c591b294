"""Sign-up, log-in, token refresh, log-out and password reset for the mobile app.

Every rule is the accounts service's (jamsos.accounts.services); this module turns a
completed log-in into a token pair (jamsos.channels.api.tokens) and checks the bearer
token, with a per-log-in request limit, on every authenticated route.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.security import HttpBearer

from jamsos.accounts import services
from jamsos.channels.api import tokens
from jamsos.channels.api.errors import RATE_LIMITED, RetryLater
from jamsos.channels.api.schemas import (
    ChallengeOut,
    CodeIn,
    CodeWithPasswordIn,
    LoginIn,
    LoginOut,
    RefreshIn,
    ResetStartIn,
    SignupStartIn,
    StatusOut,
    TokenOut,
    errors,
)
from jamsos.ops import ratelimit

CHANNEL = "api"


def token_limit() -> ratelimit.Limit:
    """Requests per log-in (token family) per window: JAMSOS_API_RATE, e.g. "120/60"."""
    hits, _, seconds = settings.API_RATE.partition("/")
    return ratelimit.Limit("api.token", int(hits), int(seconds or 60))


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <access token>`; sets request.auth to the account."""

    def authenticate(self, request: HttpRequest, token: str):
        row = tokens.authenticate_access(token)
        if row is None:
            return None
        decision = ratelimit.hit(token_limit(), row.family)
        if not decision.allowed:
            seconds = math.ceil((decision.retry_at - timezone.now()).total_seconds())
            raise RetryLater(RATE_LIMITED, retry_after=seconds, seconds=max(1, seconds))
        request.api_token = row  # type: ignore[attr-defined]
        return row.account


bearer = TokenAuth()
router = Router(tags=["auth"])


def _challenge(challenge: services.CodeChallenge) -> dict:
    return {
        "handle": challenge.handle,
        "purpose": challenge.purpose,
        "expires_at": challenge.expires_at,
        "sent_to": list(challenge.sent_to),
    }


def _tokens(pair: tokens.TokenPair) -> dict:
    return {
        "token_type": pair.token_type,
        "access_token": pair.access_token,
        "access_expires_at": pair.access_expires_at,
        "expires_in": pair.expires_in,
        "refresh_token": pair.refresh_token,
        "refresh_expires_at": pair.refresh_expires_at,
    }


@router.post(
    "/signup/start",
    response={202: ChallengeOut, **errors(400, 422, 429)},
    summary="Ask for a sign-up code",
    description="The code goes to the phone and e-mail on the participant's record, never to "
    "the typed ones. The answer is the same whether or not the data matched.",
)
def signup_start(request: HttpRequest, body: SignupStartIn):
    challenge = services.signup_start(
        nik=body.nik,
        full_name=body.full_name,
        birth_date=body.birth_date,
        phone=body.phone,
        email=body.email,
        channel=CHANNEL,
        request=request,
    )
    return Status(202, _challenge(challenge))


@router.post(
    "/signup/complete",
    response={201: StatusOut, **errors(400, 410, 422, 429)},
    summary="Enter the sign-up code and choose a password",
    description="Creates the account; log in afterwards at /auth/login.",
)
def signup_complete(request: HttpRequest, body: CodeWithPasswordIn):
    services.signup_complete(
        handle=body.handle, code=body.code, password=body.password, channel=CHANNEL, request=request
    )
    return Status(201, {"status": "account_created"})


@router.post(
    "/login",
    response={200: LoginOut, **errors(400, 401, 403, 422, 429)},
    summary="Log in with NIK or e-mail and password",
    description="Returns tokens, or, when the account has the SMS second factor on, a "
    "challenge to finish at /auth/login/complete.",
)
def login(request: HttpRequest, body: LoginIn) -> dict:
    result = services.login_with_password(
        identifier=body.identifier, password=body.password, channel=CHANNEL, request=request
    )
    if result.second_factor is not None:
        return {"status": "second_factor", "second_factor": _challenge(result.second_factor)}
    return {"status": "complete", "tokens": _tokens(tokens.issue_tokens(result.account))}


@router.post(
    "/login/complete",
    response={200: TokenOut, **errors(400, 410, 422, 429)},
    summary="Finish a log-in with the SMS code",
)
def login_complete(request: HttpRequest, body: CodeIn) -> dict:
    account = services.login_complete(
        handle=body.handle, code=body.code, channel=CHANNEL, request=request
    )
    return _tokens(tokens.issue_tokens(account))


@router.post(
    "/refresh",
    response={200: TokenOut, **errors(400, 401, 422)},
    summary="Exchange a refresh token for a new token pair",
    description="A refresh token works once. Presenting one again revokes every token of "
    "that log-in (REFRESH_TOKEN_REUSED).",
)
def refresh(request: HttpRequest, body: RefreshIn) -> dict:
    return _tokens(tokens.rotate(body.refresh_token))


@router.post(
    "/logout",
    auth=bearer,
    response={204: None, **errors(401, 429)},
    summary="Log out: revoke the access and refresh tokens of this log-in",
)
def logout(request: HttpRequest):
    tokens.revoke_family(request.api_token.family)  # type: ignore[attr-defined]
    return Status(204, None)


@router.post(
    "/password-reset/start",
    response={202: ChallengeOut, **errors(400, 422, 429)},
    summary="Ask for a password-reset code",
    description="The answer is the same whether or not an account exists.",
)
def reset_start(request: HttpRequest, body: ResetStartIn):
    challenge = services.reset_start(identifier=body.identifier, channel=CHANNEL, request=request)
    return Status(202, _challenge(challenge))


@router.post(
    "/password-reset/complete",
    response={200: StatusOut, **errors(400, 410, 422, 429)},
    summary="Enter the reset code with a new password",
    description="Ends every session and every API token of the account.",
)
def reset_complete(request: HttpRequest, body: CodeWithPasswordIn) -> dict:
    account = services.reset_complete(
        handle=body.handle, code=body.code, password=body.password, channel=CHANNEL, request=request
    )
    tokens.revoke_account(account)
    return {"status": "password_reset"}

"""Participant-account settings, read from the environment each time they are used.

One-time codes
  JAMSOS_OTP_SECONDS              a sign-up, log-in or contact-change code lives this long (300)
  JAMSOS_OTP_RESET_SECONDS        a password-reset code lives this long (900)
  JAMSOS_OTP_STEPUP_SECONDS       a sign-up code sent after an officer's step-up lives (1800)
  JAMSOS_OTP_MAX_TRIES            wrong entries that end a code (5)
  JAMSOS_OTP_PER_ACCOUNT_HOUR     codes for one person (or claimed NIK/e-mail) per clock hour (5)
  JAMSOS_OTP_PER_ACCOUNT_DAY      ... per day (15)
  JAMSOS_OTP_PER_PHONE_HOUR       codes to one phone number per clock hour (5)
  JAMSOS_OTP_PER_PHONE_DAY        ... per day (15)

Log-in and requests
  JAMSOS_PORTAL_REQUESTS_PER_CLIENT  sign-up, log-in and reset requests per client address,
                                     as "hits/seconds" ("30/600")
  JAMSOS_PORTAL_LOCK_AFTER        wrong passwords in a row that pause log-in (5)
  JAMSOS_PORTAL_LOCK_SECONDS      how long that pause lasts (900); it always ends

Sessions (the web portal; the API applies the same limits to its tokens)
  JAMSOS_PORTAL_IDLE_SECONDS      a session ends after this long without a request (900)
  JAMSOS_PORTAL_ABSOLUTE_SECONDS  and in any case this long after log-in (43200)
"""

from __future__ import annotations

from jamsos.conf.env import ConfigurationError, env_int, env_str
from jamsos.ops.ratelimit import Limit


def _positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ConfigurationError(f"{name}={value} must be at least 1.")
    return value


def code_seconds() -> int:
    return _positive("JAMSOS_OTP_SECONDS", 5 * 60)


def reset_code_seconds() -> int:
    return _positive("JAMSOS_OTP_RESET_SECONDS", 15 * 60)


def stepup_code_seconds() -> int:
    return _positive("JAMSOS_OTP_STEPUP_SECONDS", 30 * 60)


def code_max_tries() -> int:
    return _positive("JAMSOS_OTP_MAX_TRIES", 5)


def code_limits() -> tuple[Limit, Limit, Limit, Limit]:
    """Per person per hour and day, per phone per hour and day: every code counts in each."""
    return (
        Limit("otp.account.hour", _positive("JAMSOS_OTP_PER_ACCOUNT_HOUR", 5), 3600),
        Limit("otp.account.day", _positive("JAMSOS_OTP_PER_ACCOUNT_DAY", 15), 86400),
        Limit("otp.phone.hour", _positive("JAMSOS_OTP_PER_PHONE_HOUR", 5), 3600),
        Limit("otp.phone.day", _positive("JAMSOS_OTP_PER_PHONE_DAY", 15), 86400),
    )


def client_limit() -> Limit:
    name = "JAMSOS_PORTAL_REQUESTS_PER_CLIENT"
    raw = env_str(name, "30/600")
    hits, _, seconds = raw.partition("/")
    try:
        limit = Limit("accounts.client", int(hits), int(seconds))
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} must look like 30/600 (hits/seconds).") from None
    if limit.max_hits < 1 or limit.window_seconds < 1:
        raise ConfigurationError(f"{name}={raw!r} needs positive numbers.")
    return limit


def lock_after() -> int:
    return _positive("JAMSOS_PORTAL_LOCK_AFTER", 5)


def lock_seconds() -> int:
    return _positive("JAMSOS_PORTAL_LOCK_SECONDS", 15 * 60)


def idle_seconds() -> int:
    return _positive("JAMSOS_PORTAL_IDLE_SECONDS", 15 * 60)


def absolute_seconds() -> int:
    return _positive("JAMSOS_PORTAL_ABSOLUTE_SECONDS", 12 * 3600)

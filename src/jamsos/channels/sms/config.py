"""SMS service settings, read from the environment each time they are used.

=================================  ==============================================  ==============
variable                           meaning                                         default
=================================  ==============================================  ==============
JAMSOS_SMS_INBOUND_SECRET          shared secret the gateway signs requests with   demo: derived
                                   (HMAC-SHA256); without it the inbound           from the
                                   endpoint answers 503, except in the demo        secret key
JAMSOS_SMS_MAX_SKEW_SECONDS        how far a request's X-Jamsos-Timestamp may be   300
                                   from the server clock
JAMSOS_SMS_LIMIT_PER_MSISDN        messages one sender gets answered,              10/3600
                                   "messages/seconds"
JAMSOS_SMS_LIMIT_OVERALL           messages answered in all, "messages/seconds"    600/60
JAMSOS_SMS_LIMIT_FAILURES_PER_     failed CEK per NIK and failed SALDO per KPJ,    5/3600
NUMBER                             from any sender, "failures/seconds"
JAMSOS_SMS_TARIFFS                 rupiah per SMS part, per operator, both ways:   see
                                   "telkomsel:350,indosat:300,xl:300,default:300"  DEFAULT_TARIFFS
=================================  ==============================================  ==============

The call-centre number in replies is the site-wide ``CALL_CENTRE_NUMBER`` (JAMSOS_CALL_CENTRE).
A malformed value raises `ConfigurationError` naming the variable; the inbound endpoint turns
that into a 503 and a log line, so the gateway retries once an operator has fixed it.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from jamsos.conf.env import ConfigurationError, env_int, env_str
from jamsos.ops.ratelimit import Limit

SECRET_VARIABLE = "JAMSOS_SMS_INBOUND_SECRET"  # noqa: S105 - the name, not the secret
DEFAULT_MAX_SKEW_SECONDS = 300
DEFAULT_LIMIT_PER_MSISDN = "10/3600"
DEFAULT_LIMIT_OVERALL = "600/60"
DEFAULT_LIMIT_FAILURES_PER_NUMBER = "5/3600"
DEFAULT_TARIFFS = "telkomsel:350,indosat:300,xl:300,default:300"
DEFAULT_OPERATOR = "default"


def inbound_secret() -> str | None:
    """The gateway's shared secret; None when unset outside the demo (requests are refused).

    The demo derives a fixed one from the secret key, so the simulator works with no set-up
    and the value differs between installations.
    """
    secret = env_str(SECRET_VARIABLE, "")
    if secret:
        return secret
    if settings.DEMO:
        return hmac.new(
            settings.SECRET_KEY.encode(), b"jamsos.sms.inbound.demo-secret", hashlib.sha256
        ).hexdigest()
    return None


def max_skew_seconds() -> int:
    seconds = env_int("JAMSOS_SMS_MAX_SKEW_SECONDS", DEFAULT_MAX_SKEW_SECONDS)
    if seconds <= 0:
        raise ConfigurationError("JAMSOS_SMS_MAX_SKEW_SECONDS must be a positive number of seconds")
    return seconds


def _limit(variable: str, default: str, scope: str) -> Limit:
    raw = env_str(variable, default)
    hits, slash, seconds = raw.partition("/")
    try:
        limit = Limit(scope=scope, max_hits=int(hits), window_seconds=int(seconds))
    except ValueError:
        limit = None
    if not slash or limit is None or limit.max_hits < 1 or limit.window_seconds < 1:
        raise ConfigurationError(
            f"{variable}={raw!r} is not valid: write messages/seconds, for example {default}"
        )
    return limit


def limit_per_msisdn() -> Limit:
    return _limit("JAMSOS_SMS_LIMIT_PER_MSISDN", DEFAULT_LIMIT_PER_MSISDN, "sms.msisdn")


def limit_overall() -> Limit:
    return _limit("JAMSOS_SMS_LIMIT_OVERALL", DEFAULT_LIMIT_OVERALL, "sms.overall")


def limit_failures(scope: str) -> Limit:
    """Failed look-ups of one NIK (scope "sms.nik_failures") or one KPJ ("sms.kpj_failures")."""
    return _limit("JAMSOS_SMS_LIMIT_FAILURES_PER_NUMBER", DEFAULT_LIMIT_FAILURES_PER_NUMBER, scope)


def tariffs() -> dict[str, int]:
    """Rupiah per SMS part for each operator, with a "default" for every other one."""
    raw = env_str("JAMSOS_SMS_TARIFFS", DEFAULT_TARIFFS)
    table: dict[str, int] = {}
    for item in raw.split(","):
        operator, colon, amount = item.strip().partition(":")
        operator = operator.strip().lower()
        if not colon or not operator or not amount.strip().isdigit():
            raise ConfigurationError(
                f"JAMSOS_SMS_TARIFFS={raw!r} is not valid: write operator:rupiah pairs, "
                f"for example {DEFAULT_TARIFFS}"
            )
        table[operator] = int(amount)
    if DEFAULT_OPERATOR not in table:
        raise ConfigurationError(
            f"JAMSOS_SMS_TARIFFS={raw!r} has no default: add default:<rupiah> for the "
            "operators not named"
        )
    return table


def call_centre() -> str:
    return settings.CALL_CENTRE_NUMBER

"""Outbound-message settings, read from the environment each time they are used.

=========================  =========================================================  ==========
variable                   meaning                                                    default
=========================  =========================================================  ==========
JAMSOS_SMS_BACKEND         how SMS leave: ``console``, ``file``, ``http``, ``memory``  console
                           or the dotted path of a class with ``from_env()``
JAMSOS_EMAIL_BACKEND       how e-mail leaves: ``console``, ``file``, ``smtp``,         console
                           ``memory`` or a dotted path
JAMSOS_NOTIFY_FILE_DIR     directory of the ``file`` backend (one JSON-lines file     VAR_DIR/outbox
                           per day)
JAMSOS_SMS_HTTP_URL        the SMS gateway's endpoint (http or https), ``http`` only  (required)
JAMSOS_SMS_HTTP_TOKEN      bearer token for that gateway; a secret                    (required)
JAMSOS_SMS_SENDER          sender id or number sent to the gateway as ``from``        (none)
JAMSOS_SMS_HTTP_TIMEOUT    seconds to wait for the gateway                            10
=========================  =========================================================  ==========

The ``smtp`` backend takes its server from Django's own settings (EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT) and the
sender address from DEFAULT_FROM_EMAIL.

``console``, ``file`` and ``memory`` deliver to nobody and keep the real recipient and body
where an operator can read them: right for the demo and tests, wrong for a production
server, where `jamsos check` warns about them (notify.W001).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from jamsos.conf.env import env_int, env_str

SMS_BACKEND_VARIABLE = "JAMSOS_SMS_BACKEND"
EMAIL_BACKEND_VARIABLE = "JAMSOS_EMAIL_BACKEND"
DEFAULT_BACKEND = "console"
DEFAULT_HTTP_TIMEOUT_SECONDS = 10


def backend_variable(kind: str) -> str:
    return SMS_BACKEND_VARIABLE if kind == "sms" else EMAIL_BACKEND_VARIABLE


def backend_name(kind: str) -> str:
    return env_str(backend_variable(kind), DEFAULT_BACKEND)


def file_dir() -> Path:
    return Path(env_str("JAMSOS_NOTIFY_FILE_DIR", str(settings.VAR_DIR / "outbox")))


def sms_http_url() -> str:
    return env_str("JAMSOS_SMS_HTTP_URL")


def sms_http_token() -> str:
    return env_str("JAMSOS_SMS_HTTP_TOKEN")


def sms_sender() -> str:
    return env_str("JAMSOS_SMS_SENDER", "")


def sms_http_timeout() -> int:
    return env_int("JAMSOS_SMS_HTTP_TIMEOUT", DEFAULT_HTTP_TIMEOUT_SECONDS)

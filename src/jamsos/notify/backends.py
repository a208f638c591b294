"""Transports for outbound SMS and e-mail, behind one small interface.

A backend has one method, ``send(message) -> SendResult``. It either returns (the
provider took the message) or raises one of two failures, and the difference decides
what the outbox does next:

- `TemporaryFailure`: this message may well go through later (gateway down, timeout,
  rate limit); the outbox retries it with backoff.
- `PermanentFailure`: sending it again would fail the same way (number refused, request
  rejected); the outbox stops at once.

Backends never touch the database: they get an `OutgoingMessage` and know nothing of the
outbox. Which one is used is read from the environment at each send (`get_backend`, and
`jamsos.notify.config` for the variables), so a test or an operator can switch it without
a restart.
"""

from __future__ import annotations

import copy
import datetime as dt
import http.client
import json
import logging
import os
import smtplib
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import asdict, dataclass
from email.utils import make_msgid
from pathlib import Path
from typing import Any, ClassVar, Protocol, TextIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.utils import timezone
from django.utils.module_loading import import_string

from jamsos.conf.env import ConfigurationError
from jamsos.notify import config
from jamsos.notify.sms import sms_encoding, sms_parts

__all__ = [
    "Backend",
    "ConsoleBackend",
    "DeliveryFailure",
    "FileBackend",
    "MemoryBackend",
    "OutgoingMessage",
    "PermanentFailure",
    "SendResult",
    "SmsHttpBackend",
    "SmtpEmailBackend",
    "TemporaryFailure",
    "get_backend",
]

logger = logging.getLogger(__name__)

_PROVIDER_ID_MAX = 200
# A gateway's answer is a small JSON object; never read an unbounded body into memory.
_MAX_RESPONSE_BYTES = 64 * 1024
DEFAULT_SMTP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class OutgoingMessage:
    """What a backend needs to send one message: no database row, no outbox state."""

    message_id: int
    kind: str  # "sms" or "email"
    recipient: str  # E.164 phone number or normalised e-mail address
    body: str
    subject: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class SendResult:
    """The provider accepted the message; its own id for it, when it gives one."""

    provider_message_id: str = ""


class DeliveryFailure(Exception):
    """The message was not sent. The text is stored on the outbox row, so it never holds
    the recipient or the body."""


class TemporaryFailure(DeliveryFailure):
    """Worth trying again later. `retry_after` (seconds) is the provider's own request."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class PermanentFailure(DeliveryFailure):
    """Sending this message again would fail the same way."""


class Backend(Protocol):
    def send(self, message: OutgoingMessage) -> SendResult: ...


def _local_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex}"


# --- console --------------------------------------------------------------------------------


class ConsoleBackend:
    """Prints each message as a block on standard output, recipient and body in full.

    This is for the demo operator: a demo user who signs up reads their one-time code
    here, so nothing is masked. Never configure it on a server with real people's data:
    their codes and membership numbers would end up in the server log.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout

    @classmethod
    def from_env(cls) -> ConsoleBackend:
        return cls()

    def send(self, message: OutgoingMessage) -> SendResult:
        rule = "=" * 64
        lines = [
            rule,
            f"{message.kind.upper()} #{message.message_id}  ({message.purpose})",
            f"Kepada / To: {message.recipient}",
        ]
        if message.kind == "sms":
            lines.append(f"SMS: {sms_parts(message.body)} ({sms_encoding(message.body)})")
        else:
            lines.append(f"Subjek / Subject: {message.subject}")
        lines += ["-" * 64, message.body, rule, ""]
        self.stream.write("\n".join(lines))
        self.stream.flush()
        return SendResult(_local_id("console"))


# --- file -----------------------------------------------------------------------------------


class FileBackend:
    """Appends each message as one JSON line to ``<dir>/outbox-YYYY-MM-DD.jsonl``.

    Like the console backend it keeps the real recipient and body, so tests and the demo
    can read one-time codes back (`read_messages`). The directory is private to the
    server's user (0700, files 0600); clearing out old files is the operator's job.
    One ``write`` per line on a file opened for appending, so lines from several
    processes do not interleave on a local file system.
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @classmethod
    def from_env(cls) -> FileBackend:
        return cls(config.file_dir())

    def path_for(self, day: dt.date) -> Path:
        return self.directory / f"outbox-{day:%Y-%m-%d}.jsonl"

    def send(self, message: OutgoingMessage) -> SendResult:
        provider_id = _local_id("file")
        record = {
            **asdict(message),
            "provider_message_id": provider_id,
            "written_at": timezone.localtime().isoformat(),
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = self.path_for(timezone.localdate())
            with self._lock:
                descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                    handle.write(line)
        except OSError as exc:
            raise TemporaryFailure(f"cannot write the outbox file: {exc.strerror}") from exc
        return SendResult(provider_id)

    def read_messages(self, day: dt.date | None = None) -> list[dict[str, Any]]:
        """Every message written on `day` (default today, Asia/Jakarta), oldest first."""
        path = self.path_for(day or timezone.localdate())
        if not path.exists():
            return []
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]


# --- memory ---------------------------------------------------------------------------------


class MemoryBackend:
    """For tests: keeps what it "sends" in `MemoryBackend.sent`, shared by every instance.

    `fail_next(failure, times=n)` makes the next n sends raise that failure instead;
    `reset()` empties both lists between tests.
    """

    sent: ClassVar[list[OutgoingMessage]] = []
    _failures: ClassVar[list[DeliveryFailure]] = []
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def from_env(cls) -> MemoryBackend:
        return cls()

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.sent.clear()
            cls._failures.clear()

    @classmethod
    def fail_next(cls, failure: DeliveryFailure, *, times: int = 1) -> None:
        with cls._lock:
            cls._failures.extend(copy.copy(failure) for _ in range(times))

    def send(self, message: OutgoingMessage) -> SendResult:
        with self._lock:
            if self._failures:
                raise self._failures.pop(0)
            self.sent.append(message)
            return SendResult(f"memory-{len(self.sent)}")


# --- SMS over HTTP --------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A gateway that redirects a POST is misconfigured; urllib would resend it as a GET."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class SmsHttpBackend:
    """POSTs each SMS as JSON to an SMS gateway, with a bearer token.

    Request: ``{"to": "+62812...", "text": "...", "reference": "jamsos-<id>", "from": ...}``
    ("from" only when JAMSOS_SMS_SENDER is set). The reference is the same on every
    retry, so a gateway that deduplicates by it never delivers a message twice.

    Answers: 2xx is sent, and the provider's id is read from ``message_id`` or ``id`` in
    the JSON body. 5xx, 408, 429, timeouts and connection errors are temporary, with the
    gateway's Retry-After (in seconds) when it sends one. Every other answer, redirects
    included, is permanent: the request itself or the configuration is wrong, and
    resending will not help.
    """

    def __init__(self, *, url: str, token: str, sender: str = "", timeout: float = 10) -> None:
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in {"http", "https"}:
            raise ConfigurationError(
                f"JAMSOS_SMS_HTTP_URL={url!r} is not valid: it must start with https:// "
                "(or http:// on a private network)"
            )
        if not token:
            raise ConfigurationError("JAMSOS_SMS_HTTP_TOKEN is empty.")
        self.url = url
        self.token = token
        self.sender = sender
        self.timeout = timeout

    @classmethod
    def from_env(cls) -> SmsHttpBackend:
        return cls(
            url=config.sms_http_url(),
            token=config.sms_http_token(),
            sender=config.sms_sender(),
            timeout=config.sms_http_timeout(),
        )

    def send(self, message: OutgoingMessage) -> SendResult:
        payload = {
            "to": message.recipient,
            "text": message.body,
            "reference": f"jamsos-{message.message_id}",
        }
        if self.sender:
            payload["from"] = self.sender
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.url,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": "jamsos-notify",
            },
        )
        # Built per send so that proxy variables (HTTPS_PROXY, NO_PROXY) are read now.
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                raw = response.read(_MAX_RESPONSE_BYTES)
        except urllib.error.HTTPError as exc:
            with exc:
                raise _failure_for_status(exc.code, exc.headers.get("Retry-After")) from None
        except urllib.error.URLError as exc:
            raise TemporaryFailure(f"SMS gateway unreachable: {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:
            # Timeouts while reading, connections reset, malformed answers.
            raise TemporaryFailure(f"SMS gateway error: {type(exc).__name__}") from exc
        return SendResult(_provider_id(raw, message.message_id))


def _failure_for_status(status: int, retry_after: str | None) -> DeliveryFailure:
    reason = f"SMS gateway answered HTTP {status}"
    if status >= 500 or status in {408, 429}:
        return TemporaryFailure(reason, retry_after=_seconds(retry_after))
    return PermanentFailure(reason)


def _seconds(retry_after: str | None) -> float | None:
    # Only the delay-seconds form; an HTTP date is rare from gateways and backoff covers it.
    try:
        return max(float(retry_after), 0.0) if retry_after else None
    except ValueError:
        return None


def _provider_id(raw: bytes, message_id: int) -> str:
    try:
        answer = json.loads(raw)
    except ValueError:
        answer = None
    if isinstance(answer, dict):
        for key in ("message_id", "id", "messageId"):
            if answer.get(key) not in (None, ""):
                return str(answer[key])[:_PROVIDER_ID_MAX]
    # Accepted all the same: sending again would deliver it twice.
    logger.warning("SMS gateway accepted message %s without a message id", message_id)
    return ""


# --- e-mail over SMTP -----------------------------------------------------------------------


class SmtpEmailBackend:
    """Sends e-mail through Django's SMTP connection (EMAIL_HOST and friends).

    A recipient refused with a 5xx reply, or a message rejected with one, is permanent.
    Everything else (no connection, timeouts, 4xx replies, a refused log-in or sender) is
    about our server or the network, not this message, so it is retried.
    """

    def __init__(self, *, from_email: str | None = None, timeout: float | None = None) -> None:
        self.from_email = from_email or settings.DEFAULT_FROM_EMAIL
        self.timeout = timeout or settings.EMAIL_TIMEOUT or DEFAULT_SMTP_TIMEOUT_SECONDS

    @classmethod
    def from_env(cls) -> SmtpEmailBackend:
        return cls()

    def send(self, message: OutgoingMessage) -> SendResult:
        message_id = make_msgid(domain=str(DNS_NAME))
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend", fail_silently=False, timeout=self.timeout
        )
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=self.from_email,
            to=[message.recipient],
            headers={"Message-ID": message_id},
            connection=connection,
        )
        try:
            sent = email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _reply in exc.recipients.values()]
            reason = f"SMTP server refused the recipient ({', '.join(map(str, codes))})"
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentFailure(reason) from exc
            raise TemporaryFailure(reason) from exc
        except smtplib.SMTPResponseException as exc:
            reason = f"SMTP server answered {exc.smtp_code} ({type(exc).__name__})"
            if isinstance(exc, smtplib.SMTPDataError) and 500 <= exc.smtp_code < 600:
                raise PermanentFailure(reason) from exc
            raise TemporaryFailure(reason) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TemporaryFailure(f"SMTP server unreachable: {type(exc).__name__}") from exc
        if sent != 1:
            raise PermanentFailure("SMTP backend sent nothing")
        return SendResult(message_id[:_PROVIDER_ID_MAX])


# --- choosing one ---------------------------------------------------------------------------

BACKENDS: dict[str, dict[str, type]] = {
    "sms": {
        "console": ConsoleBackend,
        "file": FileBackend,
        "memory": MemoryBackend,
        "http": SmsHttpBackend,
    },
    "email": {
        "console": ConsoleBackend,
        "file": FileBackend,
        "memory": MemoryBackend,
        "smtp": SmtpEmailBackend,
    },
}
# Backends that deliver to nobody and keep recipients and bodies readable (see config).
LOCAL_BACKENDS = frozenset({"console", "file", "memory"})


def backend_class(kind: str) -> type:
    """The class configured for `kind`; `ConfigurationError` naming the variable if unknown."""
    name = config.backend_name(kind)
    known = BACKENDS[kind]
    if name in known:
        return known[name]
    if "." in name:
        try:
            return import_string(name)
        except ImportError as exc:
            raise ConfigurationError(
                f"{config.backend_variable(kind)}={name!r} is not valid: {exc}"
            ) from None
    raise ConfigurationError(
        f"{config.backend_variable(kind)}={name!r} is not valid: "
        f"expected one of {', '.join(known)} or a dotted path to a backend class"
    )


def get_backend(kind: str) -> Backend:
    backend: Backend = backend_class(kind).from_env()
    return backend

"""Small pieces the account services share: audit rows, notices, limits, passwords."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation

from jamsos.accounts import config, errors
from jamsos.accounts.codes import local_time
from jamsos.accounts.models import ContactKind, ParticipantAccount
from jamsos.audit.clients import client_address
from jamsos.audit.services import record_event
from jamsos.identity import normalise_email, validate_nik
from jamsos.notify.services import queue_message
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError
from jamsos.registry.models import Participant

PARTICIPANT_ROLE = "participant"
CHANNELS = ("portal", "api")


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise ValueError(f"participant accounts are used through {CHANNELS}, not {channel!r}")
    return channel


def enforce_client_limit(request: HttpRequest | None) -> None:
    """Sign-up, log-in and reset requests per client address; the same for everyone."""
    address = client_address(request) if request is not None else ""
    decision = ratelimit.hit(config.client_limit(), address or "unknown")
    if not decision.allowed:
        raise JamsosError(errors.ACCOUNT_CLIENT_LIMITED, time=local_time(decision.retry_at))


def audit(
    *,
    action: str,
    outcome: str,
    channel: str,
    participant_id: int | None,
    request: HttpRequest | None,
    account: ParticipantAccount | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One access-log row; the participant is the actor when they are logged in."""
    record_event(
        actor=account.user if account is not None else None,
        actor_role=PARTICIPANT_ROLE if account is not None else "public",
        channel=channel,
        action=action,
        outcome=outcome,
        subject_participant_id=participant_id,
        request=request,
        details=details,
    )


def registered_contacts(participant: Participant) -> list[tuple[str, str]]:
    contacts = []
    if participant.phone:
        contacts.append((ContactKind.PHONE.value, participant.phone))
    if participant.email:
        contacts.append((ContactKind.EMAIL.value, participant.email))
    return contacts


def send_notice(
    participant: Participant,
    *,
    purpose: str,
    text: str,
    subject: str,
    contacts: list[tuple[str, str]] | None = None,
) -> None:
    """A notice (not a code) to the registered contacts, or to the ones given."""
    for kind, address in contacts if contacts is not None else registered_contacts(participant):
        if kind == ContactKind.PHONE:
            queue_message(
                kind="sms",
                recipient=address,
                body=text,
                participant_id=participant.pk,
                purpose=purpose,
            )
        else:
            queue_message(
                kind="email",
                recipient=address,
                subject=subject,
                body=text,
                participant_id=participant.pk,
                purpose=purpose,
            )


def check_password_rules(password: str, *, username: str = "") -> None:
    """Django's password validators, as one `PASSWORD_REJECTED` in both languages."""
    probe = get_user_model()(username=username or "peserta")
    try:
        validate_password(password, user=probe)
    except ValidationError as error:
        reasons = {}
        for language in ("id", "en"):
            with translation.override(language):
                reasons[language] = " ".join(str(message) for message in error.messages)
        raise _BilingualPasswordError(reasons) from None


class _BilingualPasswordError(JamsosError):
    """PASSWORD_REJECTED whose reasons come from Django's validators in each language."""

    def __init__(self, reasons: dict[str, str]) -> None:
        self.reasons = reasons
        super().__init__(errors.PASSWORD_REJECTED, field="password", reasons=reasons["en"])

    def message(self, language: str = "id") -> str:
        lang = "en" if language.startswith("en") else "id"
        template = self.spec.message_en if lang == "en" else self.spec.message_id
        return template.format(reasons=self.reasons[lang])


@dataclass(frozen=True)
class Identifier:
    """What a person logs in with: their NIK, or the e-mail address on their record."""

    kind: str  # "nik" or "email"
    value: str

    @property
    def limit_key(self) -> str:
        return f"{self.kind}:{self.value.lower()}"


def parse_identifier(text: str) -> Identifier:
    text = (text or "").strip()
    try:
        if "@" in text:
            return Identifier("email", normalise_email(text, field="identifier"))
        return Identifier("nik", validate_nik(text, field="identifier"))
    except JamsosError:
        raise JamsosError(errors.IDENTIFIER_INVALID, field="identifier") from None

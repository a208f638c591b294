"""Writing to the access log. Every channel records through `record_event`, and only through it."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest

from jamsos.audit.clients import client_address, hash_client_address
from jamsos.audit.models import AuditEvent, Channel, Outcome

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

__all__ = ["PersonalDataInAuditLog", "record_event"]

MAX_DETAILS_BYTES = 4096
_PURPOSE_MAX = AuditEvent._meta.get_field("purpose").max_length or 255

# What must never be written to the log in the clear. The checks refuse only what is
# unambiguous (a KPJ is 11 digits and may begin with 08, so a bare 08... is not refused);
# separators inside a number ("+62 812-3456") are removed first; masked values pass.
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE_INTERNATIONAL = re.compile(r"\+62\d{8,13}(?!\d)")
_PHONE_ANY = re.compile(r"(?<!\d)(?:\+?62|0)8\d{7,11}(?!\d)")
_EMAIL = re.compile(r"[^@\s\"'<>]+@[^@\s\"'<>]+\.[A-Za-z]{2,}")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[\s.\-](?=\d)")
_PERSONAL_KEYS = frozenset(
    {"nik", "phone", "phone_number", "mobile", "msisdn", "no_hp", "telepon", "email", "e_mail"}
)
_MASK = "*"
_REDACTED = "[disamarkan]"


class PersonalDataInAuditLog(ValueError):
    """A caller tried to put a NIK, phone number or e-mail address into the log in the clear."""


def _looks_personal(text: str) -> bool:
    joined = _DIGIT_SEPARATOR.sub("", text)
    return bool(_NIK.search(joined) or _PHONE_INTERNATIONAL.search(joined) or _EMAIL.search(text))


def _redact(text: str) -> str:
    """Free text typed by people: mask what looks personal instead of refusing the action."""
    text = _EMAIL.sub(_REDACTED, text)
    joined = _DIGIT_SEPARATOR.sub("", text)
    if _NIK.search(joined) or _PHONE_ANY.search(joined):
        text = _PHONE_ANY.sub(_REDACTED, _NIK.sub(_REDACTED, joined))
    return text


def _is_clear_value(item: Any) -> bool:
    """A value, under a key such as "phone", that is neither empty, a flag, nor masked."""
    if isinstance(item, bool) or not isinstance(item, str | int):
        return False
    return str(item) != "" and _MASK not in str(item)


def _check_details(value: Any, path: str = "details") -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings")
            if _looks_personal(key):
                raise PersonalDataInAuditLog(f"{path}: a key looks like personal data")
            if key.lower() in _PERSONAL_KEYS and _is_clear_value(item):
                raise PersonalDataInAuditLog(f"{path}.{key} must be masked or left out")
            _check_details(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_details(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if _looks_personal(value):
            raise PersonalDataInAuditLog(
                f"{path} looks like a NIK, phone number or e-mail address; mask it or leave it out"
            )
    elif isinstance(value, int) and not isinstance(value, bool) and _NIK.fullmatch(str(value)):
        raise PersonalDataInAuditLog(f"{path} looks like a NIK")


def _clean_details(details: dict[str, Any] | None) -> dict[str, Any]:
    if details is None:
        return {}
    if not isinstance(details, dict):
        raise TypeError("details must be a dict")
    _check_details(details)
    # Plain JSON only, so what the sealer hashes is exactly what was written.
    encoded = json.dumps(details, allow_nan=False, ensure_ascii=False)
    if len(encoded.encode("utf-8")) > MAX_DETAILS_BYTES:
        raise ValueError(f"details are limited to {MAX_DETAILS_BYTES} bytes; log less")
    return details


def _actor_label(actor: AbstractBaseUser | None, actor_label: str, actor_role: str) -> str:
    if actor is not None:
        return actor.get_username()
    label = actor_label or actor_role
    if _looks_personal(label):
        raise PersonalDataInAuditLog("actor_label must be masked, e.g. 'sms:+62***890'")
    return label


def record_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    actor_role: str,
    channel: Channel | str,
    action: str,
    outcome: Outcome | str,
    subject_participant_id: int | None = None,
    purpose: str = "",
    request: HttpRequest | None = None,
    request_id: str = "",
    details: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the access log, inside the caller's transaction.

    One INSERT and nothing else: no lock and no read of the chain head, so busy
    channels never queue behind each other here. The row is linked into the hash
    chain later by `jamsos.audit.sealing.seal_pending`.

    `actor` is the logged-in user, or None (an anonymous user counts as None) for
    public channels; then `actor_label` names the caller in masked form, or the
    role is used. `request` supplies the request id and the client address.
    """
    if channel not in Channel.values:
        raise ValueError(f"unknown audit channel {channel!r}")
    if outcome not in Outcome.values:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    if not action or not actor_role:
        raise ValueError("an audit event needs an action and an actor role")
    user = cast("AbstractBaseUser", actor) if actor is not None and actor.is_authenticated else None

    ip_hash = ""
    if request is not None:
        request_id = request_id or getattr(request, "request_id", "")
        ip_hash = hash_client_address(client_address(request))

    return AuditEvent.objects.create(
        actor=user,
        actor_label=_actor_label(user, actor_label, actor_role),
        actor_role=actor_role,
        channel=channel,
        subject_participant_id=subject_participant_id,
        action=action,
        purpose=_redact(purpose)[:_PURPOSE_MAX],
        request_id=request_id[:64],
        client_ip_hash=ip_hash,
        outcome=outcome,
        details=_clean_details(details),
    )

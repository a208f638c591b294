"""E-mail addresses: trimmed, domain lower-cased, checked for shape only.

No DNS lookup: whether an address works is learned by sending to it. The local part keeps its
case because a mail server may treat it as significant; the domain never is.
"""

from __future__ import annotations

from jamsos.identity.errors import EMAIL_MALFORMED, EMAIL_REQUIRED
from jamsos.ops.errors import JamsosError

_MAX_ADDRESS = 254
_MAX_LOCAL = 64
_MAX_LABEL = 63
# Characters that RFC 5322 allows only inside quoted local parts, which nobody types by hand.
_LOCAL_FORBIDDEN = frozenset('()<>[]:;@\\,"')


def normalise_email(value: str, *, field: str = "email") -> str:
    """Return the address trimmed with its domain lower-cased, or raise `JamsosError`."""
    text = (value or "").strip()
    if not text:
        raise JamsosError(EMAIL_REQUIRED, field=field)
    local, at, domain = text.rpartition("@")
    domain = domain.lower()
    address = f"{local}@{domain}"
    if not at or len(address) > _MAX_ADDRESS or not _local_ok(local) or not _domain_ok(domain):
        raise JamsosError(EMAIL_MALFORMED, field=field)
    return address


def mask_email(email: str) -> str:
    """Show the first character of the local part and the domain: "a***@example.com"."""
    local, at, domain = (email or "").rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"


def _local_ok(local: str) -> bool:
    return (
        0 < len(local) <= _MAX_LOCAL
        and all(ch.isprintable() and not ch.isspace() for ch in local)
        and not _LOCAL_FORBIDDEN.intersection(local)
        and not local.startswith(".")
        and not local.endswith(".")
        and ".." not in local
    )


def _domain_ok(domain: str) -> bool:
    labels = domain.split(".")
    return (
        len(labels) >= 2
        and all(_label_ok(label) for label in labels)
        and not labels[-1].isdigit()  # a top-level domain is never numeric
    )


def _label_ok(label: str) -> bool:
    # isalnum() admits letters of any script, for internationalised domain names.
    return (
        0 < len(label) <= _MAX_LABEL
        and all(ch.isalnum() or ch == "-" for ch in label)
        and not label.startswith("-")
        and not label.endswith("-")
    )

"""How the gateway signs a request, and how we check it. Pure Python, no Django.

The gateway sends two headers with each request:

    X-Jamsos-Timestamp: 1764050000                  (Unix seconds, when it signed)
    X-Jamsos-Signature: sha256=<64 hex digits>

The signature is HMAC-SHA256, keyed with the shared secret, over the timestamp, a dot and
the raw body bytes exactly as sent: ``b"1764050000." + body``. Signing the timestamp means a
captured request cannot be replayed later with a fresh one; within the allowed clock skew,
a replay carries the same gateway message id and is answered as a duplicate.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

SIGNATURE_HEADER = "X-Jamsos-Signature"
TIMESTAMP_HEADER = "X-Jamsos-Timestamp"
_SCHEME = "sha256="


class SignatureProblem(StrEnum):
    MISSING = "missing"
    INVALID = "invalid"
    STALE = "stale"


def signature(body: bytes, *, timestamp: int, secret: str) -> str:
    """The X-Jamsos-Signature value for this body and timestamp."""
    material = str(timestamp).encode("ascii") + b"." + body
    return _SCHEME + hmac.new(secret.encode("utf-8"), material, hashlib.sha256).hexdigest()


def check_signature(
    body: bytes,
    *,
    signature_header: str | None,
    timestamp_header: str | None,
    secret: str,
    now: float,
    max_skew_seconds: int,
) -> SignatureProblem | None:
    """None when the request is authentic and fresh, otherwise what is wrong with it.

    The signature is checked before the time, so a caller without the secret learns
    nothing about our clock.
    """
    if not signature_header or not timestamp_header:
        return SignatureProblem.MISSING
    text = timestamp_header.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return SignatureProblem.INVALID
    timestamp = int(text)
    expected = signature(body, timestamp=timestamp, secret=secret)
    if not hmac.compare_digest(expected.encode(), signature_header.strip().lower().encode()):
        return SignatureProblem.INVALID
    if abs(now - timestamp) > max_skew_seconds:
        return SignatureProblem.STALE
    return None

"""Which address a request came from, and the keyed hash under which the log keeps it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

_HASH_SALT = "jamsos.audit.client_ip"


def _normalised(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_address(request: HttpRequest) -> str:
    """The client's IP address, or '' when it cannot be told.

    The header named by TRUSTED_CLIENT_IP_HEADER is read only when that setting is
    set, because any client can send the header; only our own proxy's value counts.
    When the header holds a list (X-Forwarded-For), the last entry is the one our
    proxy added; the entries before it came from the client and prove nothing.
    """
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        if header.startswith("HTTP_"):
            forwarded = request.META.get(header, "")
        else:
            forwarded = request.headers.get(header, "")
        if forwarded:
            address = _normalised(forwarded.split(",")[-1])
            if address:
                return address
    return _normalised(request.META.get("REMOTE_ADDR", ""))


def hash_client_address(address: str) -> str:
    """HMAC-SHA256 of the address under SECRET_KEY: equal addresses match, a dump reveals none."""
    if not address:
        return ""
    return salted_hmac(_HASH_SALT, address, algorithm="sha256").hexdigest()

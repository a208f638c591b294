"""Phone numbers, stored in E.164 ("+6281234567890").

People write Indonesian numbers many ways (0812-..., 62812..., +62 812..., 812...); all are read
with Indonesia as the default region. Numbers abroad are accepted when written with + and the
country code, since migrant workers (PMI) are members too.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from jamsos.identity.errors import PHONE_MALFORMED, PHONE_REQUIRED
from jamsos.ops.errors import JamsosError

DEFAULT_REGION = "ID"
_VISIBLE_DIGITS = 3
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


def normalise_phone(value: str, *, field: str = "phone") -> str:
    """Return the number in E.164, or raise `JamsosError`."""
    text = (value or "").strip()
    if not text:
        raise JamsosError(PHONE_REQUIRED, field=field)
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except NumberParseException as exc:
        raise JamsosError(PHONE_MALFORMED, field=field) from exc
    if not phonenumbers.is_valid_number(number):
        raise JamsosError(PHONE_MALFORMED, field=field)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """True for a number that can receive SMS; False also for anything unparseable.

    Some countries cannot tell mobile from fixed line by the number alone; those count as mobile
    so that a working phone is not refused.
    """
    number = _parse_e164(e164)
    return number is not None and phonenumbers.number_type(number) in _MOBILE_TYPES


def mask_phone(e164: str) -> str:
    """Show the country code and the last 3 digits: "+62 ****-****-890"."""
    number = _parse_e164(e164)
    if number is None:
        return "***"
    national = phonenumbers.national_significant_number(number)
    hidden = max(len(national) - _VISIBLE_DIGITS, 0)
    # Group the stars in fours from the right, as people group the digits they dial.
    groups = ["*" * min(4, hidden - end) for end in reversed(range(0, hidden, 4))]
    return f"+{number.country_code} " + "-".join([*groups, national[-_VISIBLE_DIGITS:]])


def _parse_e164(value: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value or "", None)
    except NumberParseException:
        return None

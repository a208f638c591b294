"""KPJ, the membership card number ("Kartu Peserta Jamsostek").

A KPJ issued by Jamsos is 11 digits: a 10-digit body and one Verhoeff check digit. Verhoeff,
not Luhn: Luhn misses the transposition 09 <-> 90, while Verhoeff catches every single-digit
substitution and every transposition of two adjacent digits, the two commonest typing errors.

The KPJ is printed on the card and is not a secret; it never proves who someone is.

Legacy Jamsostek-era numbers may contain letters (e.g. "02D00065455") and numbers issued by
another system carry no Verhoeff digit. Neither is handled here yet: both are refused.

Patterned numbers are never issued. A number is patterned when any of these hold:

* all of its digits are the same;
* it contains a run of 7 or more identical consecutive digits (e.g. 10000000123);
* it contains a run of 7 or more consecutive digits each one more than the previous, or each
  one less, where 9 -> 0 counts as one more and 0 -> 9 as one less (e.g. 7890123, 3210987).

The rule looks at the whole number, check digit included. A 10-digit body that is one straight
run (1234567890, 9876543210) is a run of 10 and therefore patterned.
"""

from __future__ import annotations

from jamsos.identity import _numbers
from jamsos.identity.errors import KPJ_CHECK_DIGIT, KPJ_LENGTH, KPJ_NOT_DIGITS, KPJ_REQUIRED
from jamsos.ops.errors import JamsosError

KPJ_LENGTH_DIGITS = 11
_SEPARATORS = " -"


def validate_kpj(value: str, *, field: str = "kpj") -> str:
    """Return the 11-digit KPJ without separators, or raise `JamsosError`."""
    number = _numbers.compact(value, separators=_SEPARATORS)
    if not number:
        raise JamsosError(KPJ_REQUIRED, field=field)
    if not _numbers.is_ascii_digits(number):
        raise JamsosError(KPJ_NOT_DIGITS, field=field)
    if len(number) != KPJ_LENGTH_DIGITS:
        raise JamsosError(KPJ_LENGTH, field=field, length=len(number))
    if not _numbers.has_valid_check_digit(number):
        raise JamsosError(KPJ_CHECK_DIGIT, field=field)
    return number


def is_patterned(number: str) -> bool:
    """True when `number` (a string of digits) is patterned by the rule in this module's doc."""
    return _numbers.is_patterned(number)


def kpj_from_serial(serial: int) -> str | None:
    """The KPJ for issuance serial `serial` (1 to 8_999_999_999), or None if it is patterned.

    The body is 1_000_000_000 + serial, so a KPJ never starts with 0 and distinct serials give
    distinct KPJs. On None the caller draws the next serial; ValueError means the space is spent.
    """
    return _numbers.number_from_serial(serial, body_length=KPJ_LENGTH_DIGITS - 1)

"""NPP, the employer registration number ("Nomor Pendaftaran Perusahaan").

An NPP issued by Jamsos is 8 digits: a 7-digit body and one Verhoeff check digit, built and
screened for patterns exactly like a KPJ (see `jamsos.identity.kpj`).

Older records carry NPPs from before this scheme: 8 letters or digits such as "JJ0P4391", or
8 digits without a valid check digit. Callers that look such records up pass allow_legacy=True.
"""

from __future__ import annotations

import re

from jamsos.identity import _numbers
from jamsos.identity.errors import NPP_CHECK_DIGIT, NPP_FORMAT, NPP_REQUIRED
from jamsos.ops.errors import JamsosError

NPP_LENGTH_DIGITS = 8
_SEPARATORS = " -"
_LEGACY = re.compile(r"[0-9A-Z]{8}")


def validate_npp(value: str, *, allow_legacy: bool = False, field: str = "npp") -> str:
    """Return the NPP without separators, or raise `JamsosError`.

    With allow_legacy, any 8 ASCII letters or digits pass unchecked, upper-cased: a legacy code
    has no check digit to test, and its letters were always printed in capitals.
    """
    number = _numbers.compact(value, separators=_SEPARATORS)
    if not number:
        raise JamsosError(NPP_REQUIRED, field=field)
    if allow_legacy:
        legacy = number.upper()
        if _LEGACY.fullmatch(legacy) is None:
            raise JamsosError(NPP_FORMAT, field=field)
        return legacy
    if not _numbers.is_ascii_digits(number) or len(number) != NPP_LENGTH_DIGITS:
        raise JamsosError(NPP_FORMAT, field=field)
    if not _numbers.has_valid_check_digit(number):
        raise JamsosError(NPP_CHECK_DIGIT, field=field)
    return number


def npp_from_serial(serial: int) -> str | None:
    """The NPP for issuance serial `serial` (1 to 8_999_999), or None if it is patterned.

    The body is 1_000_000 + serial; see `jamsos.identity.kpj.kpj_from_serial` for why.
    """
    return _numbers.number_from_serial(serial, body_length=NPP_LENGTH_DIGITS - 1)

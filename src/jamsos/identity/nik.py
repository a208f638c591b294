"""NIK, the 16-digit national identity number issued by Dukcapil.

Layout: PP RR DD TTBBYY SSSS - province, regency/city and district where the number was first
issued, birth day-month-year (women add 40 to the day), and a serial from 0001. A NIK has no
check digit, so validation can only refuse numbers that cannot exist.

stdnum.id.nik supplies the separator handling and the Kemendagri region table, but its own
validate() is too lenient for us and too vague for the person: one InvalidComponent covers
both region and date, it checks the province but not the regency, and it reads the day modulo
40 (so a day part of 85 passes). The checks here are stricter and each names what is wrong;
they run left to right through the number, so the first wrong part is the one reported.

Only two digits of the year are encoded. The century comes from the declared birth date
(`check_nik_against`); it is never guessed.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum import numdb
from stdnum.id import nik as stdnum_nik

from jamsos.identity import _numbers
from jamsos.identity.errors import (
    NIK_BIRTH_DATE_IMPOSSIBLE,
    NIK_BIRTH_DATE_MISMATCH,
    NIK_LENGTH,
    NIK_NOT_DIGITS,
    NIK_REGION_UNKNOWN,
    NIK_REQUIRED,
    NIK_SERIAL_ZERO,
    NIK_SEX_MISMATCH,
)
from jamsos.ops.errors import JamsosError

NIK_LENGTH_DIGITS = 16
WOMAN_DAY_OFFSET = 40
SEXES = ("M", "F")


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK says about its holder. Codes are cumulative prefixes of the NIK."""

    nik: str
    province_code: str  # digits 1-2
    regency_code: str  # digits 1-4, the form used by regency_codes()
    district_code: str  # digits 1-6
    birth_day: int  # the real day: 40 already taken off for women
    birth_month: int
    birth_year_2digits: int
    sex: str  # "M" or "F"
    serial: int


def validate_nik(value: str, *, field: str = "nik") -> str:
    """Return the 16-digit NIK without separators, or raise `JamsosError`."""
    # NFKC turns full-width digits into ASCII before stdnum drops spaces, dots and dashes.
    number = stdnum_nik.compact(unicodedata.normalize("NFKC", value or ""))
    if not number:
        raise JamsosError(NIK_REQUIRED, field=field)
    if not _numbers.is_ascii_digits(number):
        raise JamsosError(NIK_NOT_DIGITS, field=field)
    if len(number) != NIK_LENGTH_DIGITS:
        raise JamsosError(NIK_LENGTH, field=field, length=len(number))
    if number[:4] not in _regencies():
        raise JamsosError(NIK_REGION_UNKNOWN, field=field, region=number[:4])
    if not _birth_date_possible(number):
        raise JamsosError(NIK_BIRTH_DATE_IMPOSSIBLE, field=field, date_part=number[6:12])
    if number[12:] == "0000":
        raise JamsosError(NIK_SERIAL_ZERO, field=field)
    return number


def parse_nik(value: str) -> NikInfo:
    """Validate `value` and split it into its parts."""
    number = validate_nik(value)
    day_part = int(number[6:8])
    is_woman = day_part > WOMAN_DAY_OFFSET
    return NikInfo(
        nik=number,
        province_code=number[:2],
        regency_code=number[:4],
        district_code=number[:6],
        birth_day=day_part - WOMAN_DAY_OFFSET if is_woman else day_part,
        birth_month=int(number[8:10]),
        birth_year_2digits=int(number[10:12]),
        sex="F" if is_woman else "M",
        serial=int(number[12:]),
    )


def check_nik_against(*, nik: str, birth_date: date, sex: str) -> str:
    """Validate `nik` and check it against the declared birth date and sex.

    Returns the compact NIK. The birth date is compared first: when both differ, the date is
    the likelier typing error, and a wrong date also makes the sex comparison meaningless.
    """
    _require_sex(sex)
    info = parse_nik(nik)
    declared = (birth_date.day, birth_date.month, birth_date.year % 100)
    encoded = (info.birth_day, info.birth_month, info.birth_year_2digits)
    if declared != encoded:
        nik_date = "{:02d}-{:02d}-{:02d}".format(*encoded)
        raise JamsosError(NIK_BIRTH_DATE_MISMATCH, field="birth_date", nik_date=nik_date)
    if info.sex != sex:
        raise JamsosError(NIK_SEX_MISMATCH, field="sex")
    return info.nik


def compose_nik(*, region_code: str, birth_date: date, sex: str, serial: int) -> str:
    """Build a valid NIK; for demo data and tests. `region_code` is 6 digits, PPRRDD."""
    if len(region_code) != 6 or not _numbers.is_ascii_digits(region_code):
        raise ValueError("region_code must be 6 digits: province, regency, district")
    if region_code[:4] not in _regencies():
        raise ValueError(f"unknown province/regency code {region_code[:4]}")
    _require_sex(sex)
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be between 1 and 9999")
    day = birth_date.day + (WOMAN_DAY_OFFSET if sex == "F" else 0)
    return f"{region_code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def regency_codes() -> tuple[str, ...]:
    """Every 4-digit province+regency code in the Kemendagri table, sorted."""
    return tuple(sorted(_regencies()))


def regency_name(code: str) -> str | None:
    """The regency/city name for a 4-digit code (e.g. "3171" -> "JAKARTA SELATAN")."""
    return _regencies().get(code) or None


def mask_nik(nik: str) -> str:
    """Show only the first 4 and the last 2 digits: "3171**********01"."""
    number = stdnum_nik.compact(nik or "")
    if len(number) < 10:  # too short to reveal anything safely
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


def _require_sex(sex: str) -> None:
    # A programming error, not a person's: forms offer exactly these two choices.
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, not {sex!r}")


def _birth_date_possible(number: str) -> bool:
    day_part, month, year = int(number[6:8]), int(number[8:10]), int(number[10:12])
    if 1 <= day_part <= 31:
        day = day_part
    elif WOMAN_DAY_OFFSET + 1 <= day_part <= WOMAN_DAY_OFFSET + 31:
        day = day_part - WOMAN_DAY_OFFSET
    else:
        return False
    # The century is unknown. 20YY is a leap year whenever 19YY is (and 2000 is one too), so
    # a date that exists in either century exists in 20YY.
    try:
        date(2000 + year, month, day)
    except ValueError:
        return False
    return True


@functools.cache
def _regencies() -> dict[str, str]:
    """4-digit code -> regency name, read from stdnum's copy of the Kemendagri table.

    numdb keeps each level as (length, low, high, properties, children); a line of the data
    file may give a range low-high, which is expanded here.
    """
    names: dict[str, str] = {}
    for _length, low, high, _properties, regencies in numdb.get("id/loc").prefixes:
        for province in _expand(low, high):
            for _rlength, rlow, rhigh, properties, _children in regencies:
                for regency in _expand(rlow, rhigh):
                    names[province + regency] = properties.get("name_id", "")
    return names


def _expand(low: str, high: str) -> list[str]:
    width = len(low)
    return [f"{n:0{width}d}" for n in range(int(low), int(high) + 1)]

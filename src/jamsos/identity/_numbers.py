"""Mechanics shared by the numbers Jamsos issues itself: KPJ and NPP.

Both are a body drawn from an issuance serial followed by one Verhoeff check digit, and both
skip bodies that look patterned. Keeping this in one place keeps the two rules identical.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from stdnum import verhoeff
from stdnum.util import clean

# A run this long of one repeated digit, or of digits counting up or down, makes a number look
# fake and is easy to mistype (people lose count of repeated or sequential keys).
PATTERN_RUN_LENGTH = 7

_ASCII_DIGITS = re.compile(r"[0-9]+")


def compact(value: str | None, *, separators: str) -> str:
    """Remove separators and all whitespace.

    NFKC first so that full-width digits typed with an Asian keyboard become ASCII digits;
    stdnum's clean() also folds Unicode dashes and spaces into their ASCII forms.
    """
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(clean(text, separators).split())


def is_ascii_digits(text: str) -> bool:
    # str.isdigit() would also accept Arabic-Indic or superscript digits.
    return _ASCII_DIGITS.fullmatch(text) is not None


def has_valid_check_digit(number: str) -> bool:
    return verhoeff.is_valid(number)


def longest_run(number: str) -> int:
    """Length of the longest stretch of repeated digits or of digits counting by one.

    Counting wraps around: 8, 9, 0, 1 ascends and 1, 0, 9, 8 descends.
    """
    digits = [int(c) for c in number]
    longest = min(len(digits), 1)
    for step in (0, 1, 9):  # same digit, +1, -1 (mod 10)
        run = 1
        for previous, current in itertools.pairwise(digits):
            run = run + 1 if (current - previous) % 10 == step else 1
            longest = max(longest, run)
    return longest


def is_patterned(number: str) -> bool:
    """True when a digit string looks patterned; see `jamsos.identity.kpj` for the rule."""
    if not is_ascii_digits(number):
        raise ValueError("is_patterned() takes a string of digits")
    return len(set(number)) == 1 or longest_run(number) >= PATTERN_RUN_LENGTH


def number_from_serial(serial: int, *, body_length: int) -> str | None:
    """Body = 10**(body_length-1) + serial, then a Verhoeff check digit; None if patterned.

    The offset means a number never starts with 0: spreadsheets, where employers keep their
    worker lists, drop leading zeros. Adding a constant is injective, and the check digit is a
    function of the body, so two serials never give the same number.
    """
    if isinstance(serial, bool) or not isinstance(serial, int):
        raise TypeError("serial must be an int")
    base = 10 ** (body_length - 1)
    if serial < 1:
        raise ValueError("serial must be positive")
    if base + serial >= 10**body_length:
        raise ValueError(f"serial {serial} is past the {body_length}-digit number space")
    body = str(base + serial)
    number = body + verhoeff.calc_check_digit(body)
    return None if is_patterned(number) else number

"""How many SMS a text takes, which is what the gateway bills.

A text written only in the GSM 03.38 alphabet travels as 7-bit characters: 160 fit in
one SMS, 153 in each part of a longer one (the other 7 carry the part header). One
character outside that alphabet (an emoji, a curly quote, most non-Latin scripts) turns
the whole text into UCS-2: 70 characters in one SMS, 67 per part. Pure Python, no Django.
"""

from __future__ import annotations

from typing import Literal

# GSM 03.38 basic character set, in code order (0x1B, the escape to the extension table,
# is left out because it is not a character). Each costs one septet.
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets (escape + code), and a pair is never split.
_GSM7_EXTENSION = frozenset("\f^{}\\[]~|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

Encoding = Literal["GSM-7", "UCS-2"]


def sms_encoding(text: str) -> Encoding:
    """The encoding a gateway will use for the text."""
    allowed = _GSM7_BASIC | _GSM7_EXTENSION
    return "GSM-7" if all(ch in allowed for ch in text) else "UCS-2"


def sms_parts(text: str) -> int:
    """The number of SMS the text is sent as; an empty text still costs one."""
    if sms_encoding(text) == "GSM-7":
        units = [2 if ch in _GSM7_EXTENSION else 1 for ch in text]
        single, part = GSM7_SINGLE, GSM7_PART
    else:
        # UCS-2 counts UTF-16 code units: a character beyond the BMP (an emoji) takes two.
        units = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, part = UCS2_SINGLE, UCS2_PART
    if sum(units) <= single:
        return 1
    # Fill parts greedily; a two-unit character that does not fit starts the next part.
    parts, used = 1, 0
    for size in units:
        if used + size > part:
            parts, used = parts + 1, 0
        used += size
    return parts

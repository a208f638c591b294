"""Which mobile operator a number belongs to, and what one SMS part costs there.

The operator comes from the number's prefix, through the carrier table that ships with
`phonenumbers` (offline, no look-up service). A number ported to another operator keeps its
old prefix, so this is the operator the prefix was issued to: good enough for the cost
estimate a billing report needs, not for settling with an operator.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, carrier

from jamsos.channels.sms import config

# The operator names phonenumbers gives (lower case, one word of them suffices), mapped to
# the keys of JAMSOS_SMS_TARIFFS. AXIS belongs to XL Axiata; 3 (Tri) merged into Indosat.
_OPERATOR_WORDS = {
    "telkomsel": "telkomsel",
    "indosat": "indosat",
    "tri": "indosat",
    "3": "indosat",
    "xl": "xl",
    "axis": "xl",
    "smartfren": "smartfren",
}
OTHER = "other"


def operator_for(e164: str) -> str:
    """A tariff key such as "telkomsel", or "other" for numbers abroad and unknown prefixes."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return OTHER
    if number.country_code != 62:
        return OTHER
    name = carrier.name_for_number(number, "en").lower()
    for word in name.replace("-", " ").split():
        if word in _OPERATOR_WORDS:
            return _OPERATOR_WORDS[word]
    return OTHER


def tariff_for(operator: str) -> int:
    """Rupiah per SMS part for the operator, or the configured default."""
    table = config.tariffs()
    return table.get(operator, table[config.DEFAULT_OPERATOR])

"""Personal names: a light validation for storage, and a normal form for matching.

The stored name keeps what the person wrote. `normalise_name` only serves comparison, e.g. the
name on a claim against the name in the registry, where "H. Muhammad Ridwan, S.E." and
"MUHAMMAD RIDWAN" are the same person. Many Indonesians have a single name, so one word is a
complete name.
"""

from __future__ import annotations

import re
import unicodedata

from jamsos.identity.errors import NAME_INVALID_CHARACTERS, NAME_REQUIRED, NAME_TOO_LONG
from jamsos.ops.errors import JamsosError

NAME_MAX_LENGTH = 100

# For matching only: tokens dropped from a name before comparison, written upper case without
# dots ("S.Pd." -> "SPD"). Words that are also given names (Habib, Raden, Meng, Ma) stay out.
TITLES: frozenset[str] = frozenset(
    {
        # religious and pilgrimage honorifics
        "H", "HJ", "HAJI", "HAJAH", "HAJJAH", "KH", "TGH", "USTADZ", "USTADZAH",
        # forms of address, and "the late" as written on survivors' claims
        "BPK", "BAPAK", "IBU", "SDR", "SDRI", "SAUDARA", "SAUDARI", "TN", "NY", "NN",
        "ALM", "ALMH", "ALMARHUM", "ALMARHUMAH",
        # professional and academic prefixes
        "DR", "DRS", "DRA", "DRG", "DRH", "IR", "PROF", "NS", "NERS", "APT",
        # diplomas
        "AMD", "AMDKEP", "AMDKEB", "AMDKES", "AMDAK", "AMDFARM", "AMK",
        # bachelor's degrees
        "SE", "SH", "ST", "SP", "SPD", "SPDI", "SKOM", "SSOS", "SKEP", "SKED", "SSI", "SAG",
        "SPSI", "SIP", "SKM", "SFARM", "SAK", "SHUM", "SKG", "SPT", "STP", "SSN", "SHUT",
        "SIKOM", "SGZ", "SKES", "SHI", "SSTP", "SKEB", "SPI", "BSC",
        # master's and doctoral degrees
        "MM", "MBA", "MT", "MSI", "MPD", "MKOM", "MKES", "MH", "MAK", "MHUM", "MAG", "MKN",
        "MPSI", "MSC", "MKEP", "MPH", "MIKOM", "MAP", "MPDI", "PHD",
        # medical specialists ("Sp.A", "Sp.OG"), written after the name like degrees
        "SPA", "SPAN", "SPB", "SPBS", "SPJP", "SPKJ", "SPKK", "SPM", "SPN", "SPOG", "SPOT",
        "SPP", "SPPD", "SPRAD", "SPS", "SPTHT", "SPTHTKL", "SPU", "SPDV", "SPKFR", "SPPK",
    }
)  # fmt: skip

_TOKEN_SEPARATORS = re.compile(r"[\s,]+")
# Beyond letters: the marks names really use, including the typographic apostrophes that
# phone keyboards insert instead of '.
_NAME_MARKS = frozenset(" .,'-\u2019\u02bc")


def name_tokens(value: str) -> tuple[str, ...]:
    """The words of a name for matching: no accents, upper case, titles and degrees dropped.

    Tokens are split on whitespace and commas first and dots are removed inside a token, so
    "S.E." becomes "SE" (a degree) while "Sekar" is untouched. A dotted token that is not a
    title is split at its dots, so "H.Muhammad" reads as "H MUHAMMAD". If every token is a
    title the tokens are kept, since a name must not vanish.
    """
    words: list[str] = []
    for raw in _TOKEN_SEPARATORS.split(_fold(value)):
        joined = _letters_and_digits(raw)
        if not joined:
            continue
        if "." not in raw or joined in TITLES:
            words.append(joined)
        else:
            words.extend(p for p in map(_letters_and_digits, raw.split(".")) if p)
    kept = tuple(word for word in words if word not in TITLES)
    return kept or tuple(words)


def normalise_name(value: str) -> str:
    """A name's matching form: "Hj. Siti Aminah, S.Pd." -> "SITI AMINAH"."""
    return " ".join(name_tokens(value))


def validate_full_name(value: str, *, field: str = "full_name") -> str:
    """Return the name trimmed, with whitespace collapsed, or raise `JamsosError`."""
    # NFC only joins letters and their accents; the spelling stays as written.
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if not name:
        raise JamsosError(NAME_REQUIRED, field=field)
    refused = sorted({ch for ch in name if not _allowed_in_name(ch)})
    if refused:
        shown = ", ".join(_show_character(ch) for ch in refused)
        raise JamsosError(NAME_INVALID_CHARACTERS, field=field, characters=shown)
    if not any(ch.isalpha() for ch in name):  # only marks such as "..." or "-"
        raise JamsosError(NAME_REQUIRED, field=field)
    if len(name) > NAME_MAX_LENGTH:
        raise JamsosError(NAME_TOO_LONG, field=field, length=len(name), max_length=NAME_MAX_LENGTH)
    return name


def _fold(value: str) -> str:
    # NFKD both applies NFKC's compatibility mappings (full-width letters) and splits accents
    # off their letters, so the accents can be dropped.
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()


def _letters_and_digits(token: str) -> str:
    return "".join(ch for ch in token if unicodedata.category(ch)[0] in "LN")


def _allowed_in_name(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in _NAME_MARKS


def _show_character(ch: str) -> str:
    # Invisible or control characters would print as nothing; name them by code point.
    return f'"{ch}"' if ch.isprintable() else f"U+{ord(ch):04X}"

"""Reading a keyword SMS as people really type it. Pure Python, no Django.

People write "CEK 3171...", "cek3171...", "Cek: 3171 0101 ...", "CEK NOMOR KTP 3171...",
"cek saldo 1234..." or "HELP". The parser never refuses anything: whatever it cannot read
is `Keyword.UNKNOWN`, which the service answers with the help text.

The text is cut into words at anything that is not a letter or a digit, and each word into
runs of letters and runs of digits ("NIK3171" -> "NIK", "3171"). The keyword is looked for
among the letter runs before the first digit. The argument starts at the first digit run
and goes on through digit runs in the following words ("3171 0101 9000 0001" is one NIK);
letters glued between digits ("31710101900O0001") stay in it, so the identity layer can say
that a NIK has digits only instead of counting the wrong number of digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Keyword(StrEnum):
    CEK = "cek"
    SALDO = "saldo"
    HELP = "help"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ParsedSms:
    keyword: Keyword
    # The digits typed after the keyword, separators removed; letters glued between digits
    # kept; "" when nothing was typed. Not validated here.
    argument: str
    language: str  # "id" or "en"


# Words that may surround the keyword and the number without meaning anything to us.
_FILLERS = (
    "NOMOR|NOMER|NMR|NO|KTP|EKTP|NIK|KPJ|KARTU|KEPESERTAAN|PESERTA|SAYA|JHT|BPJS|TK|"
    "KETENAGAKERJAAN|JAMSOS|JAMSOSTEK|MY|NUMBER|ID|MEMBERSHIP|CARD"
)
# A keyword may be glued to fillers ("CEKNIK", "CEKKTP"); the longest alternatives first.
_CEK = re.compile(rf"(?:CEK|CHECK|CHEK|CECK|CEKK)(?:{_FILLERS})*")
_SALDO = re.compile(rf"(?:SALDO|BALANCE)(?:{_FILLERS})*")
_HELP = re.compile(r"BANTUAN|HELP|INFO|MENU|TOLONG")
_FILLER = re.compile(rf"(?:{_FILLERS})+")

_ENGLISH_KEYWORDS = frozenset({"CHECK", "BALANCE", "HELP"})
_INDONESIAN_KEYWORDS = frozenset({"CEK", "SALDO", "BANTUAN", "TOLONG"})
# For texts whose keyword says nothing about the language ("INFO", or no keyword at all).
_ENGLISH_WORDS = frozenset(
    {
        "THE",
        "MY",
        "WHAT",
        "IS",
        "HOW",
        "PLEASE",
        "NUMBER",
        "HELLO",
        "HI",
        "HEY",
        "I",
        "ME",
        "YOU",
        "CAN",
        "WHERE",
        "THANKS",
        "THANK",
        "MEMBERSHIP",
        "BALANCE",
        "CHECK",
        "HELP",
        "WANT",
        "TO",
        "KNOW",
    }
)
_INDONESIAN_WORDS = frozenset(
    {
        "SAYA",
        "APA",
        "BAGAIMANA",
        "NOMOR",
        "TOLONG",
        "MOHON",
        "BERAPA",
        "HALO",
        "SELAMAT",
        "TERIMA",
        "KASIH",
        "DAN",
        "YANG",
        "INI",
        "ITU",
        "BISA",
        "MINTA",
        "GIMANA",
        "CEK",
        "SALDO",
        "BANTUAN",
        "MAU",
        "INGIN",
        "TAHU",
    }
)

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script; split at everything else
_RUN = re.compile(r"[A-Z]+|[0-9]+|[^A-Z0-9]+")


@dataclass(frozen=True)
class _Run:
    text: str
    word: int  # index of the word it came from

    @property
    def is_digits(self) -> bool:
        return self.text.isascii() and self.text.isdigit()


def _runs(text: str) -> list[_Run]:
    # NFKC turns full-width digits and letters into ASCII ones.
    normal = unicodedata.normalize("NFKC", text or "").upper()
    return [
        _Run(run, index)
        for index, word in enumerate(_WORD.findall(normal))
        for run in _RUN.findall(word)
    ]


def _keyword(letter_runs: list[str]) -> tuple[Keyword, str | None]:
    """The keyword among the words before the number, and the word that named it.

    SALDO wins over CEK, so "CEK SALDO <KPJ>" asks for the balance; any of them wins over
    a word asking for help ("INFO SALDO <KPJ>").
    """
    for keyword, pattern in ((Keyword.SALDO, _SALDO), (Keyword.CEK, _CEK), (Keyword.HELP, _HELP)):
        for run in letter_runs:
            if pattern.fullmatch(run):
                return keyword, run
    return Keyword.UNKNOWN, None


def _argument(runs: list[_Run]) -> str:
    first = next((i for i, run in enumerate(runs) if run.is_digits), None)
    if first is None:
        # No digits: whatever words are left after the fillers, so "CEK ABC" can be told
        # that a NIK has digits only, and "CEK NIK" that it was left out.
        return " ".join(run.text for run in runs if not _FILLER.fullmatch(run.text))
    taken = [runs[first]]
    for i in range(first + 1, len(runs)):
        run = runs[i]
        following = runs[i + 1] if i + 1 < len(runs) else None
        # Letters inside a number ("900O0001") stay; letters after it ("0001 TKS") end it.
        inside = (
            run.word == runs[i - 1].word
            and following is not None
            and following.is_digits
            and following.word == run.word
        )
        if not (run.is_digits or inside):
            break
        taken.append(run)
    return "".join(run.text for run in taken)


def _language(keyword_word: str | None, words: list[str]) -> str:
    if keyword_word is not None:
        for plain in _ENGLISH_KEYWORDS:
            if keyword_word.startswith(plain):
                return "en"
        for plain in _INDONESIAN_KEYWORDS:
            if keyword_word.startswith(plain):
                return "id"
    english = sum(word in _ENGLISH_WORDS for word in words)
    indonesian = sum(word in _INDONESIAN_WORDS for word in words)
    return "en" if english > indonesian else "id"


def parse_sms(text: str) -> ParsedSms:
    """Read one inbound SMS. Never raises; anything unreadable is `Keyword.UNKNOWN`."""
    runs = _runs(text)
    first_digits = next((i for i, run in enumerate(runs) if run.is_digits), len(runs))
    before_number = [run.text for run in runs[:first_digits] if not run.is_digits]
    keyword, keyword_word = _keyword(before_number)
    language = _language(keyword_word, [run.text for run in runs if not run.is_digits])
    if keyword in (Keyword.HELP, Keyword.UNKNOWN):
        return ParsedSms(keyword, "", language)
    after_keyword = runs[before_number.index(keyword_word) + 1 :] if keyword_word else runs
    return ParsedSms(keyword, _argument(after_keyword), language)

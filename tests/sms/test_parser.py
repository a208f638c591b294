from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jamsos.channels.sms.parser import Keyword, ParsedSms, parse_sms

NIK = "3171011708450001"
KPJ = "12345678901"


@pytest.mark.parametrize(
    "text",
    [
        f"CEK {NIK}",
        f"cek {NIK}",
        f"cek{NIK}",
        f"Cek: {NIK}",
        f"CEK NOMOR KTP {NIK}",
        f"CEK KTP {NIK}",
        f"CEK NIK {NIK}",
        f"  cek   {NIK}  ",
        "CEK 3171 0117 0845 0001",
        "CEK 3171.0117.0845.0001",
        "CEK 3171-0117-0845-0001",
        f"CEK No. KTP: {NIK}",
        f"CEKNIK{NIK}",
        f"cek {NIK} tks",
        f"#CEK#{NIK}!",
        f"tolong cek {NIK}",
        "ｃｅｋ　３１７１０１１７０８４５０００１",  # a full-width keyboard
    ],
)
def test_the_ways_people_write_cek_all_give_the_nik(text):
    assert parse_sms(text) == ParsedSms(Keyword.CEK, NIK, "id")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (f"SALDO {KPJ}", ParsedSms(Keyword.SALDO, KPJ, "id")),
        (f"saldo jht {KPJ}", ParsedSms(Keyword.SALDO, KPJ, "id")),
        (f"CEK SALDO {KPJ}", ParsedSms(Keyword.SALDO, KPJ, "id")),
        ("SALDO 123-4567-8901", ParsedSms(Keyword.SALDO, KPJ, "id")),
        (f"BALANCE {KPJ}", ParsedSms(Keyword.SALDO, KPJ, "en")),
        (f"check balance {KPJ}", ParsedSms(Keyword.SALDO, KPJ, "en")),
        (f"CHECK {NIK}", ParsedSms(Keyword.CEK, NIK, "en")),
        (f"Check my NIK {NIK}", ParsedSms(Keyword.CEK, NIK, "en")),
    ],
)
def test_saldo_and_the_english_keywords_are_read_with_their_language(text, parsed):
    assert parse_sms(text) == parsed


@pytest.mark.parametrize(
    ("text", "language"),
    [("BANTUAN", "id"), ("bantuan?", "id"), ("HELP", "en"), ("help!", "en"), ("INFO", "id")],
)
def test_help_words_ask_for_help(text, language):
    assert parse_sms(text) == ParsedSms(Keyword.HELP, "", language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", "id"),
        ("halo selamat pagi", "id"),
        ("what is my number", "en"),
        (NIK, "id"),
        ("🙂", "id"),
    ],
)
def test_anything_else_is_unknown_in_the_language_it_seems_to_be(text, language):
    assert parse_sms(text) == ParsedSms(Keyword.UNKNOWN, "", language)


@pytest.mark.parametrize(
    ("text", "argument"),
    [
        ("CEK", ""),
        ("CEK NIK", ""),
        ("CEK NOMOR KTP", ""),
        ("CEK ABC", "ABC"),
        ("CEK 12345", "12345"),
        # A letter O typed for a zero stays in, so the reply can say a NIK has digits only.
        ("CEK 31710117084O0001", "31710117084O0001"),
        ("SALDO 02D00065455", "02D00065455"),
    ],
)
def test_what_stands_where_the_number_should_be_is_passed_on_for_checking(text, argument):
    assert parse_sms(text).argument == argument


# --- Property: noise around a valid keyword never hides it ----------------------------------

noise = st.text(alphabet=" .,:;!?-_*#/\t\n", max_size=4)
digits = st.text(alphabet="0123456789", min_size=16, max_size=16)
kpj_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)
after_keyword = st.sampled_from(
    ["", " ", "  ", ":", ": ", " : ", "-", ". ", " NOMOR KTP ", " KTP ", " no. ktp: ", " NIK "]
)
inside_number = st.sampled_from(["", " ", ".", "-", " - "])


def random_case(word: str) -> st.SearchStrategy[str]:
    return st.tuples(*[st.sampled_from([c.lower(), c.upper()]) for c in word]).map("".join)


def grouped(number: str, separator: str, size: int = 4) -> str:
    return separator.join(number[i : i + size] for i in range(0, len(number), size))


@given(
    lead=noise,
    keyword=st.sampled_from(["CEK", "CHECK"]).flatmap(
        lambda word: random_case(word).map(lambda cased: (word, cased))
    ),
    gap=after_keyword,
    nik=digits,
    separator=inside_number,
    trail=noise,
)
def test_noise_around_cek_and_inside_the_nik_never_changes_what_is_read(
    lead, keyword, gap, nik, separator, trail
):
    word, cased = keyword
    parsed = parse_sms(f"{lead}{cased}{gap}{grouped(nik, separator)}{trail}")

    assert parsed == ParsedSms(Keyword.CEK, nik, "en" if word == "CHECK" else "id")


@given(
    lead=noise,
    keyword=st.sampled_from(["SALDO", "BALANCE"]).flatmap(
        lambda word: random_case(word).map(lambda cased: (word, cased))
    ),
    gap=st.sampled_from(["", " ", ": ", " JHT ", " KPJ ", "-"]),
    kpj=kpj_digits,
    separator=inside_number,
    trail=noise,
)
def test_noise_around_saldo_and_inside_the_kpj_never_changes_what_is_read(
    lead, keyword, gap, kpj, separator, trail
):
    word, cased = keyword
    parsed = parse_sms(f"{lead}{cased}{gap}{grouped(kpj, separator, 3)}{trail}")

    assert parsed == ParsedSms(Keyword.SALDO, kpj, "en" if word == "BALANCE" else "id")


@given(lead=noise, word=st.sampled_from(["BANTUAN", "HELP", "INFO"]).flatmap(random_case))
def test_noise_around_a_help_word_still_asks_for_help(lead, word):
    assert parse_sms(f"{lead}{word}{lead}").keyword == Keyword.HELP


@given(st.text())
def test_any_text_at_all_is_read_without_an_error(text):
    parsed = parse_sms(text)

    assert parsed.keyword in Keyword
    assert parsed.language in ("id", "en")

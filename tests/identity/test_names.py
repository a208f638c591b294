from __future__ import annotations

import pytest

from jamsos.identity import name_tokens, normalise_name, validate_full_name
from jamsos.identity.names import TITLES

from .support import refused_with


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Ahmad Fauzi, S.E., M.M.", "AHMAD FAUZI"),
        ("Hj. Siti Aminah, S.Pd.", "SITI AMINAH"),
        ("H. MUHAMMAD  RIDWAN", "MUHAMMAD RIDWAN"),
        ("Prof. Dr. Ir. H. Budi Santoso, M.Si.", "BUDI SANTOSO"),
        ("dr. Rina Wulandari, Sp.A", "RINA WULANDARI"),
        ("Ns. Dewi Lestari, S.Kep", "DEWI LESTARI"),
        ("Rudi Hartono, A.Md.Kep.", "RUDI HARTONO"),
        ("Drs. H. Abdul Rahman, M.B.A.", "ABDUL RAHMAN"),
        ("KH Hasyim Asy'ari", "HASYIM ASYARI"),
        ("Sekar Ayu", "SEKAR AYU"),
        ("Ma'ruf", "MARUF"),
        ("Ma\u2019ruf", "MARUF"),
        ("José Ramírez", "JOSE RAMIREZ"),
        ("ＳＩＴＩ　ＡＭＩＮＡＨ", "SITI AMINAH"),
    ],
)
def test_a_name_is_normalised_for_matching(written, normalised):
    assert normalise_name(written) == normalised


def test_a_haji_s_name_matches_the_same_name_written_plainly():
    assert normalise_name("H. MUHAMMAD  RIDWAN") == normalise_name("muhammad ridwan")


def test_a_name_with_a_degree_glued_on_by_a_dot_still_loses_the_title():
    assert normalise_name("H.Muhammad Ridwan") == "MUHAMMAD RIDWAN"
    assert normalise_name("Dr.H.Ahmad") == "AHMAD"


def test_an_initial_written_with_a_dot_stays_as_a_word():
    assert normalise_name("M. Ridwan") == "M RIDWAN"
    assert normalise_name("M.Ridwan") == "M RIDWAN"


def test_a_degree_is_only_dropped_as_a_whole_word():
    assert normalise_name("Sekar Seha") == "SEKAR SEHA"
    assert normalise_name("Hajar") == "HAJAR"


def test_a_name_made_only_of_titles_is_kept_rather_than_emptied():
    assert normalise_name("Haji") == "HAJI"
    assert normalise_name("Ir. H.") == "IR H"


def test_name_tokens_are_the_words_of_the_normal_form():
    assert name_tokens("Hj. Siti Aminah, S.Pd.") == ("SITI", "AMINAH")
    assert name_tokens("") == ()


def test_the_title_list_is_stored_upper_case_without_dots():
    assert all(title == title.upper() and "." not in title for title in TITLES)


def test_a_full_name_is_trimmed_and_its_whitespace_collapsed():
    assert validate_full_name("  Siti   Aminah \t") == "Siti Aminah"


@pytest.mark.parametrize(
    "name",
    [
        "Sukarno",  # a single name is a complete name
        "Ahmad Fauzi, S.E., M.M.",
        "Ma'ruf Amin",
        "Ma\u2019ruf Amin",
        "Nur-Aini",
        "José Ramírez",
        "x" * 100,
    ],
)
def test_names_as_people_write_them_are_accepted(name):
    assert validate_full_name(name) == name


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "NAME_REQUIRED"),
        ("   ", "NAME_REQUIRED"),
        ("...", "NAME_REQUIRED"),
        ("Budi2", "NAME_INVALID_CHARACTERS"),
        ("Budi @ Santoso", "NAME_INVALID_CHARACTERS"),
        ("Budi_Santoso", "NAME_INVALID_CHARACTERS"),
        ("Budi\x00", "NAME_INVALID_CHARACTERS"),
        ("x" * 101, "NAME_TOO_LONG"),
    ],
)
def test_each_kind_of_wrong_name_gets_its_own_code(value, code):
    with refused_with(code):
        validate_full_name(value)


def test_the_refusal_lists_the_characters_to_remove():
    with refused_with("NAME_INVALID_CHARACTERS") as caught:
        validate_full_name("Budi2 @Santoso")
    assert '"2"' in caught.value.message("en")
    assert '"@"' in caught.value.message("id")

from __future__ import annotations

import pytest

from jamsos.identity import mask_email, normalise_email

from .support import refused_with


def test_an_address_is_trimmed_and_only_its_domain_lower_cased():
    assert normalise_email("  Budi.Santoso@Example.CO.ID ") == "Budi.Santoso@example.co.id"


@pytest.mark.parametrize(
    "address", ["a@b.co", "siti+jht@mail.example.org", "dewi_l@sub-domain.example.com"]
)
def test_ordinary_addresses_are_accepted(address):
    assert normalise_email(address) == address


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "EMAIL_REQUIRED"),
        ("  ", "EMAIL_REQUIRED"),
        ("budi", "EMAIL_MALFORMED"),
        ("budi@", "EMAIL_MALFORMED"),
        ("@example.com", "EMAIL_MALFORMED"),
        ("budi@example", "EMAIL_MALFORMED"),
        ("bu di@example.com", "EMAIL_MALFORMED"),
        ("budi@@example.com", "EMAIL_MALFORMED"),
        ("budi..santoso@example.com", "EMAIL_MALFORMED"),
        (".budi@example.com", "EMAIL_MALFORMED"),
        ("budi@-example.com", "EMAIL_MALFORMED"),
        ("budi@example..com", "EMAIL_MALFORMED"),
        ("budi@example.123", "EMAIL_MALFORMED"),
        ("budi@exa mple.com", "EMAIL_MALFORMED"),
        ("b" * 65 + "@example.com", "EMAIL_MALFORMED"),
    ],
)
def test_each_kind_of_wrong_address_gets_its_own_code(value, code):
    with refused_with(code):
        normalise_email(value)


def test_a_masked_address_shows_the_first_character_and_the_domain():
    assert mask_email("alice@example.com") == "a***@example.com"
    assert mask_email("no-at-sign") == "***"

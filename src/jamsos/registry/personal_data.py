"""Blind indexes for the registry's encrypted columns: one place decides how each is keyed."""

from __future__ import annotations

from jamsos.privacy.crypto import blind_index
from jamsos.privacy.keys import load_keyring


def nik_index(nik: str) -> str:
    return blind_index(nik, keyring=load_keyring(), context="nik")


def phone_index(e164: str) -> str:
    return blind_index(e164, keyring=load_keyring(), context="phone")


def email_index(normalised_email: str) -> str:
    return blind_index(normalised_email, keyring=load_keyring(), context="email")

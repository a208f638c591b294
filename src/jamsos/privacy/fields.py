"""A model field whose column holds only ciphertext.

Values are encrypted on the way in and decrypted on the way out. Filtering by the
plaintext is impossible by design (every encryption is different); look people up
through their blind-index column instead. Only ``isnull`` is allowed as a lookup.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from jamsos.privacy.crypto import decrypt, encrypt
from jamsos.privacy.keys import load_keyring


class EncryptedTextField(models.TextField):
    def __init__(self, *args: Any, context: str, **kwargs: Any) -> None:
        self.context = context
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["context"] = self.context
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value, keyring=load_keyring(), context=self.context)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value, keyring=load_keyring(), context=self.context)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

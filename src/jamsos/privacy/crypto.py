"""Authenticated encryption and keyed blind indexes for personal data.

No Django here: the demo loader and the bulk paths call these directly.

Ciphertext format: ``<key id>$<base64url(nonce || AES-256-GCM ciphertext+tag)>``.
The key id lets keys rotate: new values use the current key, old ones still
decrypt with theirs until `jamsos keys reencrypt` moves them. The *context*
(for example ``registry.participant.nik``) is bound as associated data, so a
ciphertext copied into another column does not decrypt.

A blind index is HMAC-SHA256 over the context and the normalised value, with a
key that never lives in the database: equal values match, and a database dump
alone cannot be searched by guessing NIKs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
_NONCE_BYTES = 12
_SEPARATOR = "$"


class DecryptionError(Exception):
    """The value was not written with any key we hold, or it was altered."""


@dataclass(frozen=True)
class Keyring:
    data_keys: Mapping[str, bytes]
    current_key_id: str
    blind_index_key: bytes

    def __post_init__(self) -> None:
        if self.current_key_id not in self.data_keys:
            raise ValueError(f"current key id {self.current_key_id!r} is not among the data keys")
        for key_id, key in self.data_keys.items():
            if not key_id or _SEPARATOR in key_id or ":" in key_id or "," in key_id:
                raise ValueError(f"key id {key_id!r} may not be empty or contain $ : ,")
            if len(key) != KEY_BYTES:
                raise ValueError(f"data key {key_id!r} must be {KEY_BYTES} bytes")
        if len(self.blind_index_key) < KEY_BYTES:
            raise ValueError(f"the blind-index key must be at least {KEY_BYTES} bytes")


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key() -> str:
    """A fresh random key, base64url text, for `jamsos keys generate`."""
    return _b64encode(os.urandom(KEY_BYTES))


def decode_key(text: str) -> bytes:
    return _b64decode(text.strip())


def encrypt(plaintext: str, *, keyring: Keyring, context: str) -> str:
    key_id = keyring.current_key_id
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(keyring.data_keys[key_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode()
    )
    return f"{key_id}{_SEPARATOR}{_b64encode(nonce + sealed)}"


def key_id_of(token: str) -> str:
    return token.split(_SEPARATOR, 1)[0]


def decrypt(token: str, *, keyring: Keyring, context: str) -> str:
    key_id, _, body = token.partition(_SEPARATOR)
    key = keyring.data_keys.get(key_id)
    if key is None or not body:
        raise DecryptionError(f"no data key with id {key_id!r}")
    raw = _b64decode(body)
    try:
        plaintext = AESGCM(key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise DecryptionError("ciphertext does not authenticate for this context") from None
    return plaintext.decode("utf-8")


def blind_index(normalised_value: str, *, keyring: Keyring, context: str) -> str:
    message = context.encode() + b"\x00" + normalised_value.encode("utf-8")
    return hmac.new(keyring.blind_index_key, message, hashlib.sha256).hexdigest()

"""The keyring for personal data, read from settings (which read the environment).

Environment:
  JAMSOS_DATA_KEYS         comma-separated ``id:key`` pairs, keys base64url of 32 random bytes
  JAMSOS_DATA_KEY_CURRENT  the id that encrypts new values
  JAMSOS_BLIND_INDEX_KEY   base64url of 32 or more random bytes; never rotate it without
                           rebuilding every blind index (no command does that yet)
"""

from __future__ import annotations

from functools import lru_cache

from jamsos.conf.env import ConfigurationError
from jamsos.privacy.crypto import Keyring, decode_key, new_key

_HOW_TO_FIX = (
    "Run `jamsos keys generate` and put its lines in the server's environment "
    "(keep a copy in the agency's key vault: without these keys the personal data "
    "cannot be read), or use `jamsos demo` for a local trial."
)


def parse_keyring(data_keys: str, current_key_id: str, blind_index_key: str) -> Keyring:
    if not data_keys or not blind_index_key:
        missing = [
            name
            for name, value in (
                ("JAMSOS_DATA_KEYS", data_keys),
                ("JAMSOS_BLIND_INDEX_KEY", blind_index_key),
            )
            if not value
        ]
        raise ConfigurationError(f"Personal-data keys missing: {', '.join(missing)}. {_HOW_TO_FIX}")
    keys: dict[str, bytes] = {}
    try:
        for pair in data_keys.split(","):
            key_id, sep, encoded = pair.strip().partition(":")
            if not sep:
                raise ValueError(f"expected id:key, got {pair.strip()[:12]!r}...")
            keys[key_id] = decode_key(encoded)
        current = current_key_id or next(iter(keys))
        return Keyring(
            data_keys=keys, current_key_id=current, blind_index_key=decode_key(blind_index_key)
        )
    except ValueError as exc:
        raise ConfigurationError(
            f"Personal-data keys are malformed: {exc}. {_HOW_TO_FIX}"
        ) from None


@lru_cache(maxsize=4)
def _cached(data_keys: str, current_key_id: str, blind_index_key: str) -> Keyring:
    return parse_keyring(data_keys, current_key_id, blind_index_key)


def load_keyring() -> Keyring:
    from django.conf import settings

    return _cached(
        settings.PERSONAL_DATA_KEYS, settings.PERSONAL_DATA_CURRENT_KEY, settings.BLIND_INDEX_KEY
    )


def generate_environment(key_id: str = "k1") -> dict[str, str]:
    """A complete fresh set of secrets, as environment variables."""
    return {
        "JAMSOS_SECRET_KEY": new_key() + new_key(),
        "JAMSOS_DATA_KEYS": f"{key_id}:{new_key()}",
        "JAMSOS_DATA_KEY_CURRENT": key_id,
        "JAMSOS_BLIND_INDEX_KEY": new_key(),
        # An Ed25519 private key is 32 random bytes, the same shape as the keys above.
        "JAMSOS_CARD_SIGNING_KEY": new_key(),
    }

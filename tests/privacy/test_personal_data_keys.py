import os
import subprocess
import sys

import pytest

from jamsos.conf.env import ConfigurationError
from jamsos.privacy.crypto import (
    DecryptionError,
    Keyring,
    blind_index,
    decrypt,
    encrypt,
    key_id_of,
    new_key,
)
from jamsos.privacy.keys import decode_key, parse_keyring


def keyring(current="b", keys=("a", "b")):
    material = {key_id: decode_key(new_key()) for key_id in keys}
    return Keyring(
        data_keys=material, current_key_id=current, blind_index_key=decode_key(new_key())
    )


def test_a_value_round_trips_and_carries_its_key_id():
    ring = keyring()
    token = encrypt("3171011705900001", keyring=ring, context="nik")
    assert key_id_of(token) == "b"
    assert "3171011705900001" not in token
    assert decrypt(token, keyring=ring, context="nik") == "3171011705900001"


def test_two_encryptions_of_one_value_differ():
    ring = keyring()
    assert encrypt("x", keyring=ring, context="c") != encrypt("x", keyring=ring, context="c")


def test_old_values_still_decrypt_after_the_current_key_rotates():
    old = keyring(current="a")
    token = encrypt("rahasia", keyring=old, context="c")
    rotated = Keyring(
        data_keys=old.data_keys, current_key_id="b", blind_index_key=old.blind_index_key
    )
    assert decrypt(token, keyring=rotated, context="c") == "rahasia"
    assert key_id_of(encrypt("rahasia", keyring=rotated, context="c")) == "b"


def test_a_ciphertext_moved_to_another_column_does_not_decrypt():
    ring = keyring()
    token = encrypt("081234567890", keyring=ring, context="registry.participant.phone")
    with pytest.raises(DecryptionError):
        decrypt(token, keyring=ring, context="registry.participant.email")


def test_a_tampered_ciphertext_does_not_decrypt():
    ring = keyring()
    token = encrypt("rahasia", keyring=ring, context="c")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(DecryptionError):
        decrypt(tampered, keyring=ring, context="c")


def test_a_value_under_an_unknown_key_is_refused():
    token = encrypt("rahasia", keyring=keyring(), context="c")
    with pytest.raises(DecryptionError):
        decrypt(token, keyring=keyring(current="z", keys=("z",)), context="c")


def test_the_blind_index_is_stable_keyed_and_separated_by_context():
    ring = keyring()
    assert blind_index("1", keyring=ring, context="nik") == blind_index(
        "1", keyring=ring, context="nik"
    )
    assert blind_index("1", keyring=ring, context="nik") != blind_index(
        "1", keyring=ring, context="phone"
    )
    assert blind_index("1", keyring=ring, context="nik") != blind_index(
        "1", keyring=keyring(), context="nik"
    )


@pytest.mark.parametrize(
    ("keys", "current", "blind", "expected"),
    [
        ("", "", "", "JAMSOS_DATA_KEYS, JAMSOS_BLIND_INDEX_KEY"),
        ("k1", "", new_key(), "expected id:key"),
        (f"k1:{new_key()}", "k9", new_key(), "k9"),
        ("k1:c2hvcnQ", "", new_key(), "32 bytes"),
    ],
)
def test_missing_or_malformed_keys_name_the_problem_and_the_fix(keys, current, blind, expected):
    with pytest.raises(ConfigurationError) as error:
        parse_keyring(keys, current, blind)
    assert expected in str(error.value)
    assert "jamsos keys generate" in str(error.value)


def _run_jamsos(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "jamsos.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_server_without_personal_data_keys_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAMSOS_")}
    env.update(DJANGO_SETTINGS_MODULE="jamsos.settings", JAMSOS_SECRET_KEY="x" * 50)
    result = _run_jamsos("check", env=env)
    assert result.returncode == 2
    assert "JAMSOS_DATA_KEYS" in result.stderr
    assert "Traceback" not in result.stderr


def test_keys_generate_prints_a_complete_usable_configuration():
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAMSOS_")}
    result = _run_jamsos("keys", "generate", env=env)
    assert result.returncode == 0
    generated = dict(line.split("=", 1) for line in result.stdout.split())
    parse_keyring(
        generated["JAMSOS_DATA_KEYS"],
        generated["JAMSOS_DATA_KEY_CURRENT"],
        generated["JAMSOS_BLIND_INDEX_KEY"],
    )
    env.update(generated, DJANGO_SETTINGS_MODULE="jamsos.settings")
    assert _run_jamsos("check", env=env).returncode == 0

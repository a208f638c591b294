from __future__ import annotations

import string
import subprocess
import sys

from jamsos.identity import errors
from jamsos.ops.errors import ErrorSpec, catalogue

IDENTITY_SPECS = [value for value in vars(errors).values() if isinstance(value, ErrorSpec)]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_identity_error_is_in_the_catalogue_under_a_unique_code():
    codes = [spec.code for spec in IDENTITY_SPECS]
    assert len(codes) == len(set(codes))
    assert all(catalogue()[spec.code] == spec for spec in IDENTITY_SPECS)


def test_every_identity_error_speaks_indonesian_and_english_with_the_same_placeholders():
    for spec in IDENTITY_SPECS:
        assert spec.message_id.strip(), spec.code
        assert spec.message_en.strip(), spec.code
        assert spec.message_id != spec.message_en, spec.code
        assert _placeholders(spec.message_id) == _placeholders(spec.message_en), spec.code


def test_the_brief_s_error_codes_all_exist():
    expected = {
        "NIK_REQUIRED", "NIK_NOT_DIGITS", "NIK_LENGTH", "NIK_REGION_UNKNOWN",
        "NIK_BIRTH_DATE_IMPOSSIBLE", "NIK_SERIAL_ZERO", "NIK_BIRTH_DATE_MISMATCH",
        "NIK_SEX_MISMATCH", "KPJ_REQUIRED", "KPJ_NOT_DIGITS", "KPJ_LENGTH", "KPJ_CHECK_DIGIT",
        "NPP_REQUIRED", "NPP_FORMAT", "NPP_CHECK_DIGIT", "NAME_REQUIRED", "NAME_TOO_LONG",
        "NAME_INVALID_CHARACTERS", "PHONE_REQUIRED", "PHONE_MALFORMED", "EMAIL_REQUIRED",
        "EMAIL_MALFORMED",
    }  # fmt: skip
    assert expected == {spec.code for spec in IDENTITY_SPECS}


def test_the_identity_package_imports_without_django():
    script = "import sys, jamsos.identity; sys.exit('django' in sys.modules)"
    subprocess.run([sys.executable, "-c", script], check=True)

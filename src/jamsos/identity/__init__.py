"""Identifiers and personal data checks, in pure Python (no Django).

Every refusal raises `jamsos.ops.errors.JamsosError` with a code from `jamsos.identity.errors`.
"""

from jamsos.identity.dates import parse_birth_date
from jamsos.identity.email import mask_email, normalise_email
from jamsos.identity.kpj import is_patterned, kpj_from_serial, validate_kpj
from jamsos.identity.matching import names_match
from jamsos.identity.names import name_tokens, normalise_name, validate_full_name
from jamsos.identity.nik import (
    NikInfo,
    check_nik_against,
    compose_nik,
    mask_nik,
    parse_nik,
    regency_codes,
    regency_name,
    validate_nik,
)
from jamsos.identity.npp import npp_from_serial, validate_npp
from jamsos.identity.phones import is_mobile, mask_phone, normalise_phone

__all__ = [
    "NikInfo",
    "check_nik_against",
    "compose_nik",
    "is_mobile",
    "is_patterned",
    "kpj_from_serial",
    "mask_email",
    "mask_nik",
    "mask_phone",
    "name_tokens",
    "names_match",
    "normalise_email",
    "normalise_name",
    "normalise_phone",
    "npp_from_serial",
    "parse_birth_date",
    "parse_nik",
    "regency_codes",
    "regency_name",
    "validate_full_name",
    "validate_kpj",
    "validate_nik",
    "validate_npp",
]

"""Refusals of the inbound gateway endpoint. They speak to the gateway's operators, not to
the person who sent the SMS: that person only ever gets a reply SMS."""

from __future__ import annotations

from jamsos.ops.errors import define_error

SMS_NOT_CONFIGURED = define_error(
    "SMS_NOT_CONFIGURED",
    id="Layanan SMS belum siap: kunci bersama gateway (JAMSOS_SMS_INBOUND_SECRET) belum diatur "
    "di server. Hubungi operator Jamsos.",
    en="The SMS service is not ready: the gateway's shared secret (JAMSOS_SMS_INBOUND_SECRET) "
    "is not set on the server. Contact the Jamsos operators.",
    http_status=503,
)
SMS_SIGNATURE_MISSING = define_error(
    "SMS_SIGNATURE_MISSING",
    id="Permintaan tanpa tanda tangan. Kirim header X-Jamsos-Signature (sha256=<hex>) dan "
    "X-Jamsos-Timestamp (detik Unix).",
    en="The request is not signed. Send the X-Jamsos-Signature (sha256=<hex>) and "
    "X-Jamsos-Timestamp (Unix seconds) headers.",
    http_status=401,
)
SMS_SIGNATURE_INVALID = define_error(
    "SMS_SIGNATURE_INVALID",
    id='Tanda tangan tidak cocok. Tanda tangan adalah HMAC-SHA256 atas "<timestamp>.<isi>" '
    "dengan kunci bersama; periksa kunci dan bahwa isi tidak diubah.",
    en='The signature does not match. It is the HMAC-SHA256 of "<timestamp>.<body>" with '
    "the shared secret; check the secret and that the body was not altered.",
    http_status=401,
)
SMS_TIMESTAMP_STALE = define_error(
    "SMS_TIMESTAMP_STALE",
    id="Waktu permintaan berbeda lebih dari {max_skew} detik dari jam server. Kirim waktu saat "
    "ini dan periksa jam gateway.",
    en="The request time differs from the server clock by more than {max_skew} seconds. Send "
    "the current time and check the gateway's clock.",
    http_status=401,
)
SMS_BODY_NOT_JSON = define_error(
    "SMS_BODY_NOT_JSON",
    id="Isi permintaan harus berupa objek JSON dalam UTF-8.",
    en="The request body must be a JSON object in UTF-8.",
)
SMS_FIELD_INVALID = define_error(
    "SMS_FIELD_INVALID",
    id='Kolom "{name}" tidak ada atau tidak valid. Lihat format permintaan di README.',
    en='The field "{name}" is missing or not valid. See the request format in the README.',
)
SMS_BODY_TOO_LARGE = define_error(
    "SMS_BODY_TOO_LARGE",
    id="Isi permintaan lebih dari {max_bytes} byte.",
    en="The request body is larger than {max_bytes} bytes.",
    http_status=413,
)

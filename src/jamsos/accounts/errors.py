"""Every refusal the participant-account services give, in one place.

The web portal shows the message in the page's language; the API returns the code with
both messages. Placeholders in braces are filled by the `JamsosError` that raises them.
"""

from __future__ import annotations

from jamsos.ops.errors import define_error

ACCOUNT_CLIENT_LIMITED = define_error(
    "ACCOUNT_CLIENT_LIMITED",
    id="Terlalu banyak permintaan dari koneksi Anda. Coba lagi setelah pukul {time}.",
    en="Too many requests from your connection. Try again after {time}.",
    http_status=429,
)
IDENTIFIER_INVALID = define_error(
    "IDENTIFIER_INVALID",
    id="Tulis NIK Anda (16 angka di KTP) atau alamat email Anda.",
    en="Enter your NIK (the 16 digits on your KTP) or your e-mail address.",
)

# --- One-time codes ------------------------------------------------------------------------

OTP_FORMAT = define_error(
    "OTP_FORMAT",
    id="Kode terdiri dari 6 angka. Salin lagi dari SMS atau email yang Anda terima.",
    en="The code has 6 digits. Copy it again from the SMS or e-mail you received.",
)
OTP_WRONG = define_error(
    "OTP_WRONG",
    id="Kode tidak cocok. Sisa percobaan: {left}.",
    en="The code is not right. Tries left: {left}.",
)
OTP_EXPIRED = define_error(
    "OTP_EXPIRED",
    id="Kode ini sudah kedaluwarsa atau sudah dipakai. Minta kode baru.",
    en="This code has expired or was already used. Ask for a new code.",
    http_status=410,
)
OTP_TOO_MANY_TRIES = define_error(
    "OTP_TOO_MANY_TRIES",
    id="Kode ini terlalu sering salah dimasukkan dan tidak berlaku lagi. Minta kode baru.",
    en="This code was entered wrongly too many times and no longer works. Ask for a new code.",
    http_status=429,
)
OTP_INVALID = define_error(
    "OTP_INVALID",
    id="NIK atau kode tidak cocok, atau kode sudah kedaluwarsa. Periksa lagi, atau hubungi "
    "petugas yang memberi kode.",
    en="The NIK or the code does not match, or the code has expired. Check them, or contact "
    "the officer who gave you the code.",
)
OTP_LIMITED = define_error(
    "OTP_LIMITED",
    id="Sudah terlalu banyak kode yang diminta. Demi keamanan, coba lagi setelah pukul {time}.",
    en="Too many codes were requested. For your safety, try again after {time}.",
    http_status=429,
)

# --- Log-in and passwords ------------------------------------------------------------------

LOGIN_FAILED = define_error(
    "LOGIN_FAILED",
    id="NIK/email atau kata sandi salah. Jika email Anda dipakai bersama anggota keluarga, "
    "masuk dengan NIK.",
    en="The NIK/e-mail or the password is wrong. If you share your e-mail address with a "
    "family member, log in with your NIK.",
    http_status=401,
)
LOGIN_LOCKED = define_error(
    "LOGIN_LOCKED",
    id="Terlalu banyak percobaan masuk yang salah. Demi keamanan, masuk ditunda sampai pukul "
    "{time}. Lupa kata sandi? Atur ulang kata sandi.",
    en="Too many wrong log-in attempts. For your safety, log-in is paused until {time}. "
    "Forgot your password? Reset it.",
    http_status=429,
)
PASSWORD_REJECTED = define_error(
    "PASSWORD_REJECTED",
    id="Kata sandi ini tidak dapat dipakai: {reasons}",
    en="This password cannot be used: {reasons}",
)
PASSWORD_MISMATCH = define_error(
    "PASSWORD_MISMATCH",
    id="Kedua kata sandi tidak sama. Ketik lagi kata sandi yang sama di kedua kolom.",
    en="The two passwords differ. Type the same password in both boxes.",
)
PASSWORD_WRONG = define_error(
    "PASSWORD_WRONG",
    id="Kata sandi saat ini salah.",
    en="Your current password is wrong.",
    http_status=403,
)
ACCOUNT_EXISTS = define_error(
    "ACCOUNT_EXISTS",
    id="Anda sudah punya akun. Silakan masuk, atau atur ulang kata sandi jika lupa.",
    en="You already have an account. Log in, or reset your password if you forgot it.",
    http_status=409,
)

# --- Contact details -----------------------------------------------------------------------

CONTACT_UNCHANGED = define_error(
    "CONTACT_UNCHANGED",
    id="Ini sudah kontak yang terdaftar untuk Anda.",
    en="This is already the contact registered for you.",
)
CONTACT_NO_OLD = define_error(
    "CONTACT_NO_OLD",
    id="Tidak ada kontak lama yang dapat menerima kode. Minta pemeriksaan oleh petugas "
    "di kantor cabang atau pusat layanan.",
    en="No old contact can receive a code. Ask for a check by an officer at a branch office "
    "or the call centre.",
    http_status=409,
)
PHONE_NOT_MOBILE = define_error(
    "PHONE_NOT_MOBILE",
    id="Nomor ini tidak dapat menerima SMS. Tulis nomor ponsel.",
    en="This number cannot receive SMS. Enter a mobile number.",
)

# --- Officer step-up -----------------------------------------------------------------------

STEPUP_NOT_PENDING = define_error(
    "STEPUP_NOT_PENDING",
    id="Permintaan ini sudah diselesaikan sebelumnya.",
    en="This request was already resolved.",
    http_status=409,
)
STEPUP_PHONE_REQUIRED = define_error(
    "STEPUP_PHONE_REQUIRED",
    id="Untuk pendaftaran akun, isi nomor ponsel yang sudah Anda periksa bersama peserta.",
    en="For a sign-up, enter the mobile number you checked with the participant.",
)

from jamsos.ops.errors import define_error

CS_NOT_YOUR_TICKET = define_error(
    "CS_NOT_YOUR_TICKET",
    id=(
        "Hanya agen yang menangani tiket ini yang dapat melakukannya. Ambil tiket ini "
        "terlebih dahulu bila belum ada yang menangani."
    ),
    en=(
        "Only the agent handling this ticket can do this. Take the ticket first if nobody "
        "handles it yet."
    ),
    http_status=403,
)
CS_REVEAL_NEEDS_VERIFICATION = define_error(
    "CS_REVEAL_NEEDS_VERIFICATION",
    id=(
        "Data peserta hanya ditampilkan setelah penelepon lolos verifikasi pada tiket ini "
        "dalam {minutes} menit terakhir. Ajukan pertanyaan verifikasi terlebih dahulu."
    ),
    en=(
        "Participant data is shown only after the caller passed verification on this ticket "
        "within the last {minutes} minutes. Ask the verification questions first."
    ),
    http_status=409,
)
CS_REVEAL_LIMIT = define_error(
    "CS_REVEAL_LIMIT",
    id=(
        "Anda sudah mencapai batas {limit} tampilan data peserta per jam; supervisor sudah "
        "diberi tahu. Tampilan berikutnya dapat dilakukan pukul {time} WIB."
    ),
    en=(
        "You have reached the limit of {limit} participant reveals per hour; supervisors "
        "have been told. The next reveal is possible at {time} WIB."
    ),
    http_status=429,
)
CS_CHECK_LIMIT = define_error(
    "CS_CHECK_LIMIT",
    id="Anda sudah mencapai batas {limit} verifikasi per jam. Coba lagi pukul {time} WIB.",
    en="You have reached the limit of {limit} verifications per hour. Try again at {time} WIB.",
    http_status=429,
)
CS_TOO_MANY_FAILED_CHECKS = define_error(
    "CS_TOO_MANY_FAILED_CHECKS",
    id=(
        "Verifikasi pada tiket ini sudah gagal {count} kali, jadi tidak dapat dicoba lagi. "
        "Sarankan penelepon datang ke kantor cabang dengan KTP-nya."
    ),
    en=(
        "Verification on this ticket has failed {count} times, so it cannot be tried again. "
        "Suggest the caller visits a branch office with their KTP."
    ),
    http_status=409,
)
CS_EXTRA_QUESTION_MISSING = define_error(
    "CS_EXTRA_QUESTION_MISSING",
    id=(
        "Tanyakan juga satu hal yang tidak tertera di KTP: empat digit terakhir nomor HP "
        "yang terdaftar, atau nama perusahaan tempat penelepon bekerja sekarang."
    ),
    en=(
        "Also ask one thing that is not on the KTP: the last four digits of the registered "
        "phone number, or the name of the caller's current employer."
    ),
)
CS_PHONE_LAST4_FORMAT = define_error(
    "CS_PHONE_LAST4_FORMAT",
    id="Tulis tepat empat angka terakhir nomor HP, misalnya 7890.",
    en="Write exactly the last four digits of the phone number, for example 7890.",
)
CS_LOGIN_FAILED = define_error(
    "CS_LOGIN_FAILED",
    id="Nama pengguna atau kata sandi salah.",
    en="The username or password is wrong.",
)
CS_LOGIN_NOT_ALLOWED = define_error(
    "CS_LOGIN_NOT_ALLOWED",
    id=(
        "Akun ini tidak terdaftar sebagai agen atau supervisor layanan pelanggan. "
        "Hubungi supervisor Anda."
    ),
    en="This account is not a customer-service agent or supervisor. Ask your supervisor.",
    http_status=403,
)
CS_LOGIN_LIMITED = define_error(
    "CS_LOGIN_LIMITED",
    id="Terlalu banyak percobaan masuk untuk akun ini. Coba lagi pukul {time} WIB.",
    en="Too many log-in attempts for this account. Try again at {time} WIB.",
    http_status=429,
)
CS_CODE_WRONG = define_error(
    "CS_CODE_WRONG",
    id=(
        "Kode salah atau sudah pernah dipakai. Ketik kode 6 angka yang tampil sekarang di "
        "aplikasi autentikator Anda."
    ),
    en=(
        "The code is wrong or was already used. Type the 6-digit code your authenticator "
        "app shows now."
    ),
)
CS_CODE_THROTTLED = define_error(
    "CS_CODE_THROTTLED",
    id="Terlalu banyak kode yang salah. Tunggu {seconds} detik, lalu coba lagi.",
    en="Too many wrong codes. Wait {seconds} seconds, then try again.",
    http_status=429,
)

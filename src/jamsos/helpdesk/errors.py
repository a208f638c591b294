from jamsos.ops.errors import define_error

TICKET_TRANSITION_NOT_ALLOWED = define_error(
    "TICKET_TRANSITION_NOT_ALLOWED",
    id="Tiket {number} berstatus {current}; tidak dapat diubah menjadi {requested}.",
    en="Ticket {number} is {current}; it cannot move to {requested}.",
    http_status=409,
)
TICKET_CLOSED = define_error(
    "TICKET_CLOSED",
    id="Tiket {number} sudah ditutup. Untuk urusan baru, buka tiket baru.",
    en="Ticket {number} is closed. For anything new, open a new ticket.",
    http_status=409,
)
TICKET_ASSIGNEE_NOT_AGENT = define_error(
    "TICKET_ASSIGNEE_NOT_AGENT",
    id="Tiket hanya dapat diserahkan kepada agen layanan pelanggan yang aktif.",
    en="A ticket can only be assigned to an active customer-service agent.",
)
TICKET_TEXT_EMPTY = define_error(
    "TICKET_TEXT_EMPTY",
    id="Tulis isinya terlebih dahulu (paling banyak {limit} karakter).",
    en="Write the text first (at most {limit} characters).",
)
TICKET_TEXT_TOO_LONG = define_error(
    "TICKET_TEXT_TOO_LONG",
    id="Teks terlalu panjang: paling banyak {limit} karakter.",
    en="The text is too long: at most {limit} characters.",
)
TICKET_TEXT_HAS_PERSONAL_DATA = define_error(
    "TICKET_TEXT_HAS_PERSONAL_DATA",
    id=(
        "Jangan menulis NIK, nomor telepon, atau alamat e-mail di tiket. Tiket dibaca banyak "
        "petugas; data itu sudah tersimpan aman di data peserta."
    ),
    en=(
        "Do not write a NIK, phone number or e-mail address in a ticket. Many staff read "
        "tickets; those data are already kept safely in the participant's record."
    ),
)
TICKET_SUBJECT_DIFFERS = define_error(
    "TICKET_SUBJECT_DIFFERS",
    id=("Tiket ini sudah terhubung dengan peserta lain. Untuk peserta ini, buka panggilan baru."),
    en="This ticket is already linked to another participant. Open a new call for this one.",
    http_status=409,
)
TICKET_CATEGORY_UNKNOWN = define_error(
    "TICKET_CATEGORY_UNKNOWN",
    id="Kategori tidak dikenal: {category}.",
    en="Unknown category: {category}.",
)
CORRECTION_NEEDS_VERIFIED_PARTICIPANT = define_error(
    "CORRECTION_NEEDS_VERIFIED_PARTICIPANT",
    id=("Permintaan koreksi data hanya dapat dibuat setelah identitas penelepon terverifikasi."),
    en="A data-correction request can only be made once the caller's identity is verified.",
    http_status=409,
)
CORRECTION_VALUE_INVALID = define_error(
    "CORRECTION_VALUE_INVALID",
    id="Nilai yang diminta untuk {what} tidak sah: {problem}",
    en="The requested value for {what} is not valid: {problem}",
)

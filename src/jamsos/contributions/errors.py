"""Refusals of the contribution services, each a stable code with both languages."""

from jamsos.ops.errors import define_error

# --- Wage reports: the whole report ----------------------------------------------------------

WAGE_REPORT_MONTH_NOT_OPEN = define_error(
    "WAGE_REPORT_MONTH_NOT_OPEN",
    id=(
        "Bulan iuran {month} belum dapat dilaporkan: laporan upah dibuka untuk bulan sejak "
        "perusahaan terdaftar ({first}) sampai bulan berjalan ({last})."
    ),
    en=(
        "Contribution month {month} cannot be reported: wage reports are open for the months "
        "from the company's registration ({first}) up to the current month ({last})."
    ),
    http_status=409,
)
WAGE_REPORT_ALREADY_REPORTED = define_error(
    "WAGE_REPORT_ALREADY_REPORTED",
    id=(
        "Upah bulan {month} sudah dilaporkan pada {submitted} (tagihan {invoice}). Laporan "
        "kedua untuk bulan yang sama tidak diterima; hubungi kantor cabang untuk koreksi."
    ),
    en=(
        "The wages for {month} were already reported on {submitted} (invoice {invoice}). A "
        "second report for the same month is not accepted; contact a branch office to correct it."
    ),
    http_status=409,
)
WAGE_REPORT_EMPTY = define_error(
    "WAGE_REPORT_EMPTY",
    id="Laporan upah tidak berisi satu baris pun. Isi minimal satu pekerja.",
    en="The wage report has no rows. Report at least one worker.",
)
WAGE_REPORT_REJECTED = define_error(
    "WAGE_REPORT_REJECTED",
    id=(
        "Laporan upah ditolak: {count} baris salah. Tidak ada yang diterapkan. Perbaiki baris "
        "yang disebut dalam laporan kesalahan, lalu kirim ulang seluruh laporan."
    ),
    en=(
        "The wage report was refused: {count} row(s) in error. Nothing was applied. Fix the "
        "rows listed in the error report, then send the whole report again."
    ),
    http_status=422,
)

# --- Wage reports: one row --------------------------------------------------------------------

WAGE_ROW_NOT_ENROLLED = define_error(
    "WAGE_ROW_NOT_ENROLLED",
    id=(
        "NIK ini tidak terdaftar sebagai pekerja perusahaan Anda pada bulan {month}. Daftarkan "
        "pekerja terlebih dahulu, atau periksa NIK dan tanggal mulai/berakhir kerjanya."
    ),
    en=(
        "This NIK is not enrolled as a worker of your company in {month}. Enrol the worker "
        "first, or check the NIK and the employment's start and end dates."
    ),
)
WAGE_ROW_BELOW_FLOOR = define_error(
    "WAGE_ROW_BELOW_FLOOR",
    id=(
        "Upah {wage} di bawah batas terendah upah yang dapat dilaporkan untuk {month}, yaitu "
        "{floor} [{regulation}]."
    ),
    en=(
        "The wage {wage} is below the lowest reportable wage for {month}, which is {floor} "
        "[{regulation}]."
    ),
)
WAGE_ROW_TOO_HIGH = define_error(
    "WAGE_ROW_TOO_HIGH",
    id="Upah {wage} tidak wajar (lebih dari {limit}). Periksa angka nol yang berlebih.",
    en="The wage {wage} is implausible (above {limit}). Check for extra zeros.",
)
WAGE_ROW_DUPLICATE = define_error(
    "WAGE_ROW_DUPLICATE",
    id="NIK ini sudah ada di baris {first_row}. Setiap pekerja dilaporkan satu kali per bulan.",
    en="This NIK already appears in row {first_row}. Each worker is reported once a month.",
)
WAGE_ROW_NAME_DIFFERS = define_error(
    "WAGE_ROW_NAME_DIFFERS",
    id=(
        "Nama pada baris ini berbeda dengan nama terdaftar untuk NIK tersebut. Upah tetap "
        "diterima; bila nama terdaftar salah, ajukan koreksi data."
    ),
    en=(
        "The name in this row differs from the registered name for that NIK. The wage is "
        "accepted; if the registered name is wrong, request a data correction."
    ),
)

# --- Payments ---------------------------------------------------------------------------------

PAYMENT_REFERENCE_CONFLICT = define_error(
    "PAYMENT_REFERENCE_CONFLICT",
    id=(
        "Referensi bank {reference} sudah dicatat untuk pembayaran lain ({amount} pada "
        "{paid_on}, tagihan {invoice}). Satu referensi hanya untuk satu transfer; periksa "
        "referensi dan jumlahnya."
    ),
    en=(
        "Bank reference {reference} is already recorded for another payment ({amount} on "
        "{paid_on}, invoice {invoice}). One reference is one transfer; check the reference "
        "and the amount."
    ),
    http_status=409,
)
PAYMENT_AMOUNT_INVALID = define_error(
    "PAYMENT_AMOUNT_INVALID",
    id="Jumlah pembayaran harus bilangan bulat rupiah lebih dari nol; diterima: {value}.",
    en="The payment amount must be a whole number of rupiah above zero; got: {value}.",
)
PAYMENT_REFERENCE_INVALID = define_error(
    "PAYMENT_REFERENCE_INVALID",
    id="Referensi bank wajib diisi, 1 sampai 64 karakter tanpa spasi di awal atau akhir.",
    en="The bank reference is required: 1 to 64 characters, no leading or trailing spaces.",
)
PAYMENT_DATE_INVALID = define_error(
    "PAYMENT_DATE_INVALID",
    id=(
        "Tanggal bayar {paid_on} tidak mungkin: tidak boleh sebelum bulan iuran {month} atau "
        "sesudah hari ini ({today})."
    ),
    en=(
        "The payment date {paid_on} is impossible: it cannot be before the contribution month "
        "{month} or after today ({today})."
    ),
)
PAYMENT_ALREADY_REVERSED = define_error(
    "PAYMENT_ALREADY_REVERSED",
    id="Pembayaran {reference} sudah dikoreksi pada {reversed_on}.",
    en="Payment {reference} was already reversed on {reversed_on}.",
    http_status=409,
)
PAYMENT_REVERSAL_REASON_REQUIRED = define_error(
    "PAYMENT_REVERSAL_REASON_REQUIRED",
    id="Alasan koreksi pembayaran wajib diisi (paling banyak 200 karakter).",
    en="A reason for reversing the payment is required (at most 200 characters).",
)

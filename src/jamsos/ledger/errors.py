"""Refusals of the ledger services."""

from jamsos.ops.errors import define_error

JHT_RETURN_YEAR_NOT_ENDED = define_error(
    "JHT_RETURN_YEAR_NOT_ENDED",
    id="Hasil pengembangan tahun {year} baru dapat dikreditkan setelah tahun itu berakhir.",
    en="The return for {year} can only be credited after that year has ended.",
    http_status=409,
)
JHT_RETURN_RATE_INVALID = define_error(
    "JHT_RETURN_RATE_INVALID",
    id=(
        "Tingkat hasil pengembangan harus persen lebih dari 0 dan paling tinggi 100, dengan "
        "paling banyak 4 angka desimal (contoh: 5.63); diterima: {value}."
    ),
    en=(
        "The return rate must be a percentage above 0 and at most 100, with at most 4 "
        "decimals (for example 5.63); got: {value}."
    ),
)
JHT_RETURN_RATE_CONFLICT = define_error(
    "JHT_RETURN_RATE_CONFLICT",
    id=(
        "Hasil pengembangan tahun {year} sudah ditetapkan {declared}%. Tahun yang sama tidak "
        "dapat dikreditkan dengan tingkat lain ({rate}%)."
    ),
    en=(
        "The return for {year} was already declared at {declared}%. The same year cannot be "
        "credited at another rate ({rate}%)."
    ),
    http_status=409,
)
LEDGER_POSTING_PENDING = define_error(
    "LEDGER_POSTING_PENDING",
    id=(
        "{count} tagihan lunas sampai akhir {year} belum dibukukan ke rekening JHT. Jalankan "
        "'jamsos contributions post' lebih dahulu."
    ),
    en=(
        "{count} invoice(s) settled by the end of {year} are not yet posted to the JHT "
        "accounts. Run 'jamsos contributions post' first."
    ),
    http_status=409,
)

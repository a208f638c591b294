"""Every refusal the identity layer can give, in one place.

Messages speak to the person who typed the value: they say what is wrong and what to do next,
in Indonesian first. Placeholders in braces are filled by the `JamsosError` that raises them.
"""

from __future__ import annotations

from jamsos.ops.errors import define_error

# --- NIK (national identity number) --------------------------------------------------------

NIK_REQUIRED = define_error(
    "NIK_REQUIRED",
    id="Tulis NIK Anda: 16 angka yang tercetak di KTP atau Kartu Keluarga.",
    en="Enter your NIK: the 16 digits printed on your KTP (identity card) or family card.",
)
NIK_NOT_DIGITS = define_error(
    "NIK_NOT_DIGITS",
    id="NIK hanya berisi angka. Hapus huruf atau tanda lain, lalu salin lagi 16 angka dari KTP.",
    en="A NIK contains digits only. Remove letters and other marks, then copy the 16 digits "
    "from your KTP again.",
)
NIK_LENGTH = define_error(
    "NIK_LENGTH",
    id="NIK terdiri dari 16 angka, sedangkan yang Anda tulis {length} angka. "
    "Periksa lagi NIK di KTP Anda.",
    en="A NIK has 16 digits, but you entered {length}. Check the NIK on your KTP.",
)
NIK_REGION_UNKNOWN = define_error(
    "NIK_REGION_UNKNOWN",
    id="Empat angka pertama NIK ({region}) bukan kode provinsi dan kabupaten/kota yang terdaftar. "
    "Periksa lagi angka-angka awal NIK di KTP Anda.",
    en="The first four digits of the NIK ({region}) are not a registered province and "
    "regency/city code. Check the first digits of the NIK on your KTP.",
)
NIK_BIRTH_DATE_IMPOSSIBLE = define_error(
    "NIK_BIRTH_DATE_IMPOSSIBLE",
    id="Angka ke-7 sampai ke-12 NIK ({date_part}) harus berupa tanggal, bulan, dan tahun lahir "
    "yang ada. Periksa lagi angka-angka itu di KTP Anda.",
    en="Digits 7 to 12 of the NIK ({date_part}) must be a real birth day, month and year. "
    "Check those digits on your KTP.",
)
NIK_SERIAL_ZERO = define_error(
    "NIK_SERIAL_ZERO",
    id="Empat angka terakhir NIK tidak mungkin 0000. "
    "Periksa lagi angka-angka terakhir di KTP Anda.",
    en="The last four digits of a NIK are never 0000. Check the last digits on your KTP.",
)
NIK_BIRTH_DATE_MISMATCH = define_error(
    "NIK_BIRTH_DATE_MISMATCH",
    id="Tanggal lahir dalam NIK ({nik_date}, tanggal-bulan-tahun) berbeda dengan tanggal lahir "
    "yang Anda isi. Periksa lagi keduanya. Jika tanggal lahir Anda memang berbeda dari yang "
    "tercantum dalam NIK, datanglah ke kantor cabang dengan KTP dan Kartu Keluarga.",
    en="The birth date in the NIK ({nik_date}, day-month-year) differs from the birth date you "
    "entered. Check both. If your birth date really differs from the one in your NIK, visit a "
    "branch office with your KTP and family card.",
)
NIK_SEX_MISMATCH = define_error(
    "NIK_SEX_MISMATCH",
    id="Jenis kelamin yang Anda pilih tidak sesuai dengan NIK (pada NIK perempuan, tanggal lahir "
    "ditambah 40). Periksa lagi pilihan jenis kelamin dan NIK Anda. Jika keduanya sudah benar, "
    "datanglah ke kantor cabang dengan KTP Anda.",
    en="The sex you selected does not match the NIK (a woman's NIK adds 40 to the birth day). "
    "Check your selection and your NIK. If both are right, visit a branch office with your KTP.",
)

# --- KPJ (membership card number) ----------------------------------------------------------

KPJ_REQUIRED = define_error(
    "KPJ_REQUIRED",
    id="Tulis nomor KPJ Anda: 11 angka pada kartu peserta.",
    en="Enter your KPJ number: the 11 digits on your membership card.",
)
KPJ_NOT_DIGITS = define_error(
    "KPJ_NOT_DIGITS",
    id="Nomor KPJ hanya berisi angka. Hapus huruf atau tanda lain. Jika nomor pada kartu lama Anda "
    "memuat huruf, hubungi kantor cabang.",
    en="A KPJ number contains digits only. Remove letters and other marks. If the number on your "
    "old card contains letters, contact a branch office.",
)
KPJ_LENGTH = define_error(
    "KPJ_LENGTH",
    id="Nomor KPJ terdiri dari 11 angka, sedangkan yang Anda tulis {length} angka. "
    "Periksa lagi kartu peserta Anda.",
    en="A KPJ number has 11 digits, but you entered {length}. Check your membership card.",
)
KPJ_CHECK_DIGIT = define_error(
    "KPJ_CHECK_DIGIT",
    id="Nomor KPJ ini tidak ada: mungkin ada angka yang salah ketik atau dua angka tertukar. "
    "Cocokkan lagi setiap angka dengan kartu peserta Anda.",
    en="This KPJ number does not exist: a digit may be mistyped or two digits swapped. "
    "Compare each digit with your membership card again.",
)

# --- NPP (employer registration number) ----------------------------------------------------

NPP_REQUIRED = define_error(
    "NPP_REQUIRED",
    id="Tulis NPP perusahaan: 8 karakter pada sertifikat kepesertaan perusahaan.",
    en="Enter the employer's NPP: the 8 characters on the employer's membership certificate.",
)
NPP_FORMAT = define_error(
    "NPP_FORMAT",
    id="NPP terdiri dari 8 angka (NPP lama: 8 huruf atau angka). Periksa lagi NPP pada sertifikat "
    "kepesertaan perusahaan.",
    en="An NPP has 8 digits (older NPPs: 8 letters or digits). Check the NPP on the employer's "
    "membership certificate.",
)
NPP_CHECK_DIGIT = define_error(
    "NPP_CHECK_DIGIT",
    id="NPP ini tidak ada: mungkin ada angka yang salah ketik atau dua angka tertukar. "
    "Cocokkan lagi setiap angka dengan sertifikat kepesertaan perusahaan.",
    en="This NPP does not exist: a digit may be mistyped or two digits swapped. "
    "Compare each digit with the employer's membership certificate again.",
)

# --- Names ---------------------------------------------------------------------------------

NAME_REQUIRED = define_error(
    "NAME_REQUIRED",
    id="Tulis nama lengkap sesuai KTP.",
    en="Enter the full name as written on the KTP.",
)
NAME_TOO_LONG = define_error(
    "NAME_TOO_LONG",
    id="Nama paling panjang {max_length} karakter, sedangkan yang Anda tulis {length} karakter. "
    "Tulis nama sesuai KTP; gelar boleh tidak ditulis.",
    en="A name can be at most {max_length} characters; you entered {length}. "
    "Write the name as on the KTP; titles and degrees may be left out.",
)
NAME_INVALID_CHARACTERS = define_error(
    "NAME_INVALID_CHARACTERS",
    id="Nama hanya boleh berisi huruf, spasi, dan tanda . , ' -. Hapus karakter ini: {characters}.",
    en="A name may contain only letters, spaces and the marks . , ' -. "
    "Remove these characters: {characters}.",
)

# --- Phone numbers -------------------------------------------------------------------------

PHONE_REQUIRED = define_error(
    "PHONE_REQUIRED",
    id="Tulis nomor telepon Anda, misalnya 0812-3456-7890.",
    en="Enter your phone number, for example 0812-3456-7890.",
)
PHONE_MALFORMED = define_error(
    "PHONE_MALFORMED",
    id="Nomor telepon ini tidak dikenali. Tulis lengkap dengan awalan 0 atau kode area, misalnya "
    "0812-3456-7890; untuk nomor luar negeri awali dengan + dan kode negara.",
    en="This phone number is not recognised. Write it in full with the leading 0 or area code, "
    "for example 0812-3456-7890; for a number abroad start with + and the country code.",
)

# --- E-mail addresses ----------------------------------------------------------------------

EMAIL_REQUIRED = define_error(
    "EMAIL_REQUIRED",
    id="Tulis alamat email Anda, misalnya nama@contoh.com.",
    en="Enter your e-mail address, for example name@example.com.",
)
EMAIL_MALFORMED = define_error(
    "EMAIL_MALFORMED",
    id="Alamat email ini tidak valid. Tulis seperti nama@contoh.com, tanpa spasi.",
    en="This e-mail address is not valid. Write it like name@example.com, without spaces.",
)

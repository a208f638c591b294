from jamsos.ops.errors import define_error

ENROL_IDENTITY_CONFLICT = define_error(
    "ENROL_IDENTITY_CONFLICT",
    id=(
        "NIK ini sudah terdaftar dengan tanggal lahir atau jenis kelamin yang berbeda. "
        "Periksa KTP pekerja; bila data kami salah, ajukan koreksi data di kantor cabang."
    ),
    en=(
        "This NIK is already registered with a different birth date or sex. Check the "
        "worker's KTP; if our record is wrong, request a data correction at a branch office."
    ),
    http_status=409,
)
ENROL_ALREADY_EMPLOYED = define_error(
    "ENROL_ALREADY_EMPLOYED",
    id="Pekerja ini sudah terdaftar aktif di perusahaan Anda sejak {start_date}.",
    en="This worker is already enrolled with your company since {start_date}.",
    http_status=409,
)
ENROL_WAGE_INVALID = define_error(
    "ENROL_WAGE_INVALID",
    id="Upah harus berupa bilangan bulat rupiah lebih dari nol.",
    en="The wage must be a whole number of rupiah above zero.",
)
ENROL_START_DATE_INVALID = define_error(
    "ENROL_START_DATE_INVALID",
    id=(
        "Tanggal mulai kerja tidak boleh sebelum tanggal lahir "
        "atau lebih dari {days} hari ke depan."
    ),
    en="The start date cannot be before the birth date or more than {days} days ahead.",
)
ENROL_PROGRAMS_INVALID = define_error(
    "ENROL_PROGRAMS_INVALID",
    id="Program tidak dikenal atau JKK dan JKM tidak dipilih: {programs}. JKK dan JKM wajib.",
    en="Unknown programs, or JKK and JKM missing: {programs}. JKK and JKM are mandatory.",
)

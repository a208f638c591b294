"""Every text the SMS service sends back, in Indonesian and English. Pure Python, no Django.

Each template fits one GSM-7 SMS (160 characters) with the longest values it can hold; the
tests fill every one with those values. They avoid characters outside the GSM alphabet
(curly quotes, dashes, emoji), which would cut one SMS to 70 characters.

The call-centre number is filled in by the caller; the templates leave room for
`MAX_CALL_CENTRE_CHARS` characters.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jamsos.ops.errors import JamsosError

MAX_CALL_CENTRE_CHARS = 14
# The window ends are said in Jakarta time, which most senders live in and all can read.
WIB = ZoneInfo("Asia/Jakarta")

_TEXTS: dict[str, dict[str, str]] = {
    "help": {
        "id": "Layanan SMS: CEK <NIK> untuk nomor KPJ dan status kepesertaan, SALDO <KPJ> "
        "untuk saldo JHT. Kirim dari nomor HP terdaftar. Info: {call_centre}",
        "en": "SMS service: CHECK <NIK> for your KPJ number and membership status, "
        "BALANCE <KPJ> for your JHT balance. Send from your registered phone. "
        "Help: {call_centre}",
    },
    "cek_usage": {
        "id": "Format: CEK <NIK>. NIK adalah 16 angka di KTP Anda, contoh: CEK 3171xxxxxxxxxxxx. "
        "Info: {call_centre}",
        "en": "Format: CHECK <NIK>. Your NIK is the 16 digits on your KTP, for example "
        "CHECK 3171xxxxxxxxxxxx. Help: {call_centre}",
    },
    "saldo_usage": {
        "id": "Format: SALDO <KPJ>. KPJ adalah 11 angka pada kartu peserta Anda. "
        "Info: {call_centre}",
        "en": "Format: BALANCE <KPJ>. Your KPJ is the 11 digits on your membership card. "
        "Help: {call_centre}",
    },
    "cek_active": {
        "id": "NIK {masked_nik}: nomor KPJ {kpj}, status AKTIF, {paid}. Info: {call_centre}",
        "en": "NIK {masked_nik}: KPJ number {kpj}, status ACTIVE, {paid}. Help: {call_centre}",
    },
    "cek_inactive": {
        "id": "NIK {masked_nik}: nomor KPJ {kpj}, status TIDAK AKTIF, {paid}. Tanyakan "
        "pemberi kerja Anda atau hubungi {call_centre}.",
        "en": "NIK {masked_nik}: KPJ number {kpj}, status NOT ACTIVE, {paid}. Ask your "
        "employer or call {call_centre}.",
    },
    "paid": {"id": "iuran terakhir {month}", "en": "last paid month {month}"},
    "never_paid": {"id": "belum ada iuran dibayar", "en": "no contribution paid yet"},
    "saldo": {
        "id": "Saldo JHT untuk KPJ {kpj}: {balance} per {date}. Info: {call_centre}",
        "en": "JHT balance for KPJ {kpj}: {balance} as of {date}. Help: {call_centre}",
    },
    # One text for an unknown NIK or KPJ, a wrong phone and an unverified one: the sender
    # must not learn which it was.
    "neutral": {
        "id": "Data tidak dapat dikirim. Periksa nomor yang Anda tulis. Data hanya dikirim ke "
        "nomor HP yang terdaftar dan terverifikasi. Info: {call_centre}",
        "en": "We cannot send this data. Check the number you wrote. Data is sent only to the "
        "phone number registered and verified with us. Help: {call_centre}",
    },
    "number_limited": {
        "id": "Terlalu banyak percobaan gagal untuk nomor ini. Coba lagi setelah pukul {until} "
        "WIB, atau hubungi {call_centre}.",
        "en": "Too many failed attempts for this number. Try again after {until} WIB, or call "
        "{call_centre}.",
    },
    "sender_limited": {
        "id": "Anda sudah mengirim terlalu banyak SMS. SMS berikutnya tidak kami balas sampai "
        "pukul {until} WIB. Info: {call_centre}",
        "en": "You have sent too many messages. We will not reply to further messages until "
        "{until} WIB. Help: {call_centre}",
    },
    "busy": {
        "id": "Layanan SMS sedang sibuk. SMS Anda tidak diproses. Coba lagi setelah pukul "
        "{until} WIB, atau hubungi {call_centre}.",
        "en": "The SMS service is busy and did not process your message. Try again after "
        "{until} WIB, or call {call_centre}.",
    },
}

NAMES = tuple(_TEXTS)


def _language(language: str) -> str:
    return "en" if language.startswith("en") else "id"


def render(name: str, language: str, **values: str) -> str:
    return _TEXTS[name][_language(language)].format(**values)


def month_text(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def rupiah(amount: int, language: str) -> str:
    """Rp1.234.567 in Indonesian, Rp1,234,567 in English."""
    text = f"{amount:,}"
    return "Rp" + (text if _language(language) == "en" else text.replace(",", "."))


def time_text(moment: dt.datetime) -> str:
    return f"{moment.astimezone(WIB):%H:%M}"


def help_text(language: str, *, call_centre: str) -> str:
    return render("help", language, call_centre=call_centre)


def usage_text(keyword: str, language: str, *, call_centre: str) -> str:
    return render(f"{keyword}_usage", language, call_centre=call_centre)


def membership_text(
    language: str,
    *,
    masked_nik: str,
    kpj: str,
    active: bool,
    last_paid_month: dt.date | None,
    call_centre: str,
) -> str:
    paid = (
        render("paid", language, month=month_text(last_paid_month))
        if last_paid_month
        else render("never_paid", language)
    )
    return render(
        "cek_active" if active else "cek_inactive",
        language,
        masked_nik=masked_nik,
        kpj=kpj,
        paid=paid,
        call_centre=call_centre,
    )


def balance_text(language: str, *, kpj: str, balance: int, as_of: dt.date, call_centre: str) -> str:
    return render(
        "saldo",
        language,
        kpj=kpj,
        balance=rupiah(balance, language),
        date=f"{as_of:%d/%m/%Y}",
        call_centre=call_centre,
    )


def invalid_number_text(error: JamsosError, language: str) -> str:
    """What is wrong with the NIK or KPJ, in the identity layer's own words.

    Those messages show at most a few digits of the number (the region code, the date
    part), never the whole of it; they fit one SMS on their own.
    """
    return error.message(_language(language))


def neutral_text(language: str, *, call_centre: str) -> str:
    return render("neutral", language, call_centre=call_centre)


def number_limited_text(language: str, *, until: dt.datetime, call_centre: str) -> str:
    return render("number_limited", language, until=time_text(until), call_centre=call_centre)


def sender_limited_text(language: str, *, until: dt.datetime, call_centre: str) -> str:
    return render("sender_limited", language, until=time_text(until), call_centre=call_centre)


def busy_text(language: str, *, until: dt.datetime, call_centre: str) -> str:
    return render("busy", language, until=time_text(until), call_centre=call_centre)

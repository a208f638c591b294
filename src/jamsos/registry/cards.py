"""Digital membership cards ("Kartu Digital"): the signed QR payload, the card image and PDF,
and the two ways to check a card.

What the card shows and what its QR carries differ on purpose. The printed card is the
participant's own document: full name, KPJ, masked NIK, membership status on the day it was
rendered, issue date, card serial and the agency's name. The QR carries only what a checker
needs to tie the card to a person and to the agency: the KPJ, the name *masked* ("B*** S******"),
the issue date and the card serial, signed with the agency's Ed25519 key. The QR is not
encrypted, so a full name in it would make the masking on the online check page pointless.

Two checks, and what each can prove:

* Offline (`verify_payload`, `jamsos card verify`): only the public key is needed. It proves
  that the agency issued a card with this KPJ, masked name, serial and issue date, and that
  nothing in it was changed. It cannot tell whether the membership is still active or the
  card has been revoked since; nothing offline can.
* Online (`check_card_online`, page /kartu/verifikasi/): the signature, then the card serial
  against the register (revoked or not), then the membership status today.

Payload, version 1: the text ``JMS:`` followed by RFC 4648 base32 without padding of

    version      1 byte   (1)
    KPJ          5 bytes  the 11-digit number as an unsigned integer
    serial       5 bytes  IssuedCard.id
    issued on    2 bytes  days since 2000-01-01
    word count   1 byte   n, 1 to MAX_NAME_WORDS
    word lengths n bytes  length of each word of the name
    initials     UTF-8    the first letter of each word, n characters
    signature    64 bytes Ed25519 over SIGNATURE_CONTEXT + everything above

A two-word name gives 82 bytes, 136 characters: a version-6 QR (41 x 41 modules) at error
correction level M. Base32 rather than base45 or base64url: its alphabet (A-Z, 2-7) and the
prefix stay inside the QR alphanumeric mode, it has no space to lose in copy and paste, it reads
the same in upper and lower case, and Python has it built in.

The QR holds the bare payload, not a URL. A card must stay checkable offline for years, with
no host name in it that may change; a URL would also force the QR into byte mode (a larger
code). A URL with the payload in its query string would put the payload in every proxy log;
one with it in the fragment (never sent to the server) would need a script. The check page
and the command therefore accept the bare payload and also a URL ending in ``#<payload>``,
should the agency ever print one.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from jamsos.audit.clients import client_address
from jamsos.audit.services import record_event
from jamsos.conf.env import ConfigurationError
from jamsos.identity import mask_nik, name_tokens
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError, define_error
from jamsos.privacy.crypto import decode_key
from jamsos.registry.models import CardRevocationReason, IssuedCard, Participant
from jamsos.registry.selectors import membership_status

if TYPE_CHECKING:
    from jamsos.registry.services import Actor

PAYLOAD_PREFIX = "JMS:"
PAYLOAD_VERSION = 1
SIGNATURE_CONTEXT = b"jamsos.card.v1\x00"
SIGNATURE_BYTES = 64
MAX_NAME_WORDS = 6
# Any pasted text longer than this is not a card; refuse it before decoding anything.
MAX_PAYLOAD_CHARS = 400
PNG_TEXT_KEY = "jamsos-card"

_EPOCH = dt.date(2000, 1, 1)
_HEADER = 1 + 5 + 5 + 2 + 1
_MAX_40_BITS = 2**40 - 1

CARD_PAYLOAD_MALFORMED = define_error(
    "CARD_PAYLOAD_MALFORMED",
    id=(
        "Kode ini bukan kode QR kartu peserta, atau ada bagian yang hilang. "
        "Pindai ulang QR pada kartu, atau salin seluruh teksnya mulai dari JMS:."
    ),
    en=(
        "This is not a membership card QR code, or part of it is missing. "
        "Scan the QR on the card again, or copy all of its text starting at JMS:."
    ),
)
CARD_SIGNATURE_INVALID = define_error(
    "CARD_SIGNATURE_INVALID",
    id=(
        "Tanda tangan tidak sah: kartu ini tidak diterbitkan dengan kunci lembaga, "
        "atau isinya telah diubah. Jangan terima kartu ini."
    ),
    en=(
        "Invalid signature: this card was not issued with the agency's key, "
        "or its contents were changed. Do not accept this card."
    ),
)
CARD_NOT_REGISTERED = define_error(
    "CARD_NOT_REGISTERED",
    id=(
        "Tanda tangan sah, tetapi nomor kartu ini tidak ada dalam daftar kami. "
        "Minta peserta menunjukkan kartu terbaru, atau hubungi call centre."
    ),
    en=(
        "The signature is valid, but this card serial is not in our register. "
        "Ask the participant for their latest card, or call the call centre."
    ),
    http_status=404,
)
CARD_QR_NOT_FOUND = define_error(
    "CARD_QR_NOT_FOUND",
    id=(
        "Tidak ada kode QR kartu yang terbaca pada gambar ini. "
        "Gunakan gambar yang lebih tajam, atau tempelkan teks kodenya."
    ),
    en=(
        "No card QR code could be read in this image. "
        "Use a sharper image, or paste the code's text instead."
    ),
)
CARD_PUBLIC_KEY_INVALID = define_error(
    "CARD_PUBLIC_KEY_INVALID",
    id="Berkas kunci publik tidak terbaca: harus kunci publik Ed25519 dalam format PEM.",
    en="The public key file cannot be read: it must be an Ed25519 public key in PEM format.",
)
CARD_UNKNOWN = define_error(
    "CARD_UNKNOWN",
    id="Tidak ada kartu dengan nomor {serial}.",
    en="There is no card with serial {serial}.",
    http_status=404,
)
CARD_ALREADY_REVOKED = define_error(
    "CARD_ALREADY_REVOKED",
    id="Kartu nomor {serial} sudah dicabut pada {revoked_on}.",
    en="Card {serial} was already revoked on {revoked_on}.",
    http_status=409,
)

_KEY_HOW_TO_FIX = (
    "Jalankan `jamsos keys generate` dan pasang HANYA baris JAMSOS_CARD_SIGNING_KEY-nya di "
    "lingkungan server (kunci data yang sudah ada jangan diganti), atau pakai `jamsos demo`. / "
    "Run `jamsos keys generate` and put ONLY its JAMSOS_CARD_SIGNING_KEY line into the server's "
    "environment (do not replace the existing data keys), or use `jamsos demo` for a trial."
)


# Keys


@lru_cache(maxsize=4)
def _private_key_from(text: str) -> Ed25519PrivateKey:
    if not text:
        raise ConfigurationError(
            "Kunci tanda tangan kartu belum diatur / the card signing key is not set "
            f"(JAMSOS_CARD_SIGNING_KEY). {_KEY_HOW_TO_FIX}"
        )
    try:
        raw = decode_key(text)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ConfigurationError(
            "JAMSOS_CARD_SIGNING_KEY harus base64url dari 32 byte / must be base64url of "
            f"32 bytes. {_KEY_HOW_TO_FIX}"
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def signing_key() -> Ed25519PrivateKey:
    """The agency's card signing key, from settings; ConfigurationError if missing or bad."""
    return _private_key_from(settings.CARD_SIGNING_KEY.strip())


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_key_pem() -> str:
    """The public key to publish (SubjectPublicKeyInfo PEM), for offline checks anywhere."""
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def load_public_key_pem(data: bytes | str) -> Ed25519PublicKey:
    raw = data.encode("ascii", "replace") if isinstance(data, str) else data
    try:
        key = serialization.load_pem_public_key(raw)
    except (ValueError, UnsupportedAlgorithm):
        raise JamsosError(CARD_PUBLIC_KEY_INVALID) from None
    if not isinstance(key, Ed25519PublicKey):
        raise JamsosError(CARD_PUBLIC_KEY_INVALID)
    return key


# The payload


def mask_name(full_name: str) -> str:
    """Initials and word lengths, titles dropped: "H. Budi Santoso, S.E." -> "B*** S******"."""
    return _masked(_name_words(full_name))


def _name_words(full_name: str) -> tuple[tuple[str, int], ...]:
    words = name_tokens(full_name)[:MAX_NAME_WORDS]
    if not words:
        raise ValueError("a name without letters cannot be put on a card")
    return tuple((word[0], min(len(word), 255)) for word in words)


def _masked(words: tuple[tuple[str, int], ...]) -> str:
    return " ".join(initial + "*" * (length - 1) for initial, length in words)


@dataclass(frozen=True)
class VerifiedCard:
    """What a signed payload says; authentic once `verify_payload` returned it."""

    version: int
    kpj: str
    masked_name: str
    issued_on: dt.date
    serial: int


def sign_payload(
    *, kpj: str, full_name: str, issued_on: dt.date, serial: int, key: Ed25519PrivateKey
) -> str:
    """The QR text for one card. Pure; Ed25519 is deterministic, so equal input, equal text."""
    if not (kpj.isascii() and kpj.isdigit() and len(kpj) == 11):
        raise ValueError("a KPJ is 11 digits")
    if not 0 < serial <= _MAX_40_BITS:
        raise ValueError("card serial out of range")
    days = (issued_on - _EPOCH).days
    if not 0 <= days <= 0xFFFF:
        raise ValueError("issue date out of range")
    words = _name_words(full_name)
    body = (
        bytes([PAYLOAD_VERSION])
        + int(kpj).to_bytes(5, "big")
        + serial.to_bytes(5, "big")
        + days.to_bytes(2, "big")
        + bytes([len(words)])
        + bytes(length for _, length in words)
        + "".join(initial for initial, _ in words).encode("utf-8")
    )
    signature = key.sign(SIGNATURE_CONTEXT + body)
    return PAYLOAD_PREFIX + base64.b32encode(body + signature).decode("ascii").rstrip("=")


def extract_payload(text: str) -> str:
    """The payload inside what a scanner or a person gave us: spaces and line breaks
    dropped, any URL before a ``#`` dropped, upper-cased."""
    cleaned = "".join(text.split())
    if len(cleaned) > MAX_PAYLOAD_CHARS * 2:
        raise JamsosError(CARD_PAYLOAD_MALFORMED)
    cleaned = cleaned.rpartition("#")[2].upper()
    start = cleaned.find(PAYLOAD_PREFIX)
    if start < 0:
        raise JamsosError(CARD_PAYLOAD_MALFORMED)
    payload = cleaned[start:]
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise JamsosError(CARD_PAYLOAD_MALFORMED)
    return payload


def _decode(payload: str) -> bytes:
    encoded = payload[len(PAYLOAD_PREFIX) :]
    try:
        raw = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (binascii.Error, ValueError):
        raise JamsosError(CARD_PAYLOAD_MALFORMED) from None
    # Base32's last character carries unused bits; without this, two texts would be one card.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != encoded:
        raise JamsosError(CARD_PAYLOAD_MALFORMED)
    # A version this code cannot read would otherwise be reported as a forged signature.
    if len(raw) < _HEADER + 2 + SIGNATURE_BYTES or raw[0] != PAYLOAD_VERSION:
        raise JamsosError(CARD_PAYLOAD_MALFORMED)
    return raw


def verify_payload(payload: str, public_key: Ed25519PublicKey) -> VerifiedCard:
    """Check a card offline with only the public key. Raises JamsosError
    (CARD_PAYLOAD_MALFORMED or CARD_SIGNATURE_INVALID).

    A valid signature proves who issued the card and when, not that it is still valid today.
    """
    raw = _decode(extract_payload(payload))
    body, signature = raw[:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    try:
        public_key.verify(signature, SIGNATURE_CONTEXT + body)
    except InvalidSignature:
        raise JamsosError(CARD_SIGNATURE_INVALID) from None
    count = body[13]
    lengths = body[_HEADER : _HEADER + count]
    try:
        initials = body[_HEADER + count :].decode("utf-8")
    except UnicodeDecodeError:
        raise JamsosError(CARD_PAYLOAD_MALFORMED) from None
    # Signed by us, so well formed unless the key signed something that is not a card.
    if not 1 <= count <= MAX_NAME_WORDS or len(initials) != count or 0 in lengths:
        raise JamsosError(CARD_PAYLOAD_MALFORMED)
    return VerifiedCard(
        version=body[0],
        kpj=str(int.from_bytes(body[1:6], "big")).zfill(11),
        masked_name=_masked(tuple(zip(initials, lengths, strict=True))),
        issued_on=_EPOCH + dt.timedelta(days=int.from_bytes(body[11:13], "big")),
        serial=int.from_bytes(body[6:11], "big"),
    )


# Issuing and revoking


@dataclass(frozen=True)
class Card:
    """One card as rendered: the live IssuedCard plus the person's data and status today."""

    participant_id: int
    serial: int
    kpj: str
    full_name: str
    masked_name: str
    masked_nik: str
    issued_on: dt.date
    payload: str
    active: bool
    # A stable code from MembershipStatus.reason: "active", "no_open_employment", ...
    status_reason: str
    status_as_of: dt.date
    agency_name: str
    # True when this call issued a new serial; replaced_serial is the card it revoked, if any.
    created: bool = False
    replaced_serial: int | None = None


def _still_current(card: IssuedCard, participant: Participant, key: Ed25519PublicKey) -> bool:
    """The live card still says what a new one would, and was signed with today's key."""
    try:
        signed = verify_payload(card.payload, key)
    except JamsosError:
        return False
    return signed.kpj == participant.kpj and signed.masked_name == mask_name(participant.full_name)


def issue_card(participant: Participant, *, as_of: dt.date) -> Card:
    """The participant's live card, issuing one (dated `as_of`) if there is none.

    Downloading again gives the same serial and QR, so revoking one serial withdraws
    every copy of a lost card. A card whose masked name no longer matches the register,
    or that the current key did not sign, is replaced (revoked as "replaced"). The caller
    audits; `card_png_for` and `card_pdf_for` do.
    """
    key = signing_key()
    created, replaced = False, None
    with transaction.atomic():
        # Serialises two downloads of one participant's first card; the unique
        # constraint would refuse the second anyway, with an error instead of a card.
        Participant.objects.select_for_update().filter(pk=participant.pk).exists()
        card = IssuedCard.objects.filter(participant=participant, revoked_at__isnull=True).first()
        if card is not None and not _still_current(card, participant, key.public_key()):
            card.revoked_at = timezone.now()
            card.revoked_reason = CardRevocationReason.REPLACED
            card.save(update_fields=["revoked_at", "revoked_reason"])
            replaced, card = card.pk, None
        if card is None:
            card = IssuedCard.objects.create(participant=participant, issued_on=as_of)
            card.payload = sign_payload(
                kpj=participant.kpj,
                full_name=participant.full_name,
                issued_on=as_of,
                serial=card.pk,
                key=key,
            )
            card.save(update_fields=["payload"])
            created = True
    status = membership_status(participant, as_of=as_of)
    return Card(
        participant_id=participant.pk,
        serial=card.pk,
        kpj=participant.kpj,
        full_name=participant.full_name,
        masked_name=mask_name(participant.full_name),
        masked_nik=mask_nik(participant.nik),
        issued_on=card.issued_on,
        payload=card.payload,
        active=status.active,
        status_reason=status.reason,
        status_as_of=as_of,
        agency_name=settings.AGENCY_NAME,
        created=created,
        replaced_serial=replaced,
    )


def issue_card_audited(
    participant: Participant,
    *,
    actor: Actor,
    file_format: str,
    request: HttpRequest | None = None,
    as_of: dt.date | None = None,
) -> Card:
    """`issue_card` with its "card.issue" audit row, in one transaction."""
    with transaction.atomic():
        card = issue_card(participant, as_of=as_of or timezone.localdate())
        record_event(
            actor=actor.user,  # type: ignore[arg-type]
            actor_role=actor.role,
            actor_label=actor.label,
            channel=actor.channel,
            action="card.issue",
            outcome="success",
            subject_participant_id=participant.pk,
            request=request,
            details={
                "serial": card.serial,
                "format": file_format,
                "new_serial": card.created,
                "replaced_serial": card.replaced_serial,
            },
        )
    return card


def card_png_for(
    participant: Participant,
    *,
    actor: Actor,
    request: HttpRequest | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """The card as a PNG, for a download from the portal or the API. Issues and audits."""
    card = issue_card_audited(
        participant, actor=actor, file_format="png", request=request, as_of=as_of
    )
    return render_card_png(card)


def card_pdf_for(
    participant: Participant,
    *,
    actor: Actor,
    request: HttpRequest | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """The card as a one-page PDF at real card size (85.6 x 54 mm). Issues and audits."""
    card = issue_card_audited(
        participant, actor=actor, file_format="pdf", request=request, as_of=as_of
    )
    return render_card_pdf(card)


def card_file_name(participant: Participant, extension: str) -> str:
    """The download name, e.g. "kartu-peserta-10000012346.pdf"."""
    return f"kartu-peserta-{participant.kpj}.{extension}"


def revoke_card(
    *,
    serial: int,
    reason: CardRevocationReason | str,
    actor: Actor,
    request: HttpRequest | None = None,
) -> IssuedCard:
    """Withdraw one card; the next download issues a new serial."""
    if reason not in CardRevocationReason.values:
        raise ValueError(f"unknown revocation reason {reason!r}")
    with transaction.atomic():
        card = IssuedCard.objects.select_for_update().filter(pk=serial).first()
        if card is None:
            raise JamsosError(CARD_UNKNOWN, serial=serial)
        if card.revoked_at is not None:
            revoked_on = timezone.localtime(card.revoked_at).strftime("%d/%m/%Y")
            raise JamsosError(CARD_ALREADY_REVOKED, serial=serial, revoked_on=revoked_on)
        card.revoked_at = timezone.now()
        card.revoked_reason = reason
        card.save(update_fields=["revoked_at", "revoked_reason"])
        record_event(
            actor=actor.user,  # type: ignore[arg-type]
            actor_role=actor.role,
            actor_label=actor.label,
            channel=actor.channel,
            action="card.revoke",
            outcome="success",
            subject_participant_id=card.participant_id,
            request=request,
            details={"serial": card.pk, "reason": str(reason)},
        )
    return card


# Checking a card online


class CardCheck(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    REVOKED = "revoked"
    # The signature is ours but the serial is not in the register (e.g. a restored backup).
    NOT_REGISTERED = "not_registered"
    INVALID = "invalid"
    LIMITED = "limited"


@dataclass(frozen=True)
class OnlineCheck:
    result: CardCheck
    # Set only when the signature is valid and the card is in the register.
    card: VerifiedCard | None = None
    error: JamsosError | None = None
    retry_at: dt.datetime | None = None


_AUDIT_OUTCOMES = {CardCheck.INVALID: "denied", CardCheck.NOT_REGISTERED: "not_found"}


def _limit(scope: str, spec: str) -> ratelimit.Limit:
    hits, _, seconds = spec.partition("/")
    return ratelimit.Limit(scope=scope, max_hits=int(hits), window_seconds=int(seconds))


def _check(text: str, *, as_of: dt.date) -> tuple[OnlineCheck, int | None]:
    try:
        signed = verify_payload(text, public_key())
    except JamsosError as error:
        return OnlineCheck(CardCheck.INVALID, error=error), None
    issued = IssuedCard.objects.select_related("participant").filter(pk=signed.serial).first()
    if issued is None or issued.participant.kpj != signed.kpj:
        return OnlineCheck(CardCheck.NOT_REGISTERED, error=JamsosError(CARD_NOT_REGISTERED)), None
    if issued.revoked_at is not None:
        return OnlineCheck(CardCheck.REVOKED, card=signed), issued.participant_id
    active = membership_status(issued.participant, as_of=as_of).active
    return (
        OnlineCheck(CardCheck.ACTIVE if active else CardCheck.INACTIVE, card=signed),
        issued.participant_id,
    )


def check_card_online(
    text: str, *, request: HttpRequest | None = None, now: dt.datetime | None = None
) -> OnlineCheck:
    """The public check: signature, register, status today. Limited per client address
    and overall; every check that is not refused by the limits writes one audit row."""
    now = now or timezone.now()
    client = client_address(request) if request is not None else "local"
    per_client = getattr(settings, "CARD_VERIFY_LIMIT_PER_CLIENT", "30/600")
    overall = getattr(settings, "CARD_VERIFY_LIMIT_OVERALL", "6000/60")
    for decision in (
        ratelimit.hit(_limit("card_verify.overall", overall), "all", now=now),
        ratelimit.hit(_limit("card_verify.client", per_client), client, now=now),
    ):
        if not decision.allowed:
            return OnlineCheck(CardCheck.LIMITED, retry_at=decision.retry_at)
    with transaction.atomic():
        check, participant_id = _check(text, as_of=timezone.localdate(now))
        record_event(
            actor=None,
            actor_role="public",
            channel="web",
            action="card.verify",
            outcome=_AUDIT_OUTCOMES.get(check.result, "success"),
            subject_participant_id=participant_id,
            request=request,
            details={
                "result": str(check.result),
                "serial": check.card.serial if check.card else None,
                "error": check.error.code if check.error else None,
            },
        )
    return check


# Reading a card from an image


def payload_from_image(data: bytes) -> str:
    """The payload in a photo or file of a card: the QR decoded with zxing-cpp when it is
    installed; otherwise the PNG text chunk that `render_card_png` writes beside the QR."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise JamsosError(CARD_QR_NOT_FOUND) from None
    try:
        import zxingcpp
    except ImportError:
        zxingcpp = None
    if zxingcpp is not None:
        for barcode in zxingcpp.read_barcodes(
            image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode
        ):
            if PAYLOAD_PREFIX in barcode.text.upper():
                return extract_payload(barcode.text)
        raise JamsosError(CARD_QR_NOT_FOUND)
    stored = getattr(image, "text", {}).get(PNG_TEXT_KEY, "")
    if not stored:
        raise JamsosError(CARD_QR_NOT_FOUND)
    return extract_payload(stored)


# Rendering


# ID-1 (bank card) size at 300 dots per inch: the PDF prints at real size.
CARD_DPI = 300
CARD_SIZE = (1011, 638)
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_FONT_FILES = {
    (False, False): "DejaVuSans.ttf",
    (True, False): "DejaVuSans-Bold.ttf",
    (False, True): "DejaVuSansMono.ttf",
    (True, True): "DejaVuSansMono-Bold.ttf",
}
_GREEN = (11, 110, 79)
_GREEN_LIGHT = (226, 241, 234)
_RED = (178, 34, 34)
_INK = (20, 24, 28)
_GREY = (92, 99, 106)
_WHITE = (255, 255, 255)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def _font(size: int, *, bold: bool = False, mono: bool = False) -> Font:
    try:
        return ImageFont.truetype(str(_FONT_DIR / _FONT_FILES[bold, mono]), size)
    except OSError:
        # Pillow's own font; it scales when Pillow was built with FreeType.
        return ImageFont.load_default(size=size)


def _fitted(draw: ImageDraw.ImageDraw, text: str, width: int, size: int, **style: bool) -> Font:
    """The largest font from `size` down to 60% of it in which `text` fits `width`."""
    smallest = max(10, size * 6 // 10)
    for candidate in range(size, smallest - 1, -2):
        font = _font(candidate, **style)
        if draw.textlength(text, font=font) <= width:
            return font
    return _font(smallest, **style)


def _shortened(draw: ImageDraw.ImageDraw, text: str, width: int, font: Font) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_name(draw: ImageDraw.ImageDraw, xy: tuple[int, int], name: str, width: int) -> None:
    """One line down to 30 px; a longer name breaks into two smaller lines, never overflows."""
    font = _fitted(draw, name, width, 38, bold=True)
    if draw.textlength(name, font=font) <= width and getattr(font, "size", 0) >= 30:
        draw.text(xy, name, fill=_INK, font=font)
        return
    font = _font(24, bold=True)
    words, first = name.split(), ""
    while words and draw.textlength(f"{first} {words[0]}".strip(), font=font) <= width:
        first = f"{first} {words.pop(0)}".strip()
    lines = [first, " ".join(words)] if first else [name, ""]
    for row, line in enumerate(lines):
        draw.text(
            (xy[0], xy[1] + row * 28), _shortened(draw, line, width, font), fill=_INK, font=font
        )


def _qr_image(payload: str, target: int) -> Image.Image:
    code = segno.make(payload, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, target // modules), border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _label(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str) -> None:
    draw.text(xy, text, fill=_GREY, font=_font(21))


def card_image(card: Card) -> Image.Image:
    """The card face: header band, the person's data on the left, the signed QR on the right."""
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, _WHITE)
    draw = ImageDraw.Draw(image)
    corner = 36
    draw.rounded_rectangle(
        (0, 0, width - 1, 130), corner, fill=_GREEN, corners=(True, True, False, False)
    )
    draw.rounded_rectangle(
        (0, height - 80, width - 1, height - 1),
        corner,
        fill=_GREEN_LIGHT,
        corners=(False, False, True, True),
    )
    draw.rounded_rectangle((0, 0, width - 1, height - 1), corner, outline=_GREEN, width=4)

    agency = _shortened(draw, card.agency_name, width - 90, _font(40, bold=True))
    draw.text((45, 22), agency, fill=_WHITE, font=_font(40, bold=True))
    draw.text(
        (45, 78), "KARTU PESERTA  ·  MEMBERSHIP CARD", fill=_GREEN_LIGHT, font=_font(24, bold=True)
    )

    left, column = 45, 590
    _label(draw, (left, 144), "Nama / Name")
    _draw_name(draw, (left, 168), card.full_name, column)

    _label(draw, (left, 238), "Nomor KPJ / KPJ number")
    draw.text((left, 262), card.kpj, fill=_INK, font=_font(50, bold=True, mono=True))

    _label(draw, (left, 332), "NIK")
    draw.text((left, 356), card.masked_nik, fill=_INK, font=_font(30, mono=True))

    as_of = card.status_as_of.strftime("%d/%m/%Y")
    _label(draw, (left, 412), f"Status per / on {as_of}")
    status = "AKTIF / ACTIVE" if card.active else "TIDAK AKTIF / NOT ACTIVE"
    colour = _GREEN if card.active else _RED
    status_font = _font(28, bold=True)
    box = draw.textbbox((left + 18, 446), status, font=status_font)
    draw.rounded_rectangle(
        (left, 438, box[2] + 18, box[3] + 10), radius=12, fill=colour, outline=colour
    )
    draw.text((left + 18, 446), status, fill=_WHITE, font=status_font)

    qr = _qr_image(card.payload, 330)
    qr_left = width - 45 - qr.width
    image.paste(qr, (qr_left, 146))
    small = _font(19)
    issued = card.issued_on.strftime("%d/%m/%Y")
    for row, text in enumerate(
        (f"No. kartu / Card no. {card.serial}", f"Terbit / Issued {issued}")
    ):
        centre = (qr_left + qr.width // 2, 146 + qr.height + 4 + row * 24)
        draw.text(centre, text, fill=_GREY, font=small, anchor="ma")

    for row, text in enumerate(
        (
            "Pindai QR untuk memeriksa keaslian kartu: /kartu/verifikasi/",
            "Scan the QR to check that this card is genuine.",
        )
    ):
        draw.text((left, height - 66 + row * 26), text, fill=_INK, font=_font(20))
    return image


def render_card_png(card: Card) -> bytes:
    """PNG bytes. The payload is also kept in a text chunk, so a Jamsos card file can be
    checked where no QR decoder is installed."""
    info = PngInfo()
    info.add_text(PNG_TEXT_KEY, card.payload)
    buffer = io.BytesIO()
    card_image(card).save(buffer, "PNG", pnginfo=info, dpi=(CARD_DPI, CARD_DPI), optimize=True)
    return buffer.getvalue()


def render_card_pdf(card: Card) -> bytes:
    """One page of exactly the card's size, for printing at 100%."""
    buffer = io.BytesIO()
    card_image(card).save(
        buffer,
        "PDF",
        resolution=CARD_DPI,
        quality=92,
        title=f"Kartu Peserta {card.kpj}",
        author=card.agency_name,
        subject="Kartu peserta digital / digital membership card",
    )
    return buffer.getvalue()

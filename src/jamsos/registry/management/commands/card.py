"""`jamsos card verify|public-key|issue|revoke`: digital membership cards from the terminal.

`verify` is the offline check anyone can run with the agency's published public key:

    jamsos card public-key > jamsos-card.pem          # on the server, once; publish the file
    jamsos card verify kartu.png --public-key jamsos-card.pem
    jamsos card verify 'JMS:AEBF...' --public-key jamsos-card.pem

Exit status 0 when the signature is valid, 1 when it is not or nothing could be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamsos.ops.errors import JamsosError
from jamsos.registry import cards
from jamsos.registry.models import CardRevocationReason, Participant
from jamsos.registry.services import Actor

OPERATOR = Actor(user=None, role="operator", channel="cli")
# "replaced" is set by the system when it issues a newer card, never by hand.
_MANUAL_REASONS = [r for r in CardRevocationReason.values if r != CardRevocationReason.REPLACED]


class Command(BaseCommand):
    help = "Digital membership cards: check a card offline, print the public key, issue, revoke."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="{verify,public-key,issue,revoke}"
        )
        verify = commands.add_parser(
            "verify", help="check a card's signature offline; exit status 1 if not valid"
        )
        verify.add_argument(
            "card",
            metavar="FILE_OR_PAYLOAD",
            help="a card image (PNG, JPEG, photo), a text file, the QR text, or - for stdin",
        )
        verify.add_argument(
            "--public-key",
            metavar="PEM_FILE",
            help="the agency's public key; default: derived from JAMSOS_CARD_SIGNING_KEY",
        )
        commands.add_parser("public-key", help="print the public key (PEM) to publish")
        issue = commands.add_parser("issue", help="write a participant's card to files")
        issue.add_argument("kpj", metavar="KPJ")
        issue.add_argument("--png", metavar="PATH", help="write the card image here")
        issue.add_argument("--pdf", metavar="PATH", help="write the card PDF here")
        revoke = commands.add_parser("revoke", help="withdraw a card, e.g. one reported lost")
        revoke.add_argument("serial", metavar="SERIAL", type=int)
        revoke.add_argument("--reason", required=True, choices=_MANUAL_REASONS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["subcommand"] == "verify":
                self._verify(options["card"], options["public_key"])
            elif options["subcommand"] == "public-key":
                self.stdout.write(cards.public_key_pem(), ending="")
            elif options["subcommand"] == "issue":
                self._issue(options["kpj"], options["png"], options["pdf"])
            else:
                card = cards.revoke_card(
                    serial=options["serial"], reason=options["reason"], actor=OPERATOR
                )
                self.stdout.write(f"Kartu {card.pk} dicabut / card {card.pk} revoked.")
        except JamsosError as error:
            raise CommandError(error.for_terminal(), returncode=1) from None

    def _read_payload(self, card: str) -> str:
        if card == "-":
            return cards.extract_payload(sys.stdin.read())
        path = Path(card)
        if not path.is_file():
            return cards.extract_payload(card)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if cards.PAYLOAD_PREFIX in text.upper():
            return cards.extract_payload(text)
        return cards.payload_from_image(data)

    def _verify(self, card: str, public_key_file: str | None) -> None:
        if public_key_file:
            try:
                pem = Path(public_key_file).read_bytes()
            except OSError as exc:
                raise CommandError(f"--public-key: {exc.strerror}: {public_key_file}") from None
            key = cards.load_public_key_pem(pem)
        else:
            key = cards.public_key()
        payload = self._read_payload(card)
        try:
            signed = cards.verify_payload(payload, key)
        except JamsosError as error:
            if error.code == cards.CARD_SIGNATURE_INVALID.code:
                self.stdout.write(self.style.ERROR("Tanda tangan TIDAK SAH / signature INVALID"))
            raise
        self.stdout.write(self.style.SUCCESS("Tanda tangan sah / signature valid"))
        for label, value in (
            ("KPJ", signed.kpj),
            ("Nama / name", signed.masked_name),
            ("Terbit / issued", signed.issued_on.strftime("%d/%m/%Y")),
            ("No. kartu / card serial", str(signed.serial)),
        ):
            self.stdout.write(f"  {label + ':':<25} {value}")
        self.stdout.write(
            "Pemeriksaan offline membuktikan penerbit dan tanggal terbit saja, bukan bahwa kartu "
            "masih berlaku atau kepesertaan aktif hari ini: periksa di /kartu/verifikasi/.\n"
            "An offline check proves only who issued the card and when, not that it is still "
            "valid or the membership active today: check online at /kartu/verifikasi/."
        )

    def _issue(self, kpj: str, png: str | None, pdf: str | None) -> None:
        if not png and not pdf:
            raise CommandError("give --png PATH, --pdf PATH, or both")
        participant = Participant.objects.filter(kpj=kpj.strip()).first()
        if participant is None:
            raise CommandError(
                f"Tidak ada peserta dengan KPJ {kpj} / no participant with KPJ {kpj}"
            )
        for path, file_format, render in (
            (png, "png", cards.render_card_png),
            (pdf, "pdf", cards.render_card_pdf),
        ):
            if path:
                card = cards.issue_card_audited(
                    participant, actor=OPERATOR, file_format=file_format
                )
                Path(path).write_bytes(render(card))
                self.stdout.write(f"{path}: kartu / card {card.serial}")

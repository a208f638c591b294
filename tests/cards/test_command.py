"""`jamsos card ...`: the offline check anyone can run, and the operator's subcommands."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from jamsos.audit.models import AuditEvent
from jamsos.registry import cards
from jamsos.registry.models import IssuedCard
from tests.cards.conftest import encoded, pem_of

REPO = Path(__file__).resolve().parents[2]
ISSUED = dt.date(2026, 11, 25)


def sign(key, serial=7):
    return cards.sign_payload(
        kpj="10000012346", full_name="Budi Santoso", issued_on=ISSUED, serial=serial, key=key
    )


@pytest.fixture
def pem_file(tmp_path, card_key) -> Path:
    path = tmp_path / "jamsos-card.pem"
    path.write_bytes(pem_of(card_key))
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("card", *args, stdout=out)
    return out.getvalue()


def test_verify_prints_the_fields_of_a_valid_payload_and_says_what_offline_cannot_prove(
    card_key, pem_file
):
    output = run("verify", sign(card_key), "--public-key", str(pem_file))

    assert "signature valid" in output
    for shown in ("10000012346", "B*** S******", "25/11/2026", "7"):
        assert shown in output
    assert "/kartu/verifikasi/" in output and "not that it is still valid" in output


def test_verify_uses_the_configured_key_when_no_pem_is_given(card_key):
    assert "signature valid" in run("verify", sign(card_key))


def test_verify_fails_with_status_1_on_a_tampered_payload(card_key, pem_file):
    payload = sign(card_key)
    tampered = payload[:10] + ("Q" if payload[10] != "Q" else "R") + payload[11:]

    with pytest.raises(CommandError) as failure:
        run("verify", tampered, "--public-key", str(pem_file))
    assert failure.value.returncode == 1
    assert "CARD_SIGNATURE_INVALID" in str(failure.value)


def test_verify_fails_on_a_payload_from_another_key(pem_file):
    with pytest.raises(CommandError) as failure:
        run("verify", sign(Ed25519PrivateKey.generate()), "--public-key", str(pem_file))
    assert failure.value.returncode == 1


def test_verify_reads_the_qr_of_a_generated_png(budi, card_key, pem_file, tmp_path):
    card = cards.issue_card(budi, as_of=ISSUED)
    png = tmp_path / "kartu.png"
    png.write_bytes(cards.render_card_png(card))

    output = run("verify", str(png), "--public-key", str(pem_file))
    assert "signature valid" in output and budi.kpj in output


def test_verify_reads_a_text_file_holding_the_payload(card_key, pem_file, tmp_path):
    path = tmp_path / "kartu.txt"
    path.write_text(sign(card_key) + "\n")
    assert "signature valid" in run("verify", str(path), "--public-key", str(pem_file))


def test_verify_refuses_an_image_without_a_card_and_an_unreadable_pem(card_key, tmp_path):
    not_a_card = tmp_path / "blank.png"
    Image.new("RGB", (50, 50), "white").save(not_a_card)
    with pytest.raises(CommandError) as failure:
        run("verify", str(not_a_card))
    assert "CARD_QR_NOT_FOUND" in str(failure.value)

    bad_pem = tmp_path / "bad.pem"
    bad_pem.write_text("hello")
    with pytest.raises(CommandError) as failure:
        run("verify", sign(card_key), "--public-key", str(bad_pem))
    assert "CARD_PUBLIC_KEY_INVALID" in str(failure.value)


def test_public_key_prints_the_pem_to_publish(card_key):
    assert run("public-key").encode() == pem_of(card_key)


def test_issue_writes_the_files_and_revoke_withdraws_the_card(budi, tmp_path):
    png, pdf = tmp_path / "kartu.png", tmp_path / "kartu.pdf"
    run("issue", budi.kpj, "--png", str(png), "--pdf", str(pdf))

    assert png.read_bytes().startswith(b"\x89PNG") and pdf.read_bytes().startswith(b"%PDF-")
    card = IssuedCard.objects.get(participant=budi)
    assert "revoked" in run("revoke", str(card.pk), "--reason", "lost")
    card.refresh_from_db()
    assert card.revoked_reason == "lost"
    events = AuditEvent.objects.filter(action__startswith="card.").order_by("pk")
    assert [(e.action, e.channel) for e in events] == [
        ("card.issue", "cli"),
        ("card.issue", "cli"),
        ("card.revoke", "cli"),
    ]
    with pytest.raises(CommandError) as failure:
        run("revoke", str(card.pk), "--reason", "lost")
    assert "CARD_ALREADY_REVOKED" in str(failure.value)


def test_replaced_is_not_a_reason_an_operator_can_give(budi):
    with pytest.raises(CommandError):
        run("revoke", "1", "--reason", "replaced")


def _jamsos(*args: str, key: str = "") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(REPO),
        "JAMSOS_CARD_SIGNING_KEY": key,
    }
    return subprocess.run(
        [sys.executable, "-m", "jamsos.cli", "card", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_real_command_exits_0_for_a_genuine_card_and_1_for_a_forged_one(card_key, pem_file):
    genuine = _jamsos("verify", sign(card_key), "--public-key", str(pem_file))
    forged = _jamsos("verify", sign(Ed25519PrivateKey.generate()), "--public-key", str(pem_file))

    assert genuine.returncode == 0, genuine.stderr
    assert "signature valid" in genuine.stdout
    assert forged.returncode == 1
    assert "signature INVALID" in forged.stdout and "CARD_SIGNATURE_INVALID" in forged.stderr


def test_the_real_command_without_a_key_explains_how_to_make_one():
    result = _jamsos("public-key")

    assert result.returncode == 2
    assert "jamsos keys generate" in result.stderr


def test_the_real_command_checks_with_the_configured_key(card_key):
    result = _jamsos("verify", sign(card_key), key=encoded(card_key))
    assert result.returncode == 0, result.stderr

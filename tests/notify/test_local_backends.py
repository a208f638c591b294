"""The backends that deliver to nobody: console, file and memory; and choosing a backend."""

from __future__ import annotations

import io
import json
import stat

import pytest

from jamsos.conf.env import ConfigurationError
from jamsos.notify.backends import (
    ConsoleBackend,
    FileBackend,
    MemoryBackend,
    OutgoingMessage,
    PermanentFailure,
    SmsHttpBackend,
    SmtpEmailBackend,
    TemporaryFailure,
    backend_class,
    get_backend,
)

SMS = OutgoingMessage(
    message_id=7,
    kind="sms",
    recipient="+6281234567890",
    body="Kode OTP Anda 123456",
    purpose="otp.signup",
)
EMAIL = OutgoingMessage(
    message_id=8,
    kind="email",
    recipient="budi@example.com",
    subject="Nomor KPJ Anda",
    body="Nomor KPJ Anda: 12345678901",
    purpose="lookup.kpj",
)


def test_the_console_shows_the_demo_operator_the_real_recipient_and_body():
    stream = io.StringIO()

    ConsoleBackend(stream).send(SMS)
    ConsoleBackend(stream).send(EMAIL)

    printed = stream.getvalue()
    for text in ("+6281234567890", "Kode OTP Anda 123456", "budi@example.com", "Nomor KPJ Anda"):
        assert text in printed
    assert "SMS #7  (otp.signup)" in printed
    assert "SMS: 1 (GSM-7)" in printed


def test_the_console_is_the_default_for_both_kinds(monkeypatch, capsys):
    monkeypatch.delenv("JAMSOS_SMS_BACKEND", raising=False)
    monkeypatch.delenv("JAMSOS_EMAIL_BACKEND", raising=False)

    assert isinstance(get_backend("sms"), ConsoleBackend)
    get_backend("email").send(EMAIL)

    assert "budi@example.com" in capsys.readouterr().out


def test_the_file_backend_appends_one_json_line_per_message_to_today_s_file(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "file")
    monkeypatch.setenv("JAMSOS_NOTIFY_FILE_DIR", str(tmp_path / "outbox"))

    first = get_backend("sms").send(SMS)
    get_backend("sms").send(EMAIL)

    (path,) = (tmp_path / "outbox").iterdir()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert path.name.startswith("outbox-") and path.suffix == ".jsonl"
    assert [json.loads(line)["recipient"] for line in lines] == [
        "+6281234567890",
        "budi@example.com",
    ]
    record = FileBackend(tmp_path / "outbox").read_messages()[0]
    assert record["body"] == "Kode OTP Anda 123456"
    assert record["provider_message_id"] == first.provider_message_id
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_backend_that_cannot_write_fails_temporarily(tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")

    with pytest.raises(TemporaryFailure, match="cannot write"):
        FileBackend(blocked).send(SMS)


def test_the_memory_backend_collects_messages_and_fails_when_told():
    MemoryBackend.reset()
    MemoryBackend.fail_next(TemporaryFailure("down"), times=2)
    MemoryBackend.fail_next(PermanentFailure("refused"))

    outcomes = []
    for _ in range(4):
        try:
            outcomes.append(MemoryBackend().send(SMS).provider_message_id)
        except (TemporaryFailure, PermanentFailure) as failure:
            outcomes.append(type(failure).__name__)

    assert outcomes == ["TemporaryFailure", "TemporaryFailure", "PermanentFailure", "memory-1"]
    assert MemoryBackend.sent == [SMS]
    MemoryBackend.reset()


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("sms", "http", SmsHttpBackend),
        ("email", "smtp", SmtpEmailBackend),
        ("sms", "file", FileBackend),
        ("email", "jamsos.notify.backends.MemoryBackend", MemoryBackend),
    ],
)
def test_the_backend_is_chosen_per_kind_by_name_or_dotted_path(monkeypatch, kind, name, expected):
    monkeypatch.setenv(f"JAMSOS_{kind.upper()}_BACKEND", name)

    assert backend_class(kind) is expected


@pytest.mark.parametrize(
    ("kind", "name"), [("sms", "smtp"), ("email", "http"), ("sms", "no.such.Backend")]
)
def test_an_unknown_backend_is_refused_naming_the_variable(monkeypatch, kind, name):
    variable = f"JAMSOS_{kind.upper()}_BACKEND"
    monkeypatch.setenv(variable, name)

    with pytest.raises(ConfigurationError, match=variable):
        get_backend(kind)

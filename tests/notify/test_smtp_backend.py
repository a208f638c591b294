"""The SMTP e-mail backend against a small SMTP server on 127.0.0.1 that answers as told."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest

from jamsos.notify.backends import (
    OutgoingMessage,
    PermanentFailure,
    SmtpEmailBackend,
    TemporaryFailure,
)

EMAIL = OutgoingMessage(
    message_id=8,
    kind="email",
    recipient="budi@example.com",
    subject="Nomor KPJ Anda",
    body="Nomor KPJ Anda: 12345678901",
    purpose="lookup.kpj",
)


class MailServer:
    def __init__(self) -> None:
        self.rcpt_reply = "250 OK"
        self.data_reply = "250 queued"
        self.received: list[str] = []


@pytest.fixture
def mail_server(settings) -> Iterator[MailServer]:
    state = MailServer()

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 mail.test ESMTP")
            while line := self.rfile.readline():
                verb = line[:4].decode().upper()
                if verb in {"EHLO", "HELO"}:
                    self.reply("250 mail.test")
                elif verb in {"MAIL", "RSET", "NOOP"}:
                    self.reply("250 OK")
                elif verb == "RCPT":
                    self.reply(state.rcpt_reply)
                elif verb == "DATA":
                    self.reply("354 end with <CRLF>.<CRLF>")
                    lines = []
                    while (data := self.rfile.readline()) not in {b".\r\n", b""}:
                        lines.append(data.decode())
                    state.received.append("".join(lines))
                    self.reply(state.data_reply)
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 not implemented")

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.server_address[1]
    settings.DEFAULT_FROM_EMAIL = "Jamsos <noreply@jamsos.test>"
    yield state
    server.shutdown()
    server.server_close()


def test_an_accepted_e_mail_returns_its_message_id(mail_server):
    result = SmtpEmailBackend(timeout=5).send(EMAIL)

    (received,) = mail_server.received
    assert "To: budi@example.com" in received
    assert "From: Jamsos <noreply@jamsos.test>" in received
    assert "Subject: Nomor KPJ Anda" in received
    assert f"Message-ID: {result.provider_message_id}" in received


def test_a_recipient_refused_for_good_is_permanent(mail_server):
    mail_server.rcpt_reply = "550 5.1.1 no such mailbox"

    with pytest.raises(PermanentFailure, match="550"):
        SmtpEmailBackend(timeout=5).send(EMAIL)


def test_a_recipient_refused_for_now_is_temporary(mail_server):
    mail_server.rcpt_reply = "451 4.7.1 greylisted, try again later"

    with pytest.raises(TemporaryFailure, match="451"):
        SmtpEmailBackend(timeout=5).send(EMAIL)


def test_a_message_rejected_for_its_content_is_permanent(mail_server):
    mail_server.data_reply = "554 5.7.1 message rejected"

    with pytest.raises(PermanentFailure, match="554"):
        SmtpEmailBackend(timeout=5).send(EMAIL)


def test_a_mail_server_that_is_not_listening_is_temporary(settings):
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9

    with pytest.raises(TemporaryFailure, match="unreachable"):
        SmtpEmailBackend(timeout=5).send(EMAIL)

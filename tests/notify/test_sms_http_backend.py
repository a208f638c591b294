"""The HTTP SMS backend against a real HTTP server on 127.0.0.1 that answers as told."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from jamsos.conf.env import ConfigurationError
from jamsos.notify.backends import (
    OutgoingMessage,
    PermanentFailure,
    SmsHttpBackend,
    TemporaryFailure,
    get_backend,
)

MESSAGE = OutgoingMessage(
    message_id=42, kind="sms", recipient="+6281234567890", body="Kode OTP 123456", purpose="otp"
)


class Gateway:
    """What the fake gateway answers next, and what it was sent."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = b'{"message_id": "gw-1"}'
        self.headers: dict[str, str] = {}
        self.delay = 0.0
        self.requests: list[dict] = []


@pytest.fixture
def gateway(monkeypatch) -> Iterator[tuple[Gateway, str]]:
    state = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append(
                {
                    "path": self.path,
                    "authorization": self.headers["Authorization"],
                    "content_type": self.headers["Content-Type"],
                    "json": json.loads(self.rfile.read(length)),
                }
            )
            time.sleep(state.delay)
            self.send_response(state.status)
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the client that timed out has hung up; nothing to report

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    # A proxy from the environment must not sit between the test and its own server.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    yield state, f"http://127.0.0.1:{server.server_address[1]}/v1/sms"
    server.shutdown()
    server.server_close()


def backend_for(url: str, **overrides) -> SmsHttpBackend:
    values = {"url": url, "token": "rahasia-token", "sender": "JAMSOS", "timeout": 2.0}
    values.update(overrides)
    return SmsHttpBackend(**values)


def test_an_accepted_sms_returns_the_gateway_s_id_and_was_sent_as_json_with_the_token(gateway):
    state, url = gateway

    result = backend_for(url).send(MESSAGE)

    assert result.provider_message_id == "gw-1"
    (request,) = state.requests
    assert request["path"] == "/v1/sms"
    assert request["authorization"] == "Bearer rahasia-token"
    assert request["content_type"] == "application/json"
    assert request["json"] == {
        "to": "+6281234567890",
        "text": "Kode OTP 123456",
        "reference": "jamsos-42",
        "from": "JAMSOS",
    }


def test_an_accepted_sms_without_an_id_in_the_answer_still_counts_as_sent(gateway):
    state, url = gateway
    state.body = b"OK"

    assert backend_for(url).send(MESSAGE).provider_message_id == ""


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_temporary(gateway, status):
    state, url = gateway
    state.status = status

    with pytest.raises(TemporaryFailure, match=f"HTTP {status}"):
        backend_for(url).send(MESSAGE)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_a_client_error_is_permanent(gateway, status):
    state, url = gateway
    state.status = status
    state.body = b'{"error": "invalid number +6281234567890"}'

    with pytest.raises(PermanentFailure) as failure:
        backend_for(url).send(MESSAGE)

    assert str(failure.value) == f"SMS gateway answered HTTP {status}"


def test_too_many_requests_is_temporary_and_carries_the_retry_after(gateway):
    state, url = gateway
    state.status = 429
    state.headers = {"Retry-After": "30"}

    with pytest.raises(TemporaryFailure) as failure:
        backend_for(url).send(MESSAGE)

    assert failure.value.retry_after == 30


def test_a_redirect_is_permanent_and_not_followed(gateway):
    state, url = gateway
    state.status = 302
    state.headers = {"Location": "/elsewhere"}

    with pytest.raises(PermanentFailure, match="HTTP 302"):
        backend_for(url).send(MESSAGE)

    assert len(state.requests) == 1


def test_a_gateway_that_does_not_answer_in_time_is_temporary(gateway):
    state, url = gateway
    state.delay = 1.0

    with pytest.raises(TemporaryFailure):
        backend_for(url, timeout=0.2).send(MESSAGE)


def test_a_gateway_that_is_not_listening_is_temporary(gateway):
    _state, url = gateway
    closed_port = url.replace("/v1/sms", "").rsplit(":", 1)[0] + ":9/v1/sms"

    with pytest.raises(TemporaryFailure, match="unreachable"):
        backend_for(closed_port).send(MESSAGE)


def test_it_is_configured_from_the_environment(gateway, monkeypatch):
    state, url = gateway
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "http")
    monkeypatch.setenv("JAMSOS_SMS_HTTP_URL", url)
    monkeypatch.setenv("JAMSOS_SMS_HTTP_TOKEN", "dari-env")
    monkeypatch.delenv("JAMSOS_SMS_SENDER", raising=False)

    get_backend("sms").send(MESSAGE)

    assert state.requests[0]["authorization"] == "Bearer dari-env"
    assert "from" not in state.requests[0]["json"]


@pytest.mark.parametrize(
    ("url", "token", "named"),
    [("file:///etc/passwd", "t", "JAMSOS_SMS_HTTP_URL"), ("https://sms.example", "", "TOKEN")],
)
def test_a_url_that_is_not_http_or_an_empty_token_is_refused(url, token, named):
    with pytest.raises(ConfigurationError, match=named):
        SmsHttpBackend(url=url, token=token)

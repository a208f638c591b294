from __future__ import annotations

from collections.abc import Iterator

import pytest

from jamsos.notify.backends import MemoryBackend


@pytest.fixture(autouse=True)
def _private_file_outbox(tmp_path, monkeypatch):
    """Whatever a test sends through the file backend lands in its own directory."""
    monkeypatch.setenv("JAMSOS_NOTIFY_FILE_DIR", str(tmp_path / "outbox"))


@pytest.fixture
def outbox(monkeypatch) -> Iterator[type[MemoryBackend]]:
    """Both kinds go to the memory backend; the fixture is its class, with `sent`."""
    monkeypatch.setenv("JAMSOS_SMS_BACKEND", "memory")
    monkeypatch.setenv("JAMSOS_EMAIL_BACKEND", "memory")
    MemoryBackend.reset()
    yield MemoryBackend
    MemoryBackend.reset()

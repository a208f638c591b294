"""Fixtures for the maintenance tests: a fixed clock, windows around it, and the cast.

The clock is pinned by replacing `django.utils.timezone.now`, which the maintenance
code, the sessions and the admin all read; nothing here needs a real wait.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from jamsos.ops import maintenance
from jamsos.ops.models import MaintenanceWindow
from jamsos.registry.services import Actor

# 22:00 WIB on 1 December 2026.
NOW = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
OPERATOR = Actor(user=None, role="operator", channel="cli", label="cli:ops")


@pytest.fixture(autouse=True)
def _fresh_window_cache() -> Iterator[None]:
    """Each test reads the windows it made; none leaks a cached window into later tests."""
    maintenance.forget_cached_windows()
    yield
    maintenance.forget_cached_windows()


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = NOW
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now)

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def make_window(db: None) -> Callable[..., MaintenanceWindow]:
    """A window stored as is, without the service's rules: for the state a test starts from."""

    def make(
        *, starts_in: dt.timedelta, lasts: dt.timedelta = dt.timedelta(hours=2), **fields: object
    ) -> MaintenanceWindow:
        values: dict[str, object] = {
            "starts_at": NOW + starts_in,
            "ends_at": NOW + starts_in + lasts,
            "message_id": "Pemutakhiran server basis data.",
            "message_en": "Database server upgrade.",
            "notice_hours": 48,
        }
        values.update(fields)
        return MaintenanceWindow.objects.create(**values)

    return make


@pytest.fixture
def staff(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_user(
        "petugas", password="rahasia-panjang-1", is_staff=True
    )


@pytest.fixture
def member(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_user("peserta", password="rahasia-panjang-1")

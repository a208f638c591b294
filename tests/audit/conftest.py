"""Fixtures for the access-log tests: events to work on, and a way to play the attacker."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import RequestFactory

from jamsos.audit.models import AuditEvent
from jamsos.audit.services import record_event


@pytest.fixture
def request_factory() -> RequestFactory:
    return RequestFactory()


@pytest.fixture
def make_events() -> Callable[..., list[AuditEvent]]:
    def make(count: int, *, participant_id: int = 1, action: str = "participant.view"):
        return [
            record_event(
                actor=None,
                actor_role="public",
                channel="web",
                action=action,
                outcome="success",
                subject_participant_id=participant_id,
                details={"n": n},
            )
            for n in range(count)
        ]

    return make

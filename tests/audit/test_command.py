from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jamsos.audit import sealing
from jamsos.audit.models import AuditEvent


@pytest.mark.django_db
def test_seal_seals_what_is_pending_and_says_how_many(make_events, capsys):
    make_events(3)

    call_command("audit", "seal", "--batch-size", "2")

    assert "Sealed 3 rows." in capsys.readouterr().out
    assert not AuditEvent.objects.unsealed().exists()


@pytest.mark.django_db
def test_seal_refuses_a_batch_size_of_zero():
    with pytest.raises(CommandError):
        call_command("audit", "seal", "--batch-size", "0")


def test_seal_follow_keeps_sealing_until_interrupted(
    transactional_db, make_events, capsys, monkeypatch
):
    make_events(2)
    rounds = []
    real_seal_pending = sealing.seal_pending

    def seal_then_interrupt(batch_size: int) -> int:
        rounds.append(batch_size)
        if len(rounds) == 1:
            return real_seal_pending(batch_size)
        raise KeyboardInterrupt

    monkeypatch.setattr(sealing, "seal_pending", seal_then_interrupt)

    call_command("audit", "seal", "--follow", "--interval", "0.01")

    output = capsys.readouterr().out
    assert "Sealed 2 rows." in output
    assert output.rstrip().endswith("Stopped.")
    assert len(rounds) == 2


def test_a_subcommand_is_required():
    with pytest.raises(CommandError):
        call_command("audit")

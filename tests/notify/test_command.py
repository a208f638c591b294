from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jamsos.notify import delivery
from jamsos.notify.models import OutboxMessage, Status
from jamsos.notify.services import queue_message


def queue_sms(body: str = "Kode OTP 123456") -> OutboxMessage:
    return queue_message(kind="sms", recipient="081234567890", body=body, purpose="otp.login")


@pytest.mark.django_db
def test_deliver_sends_what_is_due_and_says_how_many(outbox, capsys):
    queue_sms()
    queue_sms()

    call_command("notify", "deliver", "--limit", "10")

    assert "Sent 2 messages." in capsys.readouterr().out
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_deliver_follow_keeps_delivering_until_interrupted(
    transactional_db, outbox, capsys, monkeypatch, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queue_sms()
    rounds = []
    real_deliver_pending = delivery.deliver_pending

    def deliver_then_interrupt(limit: int) -> int:
        rounds.append(limit)
        if len(rounds) == 1:
            return real_deliver_pending(limit)
        raise KeyboardInterrupt

    monkeypatch.setattr(delivery, "deliver_pending", deliver_then_interrupt)

    call_command("notify", "deliver", "--follow", "--interval", "0.01")

    output = capsys.readouterr().out
    assert "Sent 1 messages." in output
    assert output.rstrip().endswith("Stopped.")
    assert rounds == [100, 100]


@pytest.mark.parametrize(
    "arguments",
    [
        ["notify"],
        ["notify", "deliver", "--limit", "0"],
        ["notify", "deliver", "--interval", "0"],
        ["notify", "purge", "--days", "-1"],
    ],
)
def test_a_subcommand_is_required_and_numbers_must_make_sense(arguments):
    with pytest.raises(CommandError):
        call_command(*arguments)

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from jamsos.notify.models import OutboxMessage, Status
from jamsos.notify.services import purge_old_bodies, queue_message

pytestmark = pytest.mark.django_db


def message_aged(days: int, status: str, **overrides) -> OutboxMessage:
    values = {
        "kind": "email",
        "recipient": "budi@example.com",
        "subject": "Nomor KPJ Anda",
        "body": "Nomor KPJ Anda: 12345678901",
        "purpose": "lookup.kpj",
    }
    values.update(overrides)
    message = queue_message(**values)
    finished = status in {Status.SENT, Status.FAILED_PERMANENT}
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status,
        created_at=timezone.now() - dt.timedelta(days=days),
        sent_at=timezone.now() if status == Status.SENT else None,
        next_attempt_at=None if finished else timezone.now(),
    )
    return message


def test_purge_blanks_the_bodies_of_finished_messages_older_than_the_limit():
    old_sent = message_aged(31, Status.SENT)
    old_failed = message_aged(40, Status.FAILED_PERMANENT)
    recent_sent = message_aged(29, Status.SENT)
    old_retrying = message_aged(31, Status.FAILED_TEMPORARY)
    old_pending = message_aged(31, Status.PENDING)

    assert purge_old_bodies(days=30) == 2
    assert purge_old_bodies(days=30) == 0

    bodies = dict(OutboxMessage.objects.values_list("pk", "body"))
    assert bodies[old_sent.pk] == bodies[old_failed.pk] == ""
    for kept in (recent_sent, old_retrying, old_pending):
        assert bodies[kept.pk] == "Nomor KPJ Anda: 12345678901"
    purged = OutboxMessage.objects.get(pk=old_sent.pk)
    assert purged.subject == ""
    assert purged.recipient == "budi@example.com"  # the record that it went out stays
    assert purged.status == Status.SENT


def test_purge_refuses_a_negative_age():
    with pytest.raises(ValueError):
        purge_old_bodies(days=-1)


def test_the_purge_command_says_how_many_bodies_it_blanked(capsys):
    message_aged(8, Status.SENT)
    message_aged(6, Status.SENT)

    call_command("notify", "purge", "--days", "7")

    assert "Blanked the bodies of 1 messages older than 7 days." in capsys.readouterr().out

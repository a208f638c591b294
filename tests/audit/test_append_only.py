from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from jamsos.audit.models import AuditChainHead, AuditEvent, AuditLogIsAppendOnly
from jamsos.audit.sealing import seal_pending
from jamsos.audit.services import record_event

from .tampering import raw_sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_events) -> AuditEvent:
    return make_events(1)[0]


def test_saving_an_existing_event_again_is_refused(event):
    event.action = "participant.nothing_to_see"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.save(update_fields=["action"])
    assert AuditEvent.objects.get(pk=event.pk).action == "participant.view"


def test_a_new_event_reusing_an_existing_id_cannot_overwrite_it(event):
    impostor = AuditEvent(
        pk=event.pk, actor_label="x", actor_role="x", channel="web", action="x", outcome="success"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "participant.view"


def test_an_event_cannot_be_written_already_sealed():
    forged = AuditEvent(
        actor_label="x",
        actor_role="x",
        channel="web",
        action="x",
        outcome="success",
        chain_seq=1,
        prev_hash="0" * 64,
        row_hash="f" * 64,
    )
    with pytest.raises(AuditLogIsAppendOnly):
        forged.save()


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_updates_are_refused(event):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="participant.nothing_to_see")
    event.action = "participant.nothing_to_see"
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["action"])


def test_a_user_who_appears_in_the_log_cannot_be_deleted(django_user_model):
    agent = django_user_model.objects.create_user(username="agen.budi", password="x" * 12)
    record_event(
        actor=agent,
        actor_role="cs_agent",
        channel="cs",
        action="participant.view",
        outcome="success",
    )
    with pytest.raises(ProtectedError):
        agent.delete()


@pytest.mark.postgresql_only
def test_the_database_refuses_an_update_of_the_action(event):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql("UPDATE audit_event SET action = 'participant.nothing' WHERE id = %s", (event.pk,))


@pytest.mark.postgresql_only
def test_the_database_refuses_a_delete(event):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql("DELETE FROM audit_event WHERE id = %s", (event.pk,))


@pytest.mark.postgresql_only
def test_the_database_refuses_to_truncate_a_log_with_rows_in_it(event):
    # Run the deferred foreign-key checks now; PostgreSQL will not truncate with them pending.
    raw_sql("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql("TRUNCATE audit_event")


@pytest.mark.postgresql_only
def test_the_database_refuses_sealing_that_also_changes_the_content(event):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql(
            "UPDATE audit_event SET chain_seq = 1, prev_hash = %s, row_hash = %s, "
            "sealed_at = now(), outcome = 'denied' WHERE id = %s",
            ("0" * 64, "a" * 64, event.pk),
        )


@pytest.mark.postgresql_only
def test_the_database_refuses_to_reseal_a_sealed_row(event):
    seal_pending()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql("UPDATE audit_event SET row_hash = %s WHERE id = %s", ("b" * 64, event.pk))


@pytest.mark.postgresql_only
def test_the_database_refuses_to_wind_the_chain_head_back(make_events):
    make_events(3)
    seal_pending()
    with pytest.raises(IntegrityError, match="forward"), transaction.atomic():
        raw_sql("UPDATE audit_chain_head SET last_seq = 2")
    with pytest.raises(IntegrityError, match="forward"), transaction.atomic():
        raw_sql("DELETE FROM audit_chain_head")
    assert AuditChainHead.objects.get().last_seq == 3

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsos.audit.chain import GENESIS_HASH, canonical
from jamsos.audit.models import AuditChainHead, AuditEvent
from jamsos.audit.sealing import seal_continuously, seal_pending
from jamsos.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def chain() -> list[AuditEvent]:
    return list(AuditEvent.objects.sealed().order_by("chain_seq"))


def test_it_seals_every_pending_row_in_batches_in_id_order(make_events):
    events = make_events(7)

    assert seal_pending(batch_size=3) == 7

    sealed = chain()
    assert [e.pk for e in sealed] == [e.pk for e in events]
    assert [e.chain_seq for e in sealed] == list(range(1, 8))
    assert not AuditEvent.objects.unsealed().exists()
    # Three transactions of at most three rows: the sealing time is shared within each.
    assert len({e.sealed_at for e in sealed}) == 3


def test_each_row_hash_covers_the_previous_hash_and_the_rows_content(make_events):
    make_events(2)
    seal_pending()

    first, second = chain()
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.row_hash
    row = AuditEvent.objects.filter(pk=second.pk).values().get()
    expected = hashlib.sha256(first.row_hash.encode() + canonical(row)).hexdigest()
    assert second.row_hash == expected


def test_the_canonical_form_is_sorted_compact_json_with_utc_times():
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    row = {
        "id": 5,
        "occurred_at": dt.datetime(2026, 1, 2, 7, 4, 5, 678, tzinfo=jakarta),
        "actor_id": None,
        "actor_label": "public",
        "actor_role": "public",
        "channel": "web",
        "subject_participant_id": 42,
        "action": "participant.lookup",
        "purpose": "",
        "request_id": "r1",
        "client_ip_hash": "",
        "outcome": "not_found",
        "details": {"b": 1, "a": "Sari Dewi"},
        "chain_seq": 9,
        "sealed_at": dt.datetime(2026, 1, 2, 0, 5, tzinfo=dt.UTC),
        "row_hash": "not part of the hash",
    }

    assert canonical(row) == (
        b'{"action":"participant.lookup","actor_id":null,"actor_label":"public",'
        b'"actor_role":"public","chain_seq":9,"channel":"web","client_ip_hash":"",'
        b'"details":{"a":"Sari Dewi","b":1},"id":5,"occurred_at":"2026-01-02T00:04:05.000678Z",'
        b'"outcome":"not_found","purpose":"","request_id":"r1","sealed_at":'
        b'"2026-01-02T00:05:00.000000Z","subject_participant_id":42}'
    )


def test_a_later_call_continues_the_chain_from_the_head(make_events):
    make_events(2)
    seal_pending()
    make_events(3)

    assert seal_pending() == 3

    sealed = chain()
    assert [e.chain_seq for e in sealed] == [1, 2, 3, 4, 5]
    assert sealed[2].prev_hash == sealed[1].row_hash
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (5, sealed[-1].row_hash)
    assert verify_chain().ok


def test_nothing_to_seal_leaves_the_head_alone():
    assert seal_pending() == 0
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (0, GENESIS_HASH)


def test_sealing_cost_does_not_grow_with_the_batch(make_events):
    make_events(1)
    seal_pending()  # the first seal of a new database also creates the chain head
    make_events(3)
    with CaptureQueriesContext(connection) as small:
        seal_pending()
    make_events(30)
    with CaptureQueriesContext(connection) as large:
        seal_pending()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_batch_size_below_one_is_refused():
    with pytest.raises(ValueError):
        seal_pending(batch_size=0)


def test_sealing_continuously_seals_until_stopped(make_events, transactional_db):
    make_events(4)
    stop = threading.Event()
    counts: list[int] = []

    def sealed(count: int) -> None:
        counts.append(count)
        stop.set()

    seal_continuously(interval=0.01, stop=stop, on_sealed=sealed)

    assert counts == [4]
    assert verify_chain().ok

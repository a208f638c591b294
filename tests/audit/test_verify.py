from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jamsos.audit.models import AuditEvent
from jamsos.audit.sealing import seal_pending
from jamsos.audit.verify import ProblemKind, verify_chain

from .tampering import raw_sql, triggers_bypassed

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed_log(make_events) -> list[AuditEvent]:
    events = make_events(5)
    seal_pending(batch_size=2)
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def kinds(result) -> list[tuple[int | None, ProblemKind]]:
    return [(p.seq, p.kind) for p in result.problems]


def test_an_untouched_log_verifies(sealed_log, make_events):
    make_events(2)

    result = verify_chain()

    assert result.ok
    assert (result.sealed, result.pending, result.last_seq) == (5, 2, 5)


def test_an_empty_log_verifies():
    result = verify_chain()
    assert result.ok
    assert (result.sealed, result.pending) == (0, 0)


def test_an_edited_row_is_named_by_its_place_in_the_chain(sealed_log):
    with triggers_bypassed():
        raw_sql(
            "UPDATE audit_event SET subject_participant_id = 999 WHERE id = %s",
            (sealed_log[2].pk,),
        )

    assert kinds(verify_chain()) == [(3, ProblemKind.ALTERED)]


def test_an_edited_detail_is_found_too(sealed_log):
    with triggers_bypassed():
        raw_sql(
            "UPDATE audit_event SET details = %s WHERE id = %s",
            ('{"n": 99}', sealed_log[0].pk),
        )

    assert kinds(verify_chain()) == [(1, ProblemKind.ALTERED)]


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next(sealed_log):
    with triggers_bypassed():
        raw_sql("UPDATE audit_event SET row_hash = %s WHERE id = %s", ("c" * 64, sealed_log[1].pk))

    assert kinds(verify_chain()) == [(2, ProblemKind.ALTERED), (3, ProblemKind.MISSING)]


def test_a_deleted_middle_row_is_reported_missing(sealed_log):
    with triggers_bypassed():
        raw_sql("DELETE FROM audit_event WHERE id = %s", (sealed_log[2].pk,))

    result = verify_chain()

    assert kinds(result) == [(3, ProblemKind.MISSING)]
    assert "row 3 is missing" in result.problems[0].message


def test_a_deleted_last_row_is_reported_as_a_truncated_tail(sealed_log):
    with triggers_bypassed():
        raw_sql("DELETE FROM audit_event WHERE id = %s", (sealed_log[-1].pk,))

    result = verify_chain()

    assert kinds(result) == [(5, ProblemKind.TRUNCATED)]
    assert "ends at 4" in result.problems[0].message


def test_a_deleted_chain_head_is_reported(sealed_log):
    with triggers_bypassed():
        raw_sql("DELETE FROM audit_chain_head")

    assert kinds(verify_chain()) == [(None, ProblemKind.HEAD_MISMATCH)]


def test_the_command_reports_an_untouched_log_as_ok(sealed_log, make_events, capsys):
    make_events(1)

    call_command("audit", "verify")

    assert "OK: 5 rows sealed, 1 awaiting seal" in capsys.readouterr().out


def test_the_command_names_the_problem_and_fails(sealed_log, capsys):
    with triggers_bypassed():
        raw_sql("DELETE FROM audit_event WHERE id = %s", (sealed_log[1].pk,))

    with pytest.raises(CommandError, match="tampered") as failure:
        call_command("audit", "verify")

    assert failure.value.returncode == 1
    assert "seq 2: missing: row 2 is missing" in capsys.readouterr().err

"""Checking the hash chain: has any sealed row been changed, removed, or cut off the end?"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.db import router

from jamsos.audit.chain import CONTENT_COLUMNS, GENESIS_HASH, compute_row_hash
from jamsos.audit.models import AuditChainHead, AuditEvent

__all__ = ["Problem", "ProblemKind", "VerifyResult", "verify_chain"]

CHUNK_SIZE = 2000


class ProblemKind(enum.StrEnum):
    ALTERED = "altered"  # the row's content no longer matches its hash
    MISSING = "missing"  # a chain number is absent, or a row does not link to the one before
    TRUNCATED = "truncated"  # the head records rows past the end of the chain
    HEAD_MISMATCH = "head_mismatch"  # the head does not describe the chain's last row


@dataclass(frozen=True)
class Problem:
    seq: int | None
    kind: ProblemKind
    message: str

    def __str__(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else "chain"
        return f"{where}: {self.kind}: {self.message}"


@dataclass
class VerifyResult:
    sealed: int = 0
    pending: int = 0
    last_seq: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Walker:
    """Follows the chain row by row; each problem is reported once, where it is."""

    def __init__(self, result: VerifyResult) -> None:
        self.result = result
        self.expected_seq = 1
        self.prev_hash = GENESIS_HASH

    def visit(self, row: dict) -> None:
        seq: int = row["chain_seq"]
        problems = self.result.problems
        if seq != self.expected_seq:
            gap = (
                f"row {self.expected_seq} is missing"
                if seq == self.expected_seq + 1
                else f"rows {self.expected_seq} to {seq - 1} are missing"
            )
            problems.append(Problem(self.expected_seq, ProblemKind.MISSING, gap))
        elif row["prev_hash"] != self.prev_hash:
            problems.append(Problem(seq, ProblemKind.MISSING, "does not link to the row before it"))
        # Hash with the row's own prev_hash, so one bad row does not condemn all after it.
        if compute_row_hash(row["prev_hash"], row) != row["row_hash"]:
            problems.append(
                Problem(seq, ProblemKind.ALTERED, f"content changed (audit event id {row['id']})")
            )
        self.result.sealed += 1
        self.result.last_seq = seq
        self.expected_seq = seq + 1
        self.prev_hash = row["row_hash"]


def verify_chain(*, using: str | None = None) -> VerifyResult:
    """Recompute every sealed row in chain order and compare the end with the chain head.

    Runs beside a working sealer without a long transaction: rows are streamed,
    then the head is read; if the head has moved on meanwhile, the rows sealed
    since are streamed too, until the head and the last row agree or no rows are left.
    """
    using = using or router.db_for_read(AuditEvent)
    result = VerifyResult()
    walker = _Walker(result)
    events = AuditEvent.objects.using(using)
    columns = (*CONTENT_COLUMNS, "chain_seq", "prev_hash", "row_hash", "sealed_at")
    after = 0
    while True:
        rows = (
            events.filter(chain_seq__gt=after)
            .order_by("chain_seq")
            .values(*columns)
            .iterator(chunk_size=CHUNK_SIZE)
        )
        found = False
        for row in rows:
            walker.visit(row)
            found = True
        after = result.last_seq
        head = AuditChainHead.objects.using(using).filter(pk=1).first()
        head_seq = head.last_seq if head else 0
        if head_seq > after and found:
            continue  # sealed while we read; read on
        break

    head_hash = head.last_hash if head else GENESIS_HASH
    if head is None and result.last_seq:
        result.problems.append(
            Problem(None, ProblemKind.HEAD_MISMATCH, "the chain head row is missing")
        )
    elif head_seq > result.last_seq:
        result.problems.append(
            Problem(
                result.last_seq + 1,
                ProblemKind.TRUNCATED,
                f"the chain ends at {result.last_seq} but the head records {head_seq}",
            )
        )
    elif head_seq < result.last_seq:
        result.problems.append(
            Problem(
                head_seq,
                ProblemKind.HEAD_MISMATCH,
                f"the head records {head_seq} but the chain runs to {result.last_seq}",
            )
        )
    elif head_hash != walker.prev_hash:
        result.problems.append(
            Problem(
                head_seq,
                ProblemKind.HEAD_MISMATCH,
                "the head's hash differs from the last row's; the last row was replaced",
            )
        )
    result.pending = events.unsealed().count()
    return result

"""How one sealed row is hashed. The sealer and the verifier both use this, and only this.

    row_hash = sha256(prev_hash || canonical(row))

`prev_hash` is the 64 hex characters of the previous row's hash (GENESIS_HASH for
the first row), in ASCII. `canonical(row)` is UTF-8 JSON with sorted keys and no
spaces, over every column except the hash itself; datetimes are UTC in
``YYYY-MM-DDTHH:MM:SS.ffffffZ``. Changing this format breaks every existing
chain, so it must not change without a new format version stored with the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from jamsos.audit.models import GENESIS_HASH

__all__ = ["CONTENT_COLUMNS", "GENESIS_HASH", "canonical", "compute_row_hash"]

# The columns an event is written with, read back from the database for hashing.
CONTENT_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "actor_role",
    "channel",
    "subject_participant_id",
    "action",
    "purpose",
    "request_id",
    "client_ip_hash",
    "outcome",
    "details",
)
HASHED_COLUMNS = (*CONTENT_COLUMNS, "chain_seq", "sealed_at")


def _utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(row: Mapping[str, Any]) -> bytes:
    payload = {name: row[name] for name in HASHED_COLUMNS}
    payload["occurred_at"] = _utc(row["occurred_at"])
    payload["sealed_at"] = _utc(row["sealed_at"])
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def compute_row_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(row)).hexdigest()

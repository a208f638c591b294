"""Loads generated demo data: COPY on PostgreSQL, batched INSERTs on SQLite.

One transaction for the whole load, so an interrupted demo leaves no half-filled
registry behind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from jamsos.contributions.models import WorkerContribution
from jamsos.identity import normalise_name
from jamsos.ops.demo.generator import DemoDataGenerator, EmployerRow, kpj_stream
from jamsos.ops.progress import Progress
from jamsos.privacy.crypto import blind_index, encrypt
from jamsos.privacy.keys import load_keyring
from jamsos.registry.models import Employer, Employment, Participant
from jamsos.registry.serials import next_serials

CHUNK = 5000


@dataclass(frozen=True)
class LoadSummary:
    employers: int
    participants: int
    employments: int
    contributions: int
    seconds: float


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


class TableWriter:
    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table = table
        self.columns = columns

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        written = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                statement = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
                with cursor.cursor.copy(statement) as copy:
                    for row in rows:
                        copy.write_row(row)
                        written += 1
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                # Table and column names come from model metadata, never from input.
                columns = ", ".join(self.columns)
                statement = f"INSERT INTO {self.table} ({columns}) VALUES ({placeholders})"  # noqa: S608
                batch = [[_sqlite_value(v) for v in row] for row in rows]
                cursor.executemany(statement, batch)
                written = len(batch)
        return written


def _serial_stream(name: str, batch: int) -> Iterator[int]:
    while True:
        yield from next_serials(name, batch)


def _columns(model: Any, *names: str) -> tuple[str, Sequence[str]]:
    return model._meta.db_table, [model._meta.get_field(n).column for n in names]


def load_demo_data(
    *, participants: int, as_of: dt.date, seed: int = 2026, progress_stream: TextIO | None = None
) -> LoadSummary:
    generator = DemoDataGenerator(participants=participants, as_of=as_of, seed=seed)
    keyring = load_keyring()
    now = timezone.now()
    contexts = {
        name: Participant._meta.get_field(name).context for name in ("nik", "phone", "email")
    }

    def sealed(name: str) -> Callable[[str | None], str | None]:
        return lambda value: (
            None if value is None else encrypt(value, keyring=keyring, context=contexts[name])
        )

    encrypt_nik, encrypt_phone, encrypt_email = sealed("nik"), sealed("phone"), sealed("email")
    employer_writer = TableWriter(
        *_columns(
            Employer,
            "id",
            "npp",
            "name",
            "address",
            "city",
            "risk_class",
            "sector",
            "registered_on",
            "created_at",
        )
    )
    participant_writer = TableWriter(
        *_columns(
            Participant,
            "id",
            "kpj",
            "nik",
            "nik_index",
            "full_name",
            "name_key",
            "birth_date",
            "sex",
            "phone",
            "phone_index",
            "phone_verified_at",
            "email",
            "email_index",
            "email_verified_at",
            "created_at",
            "updated_at",
        )
    )
    employment_writer = TableWriter(
        *_columns(
            Employment,
            "id",
            "participant",
            "employer",
            "start_date",
            "end_date",
            "end_reason",
            "wage",
            "programs",
            "created_at",
        )
    )
    contribution_writer = TableWriter(
        *_columns(
            WorkerContribution,
            "participant",
            "employment",
            "employer",
            "month",
            "wage",
            "employer_amount",
            "worker_amount",
            "jht_amount",
            "due_date",
            "paid_on",
        )
    )

    counts = {"employments": 0, "contributions": 0}
    progress = Progress("demo: participants", participants, stream=progress_stream)
    with transaction.atomic():
        employers = generator.employers(_serial_stream("npp", 256))
        employer_writer.write(
            (e.id, e.npp, e.name, e.address, e.city, e.risk_class, e.sector, e.registered_on, now)
            for e in employers
        )
        by_id: dict[int, EmployerRow] = {e.id: e for e in employers}
        kpjs = kpj_stream(_serial_stream("kpj", CHUNK))
        employment_ids = count(1)
        for start in range(1, participants + 1, CHUNK):
            people = [
                generator.participant(i, next(kpjs))
                for i in range(start, min(start + CHUNK, participants + 1))
            ]
            participant_writer.write(
                (
                    p.id,
                    p.kpj,
                    encrypt_nik(p.nik),
                    blind_index(p.nik, keyring=keyring, context="nik"),
                    p.full_name,
                    normalise_name(p.full_name),
                    p.birth_date,
                    p.sex,
                    encrypt_phone(p.phone),
                    blind_index(p.phone, keyring=keyring, context="phone") if p.phone else None,
                    now if p.phone else None,
                    encrypt_email(p.email),
                    blind_index(p.email, keyring=keyring, context="email") if p.email else None,
                    now if p.email else None,
                    now,
                    now,
                )
                for p in people
            )
            jobs = [
                job for p in people for job in generator.employments(p, employers, employment_ids)
            ]
            counts["employments"] += employment_writer.write(
                (
                    j.id,
                    j.participant_id,
                    j.employer_id,
                    j.start_date,
                    j.end_date,
                    j.end_reason,
                    j.wage,
                    json.dumps(j.programs),
                    now,
                )
                for j in jobs
            )
            counts["contributions"] += contribution_writer.write(
                (
                    c.participant_id,
                    c.employment_id,
                    c.employer_id,
                    c.month,
                    c.wage,
                    c.employer_amount,
                    c.worker_amount,
                    c.jht_amount,
                    c.due_date,
                    c.paid_on,
                )
                for job in jobs
                for c in generator.contributions(job, by_id[job.employer_id])
            )
            progress.advance(len(people))
        # Explicit ids were written: move the id sequences past them (no-op on SQLite).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Employer, Participant, Employment]
            ):
                cursor.execute(statement)
    seconds = progress.finish()
    return LoadSummary(
        employers=len(employers),
        participants=participants,
        employments=counts["employments"],
        contributions=counts["contributions"],
        seconds=seconds,
    )

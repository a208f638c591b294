"""Loads generated demo data: COPY on PostgreSQL, batched INSERTs on SQLite.

One transaction for the whole load, so an interrupted demo leaves no half-filled
registry behind. The contribution months are loaded as the real flow leaves them
(a wage report, its lines and its invoice per employer and month, the bank payments),
and then the real posting service credits the JHT accounts, so `jamsos ledger verify`
holds for demo data as for any other.

On PostgreSQL the foreign keys of the loaded tables are dropped for the load and
re-created at the end, as pg_restore does: one validating join per key instead of a
check per row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from jamsos.contributions.bulk import TableWriter, table_columns
from jamsos.contributions.models import (
    ContributionLine,
    Invoice,
    InvoiceStatus,
    Payment,
    WageReport,
)
from jamsos.contributions.payments import summarise
from jamsos.contributions.reports import invoice_number
from jamsos.identity import normalise_name
from jamsos.ledger.models import JhtAccount, JhtEntry, JpMonth
from jamsos.ledger.posting import post_settled_invoices
from jamsos.ops.demo.generator import DemoDataGenerator, EmployerRow, _plan, kpj_stream
from jamsos.ops.progress import Progress
from jamsos.privacy.crypto import blind_index, encrypt
from jamsos.privacy.keys import load_keyring
from jamsos.programs.contributions import due_date
from jamsos.registry.models import Employer, Employment, Participant
from jamsos.registry.serials import next_serials

CHUNK = 5000
POSTING_CHUNK = 250_000
LOADED_MODELS = (
    Employer,
    Participant,
    Employment,
    WageReport,
    Invoice,
    ContributionLine,
    Payment,
    JhtAccount,
    JhtEntry,
    JpMonth,
)


@dataclass(frozen=True)
class LoadSummary:
    employers: int
    participants: int
    employments: int
    contributions: int
    seconds: float
    invoices: int = 0
    paid_invoices: int = 0
    jht_entries: int = 0


def _serial_stream(name: str, batch: int) -> Iterator[int]:
    while True:
        yield from next_serials(name, batch)


def _columns(model: Any, *names: str) -> tuple[str, list[str]]:
    return table_columns(model, *names)


class _ForeignKeysDeferred:
    """Drop the foreign keys of the loaded tables, and put them back (PostgreSQL only)."""

    def __init__(self, models: tuple[Any, ...]) -> None:
        self.tables = [model._meta.db_table for model in models]
        self.saved: list[tuple[str, str, str]] = []

    def drop(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [self.tables],
            )
            self.saved = cursor.fetchall()
            for table, name, _ in self.saved:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')

    def restore(self) -> None:
        with connection.cursor() as cursor:
            for table, name, definition in self.saved:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.saved = []


def load_demo_data(
    *,
    participants: int,
    as_of: dt.date,
    seed: int = 2026,
    months: int = 12,
    progress_stream: TextIO | None = None,
) -> LoadSummary:
    """Load synthetic data; `months` of contribution history (0 for registry data only)."""
    generator = DemoDataGenerator(participants=participants, as_of=as_of, seed=seed, months=months)
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
    line_writer = TableWriter(
        *_columns(
            ContributionLine,
            "id",
            "invoice",
            "participant",
            "employment",
            "month",
            "row_number",
            "wage",
            "jp_base",
            "jkk",
            "jkm",
            "jht_employer",
            "jht_worker",
            "jp_employer",
            "jp_worker",
            "total",
        )
    )

    counts = {"employments": 0, "contributions": 0}
    progress = Progress("demo: participants", participants, stream=progress_stream)
    foreign_keys = _ForeignKeysDeferred(LOADED_MODELS)
    months = generator.contribution_months
    month_index = {month: k for k, month in enumerate(months)}
    # Per invoice (one per employer and month with anyone reported): workers, employer
    # share, worker share, wage total.
    invoices: dict[int, list[int]] = {}
    line_ids = count(1)

    def invoice_id(employer_id: int, month: dt.date) -> int:
        return (employer_id - 1) * len(months) + month_index[month] + 1

    def line_tuple(line: Any) -> tuple[Any, ...]:
        key = invoice_id(line.employer_id, line.month)
        totals = invoices.setdefault(key, [0, 0, 0, 0])
        totals[0] += 1
        totals[1] += line.employer_amount
        totals[2] += line.worker_amount
        totals[3] += line.wage
        return (
            next(line_ids),
            key,
            line.participant_id,
            line.employment_id,
            line.month,
            totals[0],
            line.wage,
            line.jp_base,
            *line.shares,
            sum(line.shares),
        )

    with transaction.atomic():
        foreign_keys.drop()
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
            counts["contributions"] += line_writer.write(
                line_tuple(line)
                for job in jobs
                for line in generator.contributions(job, by_id[job.employer_id])
            )
            progress.advance(len(people))
        paid, paid_lines = _write_invoices(generator, by_id, invoices, now, invoice_id)
        # Explicit ids were written: move the id sequences past them (no-op on SQLite).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Employer, Participant, Employment, WageReport, Invoice]
            ):
                cursor.execute(statement)
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [ContributionLine, Payment]
            ):
                cursor.execute(statement)
        progress.finish()
        if connection.vendor == "postgresql":
            # Planner statistics for what was just loaded, or posting plans for empty tables.
            with connection.cursor() as cursor:
                for model in LOADED_MODELS:
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        posting = Progress("demo: JHT posting", paid_lines, stream=progress_stream)
        post_settled_invoices(
            chunk_size=POSTING_CHUNK, on_chunk=lambda n, lines, done: posting.advance(lines)
        )
        posting.finish()
        foreign_keys.restore()
    seconds = progress.finish()
    return LoadSummary(
        employers=len(employers),
        participants=participants,
        employments=counts["employments"],
        contributions=counts["contributions"],
        seconds=seconds,
        invoices=len(invoices),
        paid_invoices=paid,
        jht_entries=JhtEntry.objects.count(),
    )


def _write_invoices(
    generator: DemoDataGenerator,
    employers: dict[int, EmployerRow],
    invoices: dict[int, list[int]],
    now: dt.datetime,
    invoice_id: Any,
) -> tuple[int, int]:
    """Wage reports, invoices and payments for every employer-month with lines."""
    paid_on = generator.payment_dates(list(employers.values()))
    reports, headers, payments = [], [], []
    paid_lines = 0
    for employer in employers.values():
        for month in generator.contribution_months:
            key = invoice_id(employer.id, month)
            if key not in invoices:
                continue
            workers, employer_amount, worker_amount, wage_total = invoices[key]
            amount = employer_amount + worker_amount
            due = due_date(month)
            reports.append((key, employer.id, month, workers, wage_total, now, None, "system"))
            state = Invoice(amount=amount, due_date=due)
            payment_day = paid_on.get((employer.id, month))
            transfers = []
            if payment_day is not None:
                # Late payers pay the fine with the contribution.
                fine = summarise(state, [(amount, payment_day)]).fine_amount
                transfers = [(amount + fine, payment_day)]
                payments.append(
                    (key, key, f"DEMO{key:010d}", amount + fine, payment_day, now, None, "system")
                )
            summary = summarise(state, transfers)
            settled = summary.status == InvoiceStatus.PAID
            paid_lines += workers if settled else 0
            headers.append(
                (
                    key,
                    invoice_number(employer, month),  # type: ignore[arg-type]
                    employer.id,
                    month,
                    key,
                    due,
                    workers,
                    employer_amount,
                    worker_amount,
                    amount,
                    json.dumps(_plan(employer.risk_class, month).as_json()),
                    False,
                    now,
                    summary.paid_amount,
                    summary.fine_amount,
                    summary.settled_on,
                    summary.status,
                    1 if settled else 0,
                    0,
                    None,
                )
            )
    TableWriter(
        *_columns(
            WageReport,
            "id",
            "employer",
            "month",
            "row_count",
            "wage_total",
            "submitted_at",
            "submitted_by",
            "channel",
        )
    ).write(reports)
    TableWriter(
        *_columns(
            Invoice,
            "id",
            "number",
            "employer",
            "month",
            "wage_report",
            "due_date",
            "worker_count",
            "employer_amount",
            "worker_amount",
            "amount",
            "rates",
            "relief_applied",
            "created_at",
            "paid_amount",
            "fine_amount",
            "settled_on",
            "status",
            "settlement_cycle",
            "posting_cursor",
            "posted_at",
        )
    ).write(headers)
    TableWriter(
        *_columns(
            Payment,
            "id",
            "invoice",
            "bank_reference",
            "amount",
            "paid_on",
            "recorded_at",
            "recorded_by",
            "channel",
        )
    ).write(payments)
    return len(payments), paid_lines

"""The money-path benchmarks; run through bench/wage_pipeline.sh (it starts PostgreSQL).

Set-up (not timed): one employer with N enrolled workers, loaded with COPY, and their
wage file written as CSV (nik,name,wage). Then, timed:
  copy      a plain COPY of that CSV into a bare table (the yardstick);
  parse     the CSV read into WageRow objects (what the employer portal's parser does);
  report    submit_wage_report: checks, staging, matching, lines computed, invoice;
  pay       record_payment of the invoice;
  post      post_settled_invoices: the JHT entries, JP months and balances.
and, for the yearly return, one set-based UPDATE of every account (the yardstick)
against credit_return for the year.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import logging
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from jamsos.privacy.keys import generate_environment

for _name, _value in generate_environment().items():
    os.environ.setdefault(_name, _value)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamsos.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jamsos.contributions.bulk import TableWriter, table_columns  # noqa: E402
from jamsos.contributions.services import WageRow, record_payment, submit_wage_report  # noqa: E402
from jamsos.identity import compose_nik, kpj_from_serial, normalise_name  # noqa: E402
from jamsos.ledger.posting import post_settled_invoices  # noqa: E402
from jamsos.ledger.returns import credit_return  # noqa: E402
from jamsos.privacy.crypto import blind_index, encrypt  # noqa: E402
from jamsos.privacy.keys import load_keyring  # noqa: E402
from jamsos.registry.models import Employer, Employment, Participant  # noqa: E402
from jamsos.registry.serials import next_serials  # noqa: E402
from jamsos.registry.services import Actor, issue_npp  # noqa: E402

MONTH = dt.date(2025, 6, 1)
PAID_ON = dt.date(2025, 7, 10)
TODAY = dt.date(2026, 1, 15)
OPERATOR = Actor(user=None, role="operator", channel="cli")
NAMES = ("Budi Santoso", "Siti Aminah", "Agus Salim", "Dewi Lestari", "Eko Prasetyo")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StageLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _workers(workers: int, employer: Employer, keyring, now, csv_out) -> Iterator[tuple]:
    """(participant row, employment row) per worker; writes the worker's CSV row too."""
    rng = random.Random(4)  # noqa: S311 (synthetic wages)
    serials = iter(next_serials("kpj", workers + workers // 50 + 100))
    programs = json.dumps(["JKK", "JKM", "JHT", "JP", "JKP"])
    for index in range(1, workers + 1):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=index % 11_000)
        sex = "F" if index % 3 == 0 else "M"
        nik = compose_nik(
            region_code="317101", birth_date=birth, sex=sex, serial=index // 11_000 + 1
        )
        kpj = None
        while kpj is None:
            kpj = kpj_from_serial(next(serials))
        name = NAMES[index % len(NAMES)]
        wage = int(min(max(rng.lognormvariate(15.35, 0.45), 2_000_000), 60_000_000))
        csv_out.writerow([nik, name, wage])
        yield (
            (
                index,
                kpj,
                encrypt(nik, keyring=keyring, context="registry.participant.nik"),
                blind_index(nik, keyring=keyring, context="nik"),
                name,
                normalise_name(name),
                birth,
                sex,
                now,
                now,
            ),
            (index, index, employer.pk, dt.date(2024, 1, 2), None, "", wage, programs, now),
        )


def set_up(workers: int, csv_path: Path) -> Employer:
    """One employer and its workers, loaded in chunks so set-up memory stays small."""
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_DROP_FK"):
        # For comparison only: what the foreign keys of the bulk tables cost.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f' "
                "AND conrelid::regclass::text IN ('contributions_line', 'ledger_jht_entry', "
                "'ledger_jp_month', 'ledger_jht_account')"
            )
            for table, name in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    employer = Employer.objects.create(
        npp=issue_npp(),
        name="PT Bench Nusantara",
        risk_class=3,
        sector="manufacturing",
        registered_on=dt.date(2020, 1, 1),
    )
    participants = TableWriter(
        *table_columns(
            Participant,
            "id",
            "kpj",
            "nik",
            "nik_index",
            "full_name",
            "name_key",
            "birth_date",
            "sex",
            "created_at",
            "updated_at",
        )
    )
    employments = TableWriter(
        *table_columns(
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
    with csv_path.open("w", newline="") as handle, transaction.atomic():
        out = csv.writer(handle)
        out.writerow(["nik", "name", "wage"])
        rows = _workers(workers, employer, load_keyring(), timezone.now(), out)
        while chunk := list(itertools.islice(rows, 50_000)):
            participants.write(person for person, _ in chunk)
            employments.write(job for _, job in chunk)
        with connection.cursor() as cursor:
            for table in ("registry_participant", "registry_employment"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT MAX(id) FROM {table}))"
                )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_participant")
        cursor.execute("VACUUM ANALYZE registry_employment")
    return employer


def timed(label: str, results: list, rows: int, work):
    started = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - started
    results.append((label, rows, seconds, peak_mb()))
    print(
        f"  {label:<10} {seconds:8.2f} s  {rows / seconds:>12,.0f} rows/s   "
        f"peak {peak_mb():,.0f} MB",
        flush=True,
    )
    return value


def bare_copy(csv_path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_wage")
        cursor.execute("CREATE TABLE bench_bare_wage (nik text, name text, wage bigint)")
        with (
            cursor.cursor.copy("COPY bench_bare_wage FROM STDIN (FORMAT csv, HEADER true)") as copy,
            csv_path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)


def parse(csv_path: Path) -> list[WageRow]:
    with csv_path.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [
            WageRow(row=number, nik=nik, wage=wage, name=name)
            for number, (nik, name, wage) in enumerate(reader, start=2)
        ]


def main(workers: int) -> None:
    var = Path(os.environ.get("JAMSOS_VAR_DIR", "var"))
    var.mkdir(parents=True, exist_ok=True)
    csv_path = var / "wages.csv"
    print(f"set-up: {workers:,} workers and their wage file ...", flush=True)
    started = time.perf_counter()
    employer = set_up(workers, csv_path)
    size = csv_path.stat().st_size / 1e6
    print(f"set-up done in {time.perf_counter() - started:.0f} s; CSV {size:.0f} MB", flush=True)

    stage_log = StageLog()
    logging.getLogger("jamsos.contributions.reports").addHandler(stage_log)
    logging.getLogger("jamsos.contributions.reports").setLevel(logging.DEBUG)

    results: list = []
    print("wage pipeline:")
    timed("copy", results, workers, lambda: bare_copy(csv_path))
    rows = timed("parse", results, workers, lambda: parse(csv_path))
    result = timed(
        "report",
        results,
        workers,
        lambda: submit_wage_report(
            employer=employer, month=MONTH, rows=rows, actor=OPERATOR, today=TODAY
        ),
    )
    rows = []  # let the parsed rows go before posting
    for line in stage_log.lines:
        print(f"      {line}")
    invoice = result.invoice
    timed(
        "pay",
        results,
        1,
        lambda: record_payment(
            invoice=invoice,
            bank_reference="BENCH-1",
            amount=invoice.amount,
            paid_on=PAID_ON,
            actor=OPERATOR,
            today=TODAY,
        ),
    )
    timed("post", results, workers, lambda: post_settled_invoices())
    copy_seconds = results[0][2]
    pipeline = sum(r[2] for r in results[1:])
    without_parse = sum(r[2] for r in results[2:])
    print(
        f"  pipeline {pipeline:.2f} s = {pipeline / copy_seconds:.2f}x the bare COPY "
        f"({without_parse / copy_seconds:.2f}x without parsing the file); "
        f"peak memory {peak_mb():,.0f} MB"
    )

    print("yearly return:")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ledger_jht_account")
        cursor.execute("VACUUM ANALYZE ledger_jht_entry")
    with transaction.atomic():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("UPDATE ledger_jht_account SET balance = balance + 1")
            touched = cursor.rowcount
        update_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(f"  update     {update_seconds:8.2f} s  {touched / update_seconds:>12,.0f} rows/s")
    started = time.perf_counter()
    declared = credit_return(year=2025, rate_percent=Decimal("5.63"), actor=OPERATOR, today=TODAY)
    return_seconds = time.perf_counter() - started
    print(
        f"  return     {return_seconds:8.2f} s  "
        f"{declared.accounts_credited / return_seconds:>12,.0f} accounts/s; "
        f"{return_seconds / update_seconds:.2f}x the UPDATE; Rp{declared.total_credited:,} credited"
    )
    print(
        json.dumps(
            {
                "workers": workers,
                "stages": {label: round(seconds, 3) for label, _, seconds, _ in results},
                "pipeline_over_copy": round(pipeline / copy_seconds, 2),
                "peak_mb": round(peak_mb()),
                "update_seconds": round(update_seconds, 3),
                "return_seconds": round(return_seconds, 3),
                "return_over_update": round(return_seconds / update_seconds, 2),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)

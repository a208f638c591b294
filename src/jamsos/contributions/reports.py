"""Monthly wage reports: validate every row, then apply all of them or none.

`submit_wage_report` takes rows already parsed from a file or a form (parsing belongs
to the channel) and either refuses the report with one problem per bad row, applying
nothing, or in one transaction stores the report, computes one contribution line per
worker and issues the invoice for the month.

The checks that need no database (NIK format, wage, duplicate rows, the wage floor) run
in Python row by row. The rest is set-based, whatever the size of the report: the rows
go into a temporary table (COPY on PostgreSQL), one join finds each row's participant
and employment, and one INSERT ... SELECT computes every share with the calculator's
own rates (see jamsos.contributions.plan). A report of any size costs the same handful
of queries.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamsos.audit.services import record_event
from jamsos.contributions import errors
from jamsos.contributions.bulk import TableWriter, drop_temp_table, has_program_sql, is_postgresql
from jamsos.contributions.models import ContributionLine, Invoice, WageReport
from jamsos.contributions.plan import MAX_WAGE, ContributionPlan, contribution_plan
from jamsos.identity import normalise_name, validate_nik
from jamsos.ops.errors import ErrorSpec, JamsosError
from jamsos.programs.contributions import check_month, check_wage, due_date, parse_wage, rupiah
from jamsos.programs.parameters import PARAMETER_NOT_IN_FORCE, Amount, reported_wage_floor
from jamsos.registry.models import Employer
from jamsos.registry.personal_data import nik_index
from jamsos.registry.services import Actor

logger = logging.getLogger(__name__)
STAGING = "wage_report_staging"
MATCHED = "wage_report_matched"
# Above this many rows the temporary tables get planner statistics (PostgreSQL).
ANALYZE_FROM_ROWS = 5000
MAX_PROBLEMS = 10_000
MAX_NAME = 100  # the length of Participant.name_key


@dataclass(frozen=True)
class WageRow:
    """One row of a wage report as the channel parsed it.

    `row` is the row number the employer sees in their file or form. `wage` may still be
    the text typed (digits only); `name` is optional and only compared, never applied.
    """

    row: int
    nik: str
    wage: int | str
    name: str = ""


@dataclass(frozen=True)
class RowProblem:
    """An error or warning about one row, in the shared error vocabulary."""

    row: int
    code: str
    field: str | None
    message_id: str
    message_en: str

    @classmethod
    def of(cls, row: int, error: JamsosError) -> RowProblem:
        return cls(row, error.code, error.field, error.message("id"), error.message("en"))

    @classmethod
    def make(cls, row: int, spec: ErrorSpec, field: str, **params: Any) -> RowProblem:
        return cls.of(row, JamsosError(spec, field=field, **params))

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "code": self.code,
            "field": self.field,
            "message": {"id": self.message_id, "en": self.message_en},
        }


class WageReportRejected(JamsosError):
    """The report has bad rows; nothing was applied.

    `problems` lists them by row, at most MAX_PROBLEMS of them (a file of the wrong
    company can make every one of a million rows wrong); `total` counts them all.
    """

    def __init__(self, problems: list[RowProblem], total: int | None = None) -> None:
        self.total = len(problems) if total is None else total
        super().__init__(errors.WAGE_REPORT_REJECTED, count=self.total)
        self.problems = sorted(problems, key=lambda p: p.row)


class _Problems:
    """Row problems, counted all, kept up to a limit."""

    def __init__(self, limit: int) -> None:
        self.items: list[RowProblem] = []
        self.count = 0
        self.limit = limit

    def add(self, problem: RowProblem) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(problem)


@dataclass
class WageReportResult:
    report: WageReport
    invoice: Invoice
    # Accepted rows worth a second look (a name that differs from the registry).
    warnings: list[RowProblem] = field(default_factory=list)


def month_label(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def open_months(employer: Employer, *, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last contribution month this employer may report today."""
    return employer.registered_on.replace(day=1), today.replace(day=1)


def _check_month_open(employer: Employer, month: dt.date, today: dt.date) -> None:
    first, last = open_months(employer, today=today)
    if not first <= month <= last:
        raise JamsosError(
            errors.WAGE_REPORT_MONTH_NOT_OPEN,
            field="month",
            month=month_label(month),
            first=month_label(first),
            last=month_label(last),
        )


def _check_not_reported(employer: Employer, month: dt.date) -> None:
    existing = (
        WageReport.objects.filter(employer=employer, month=month).select_related("invoice").first()
    )
    if existing is not None:
        raise JamsosError(
            errors.WAGE_REPORT_ALREADY_REPORTED,
            field="month",
            month=month_label(month),
            submitted=timezone.localtime(existing.submitted_at).strftime("%d/%m/%Y"),
            invoice=existing.invoice.number,
        )


def _wage_floor(month: dt.date) -> Amount | None:
    """The lowest reportable wage for `month`, or None for months before any floor was set."""
    try:
        return reported_wage_floor(month).default
    except JamsosError as error:
        if error.spec is not PARAMETER_NOT_IN_FORCE:
            raise
        return None


@dataclass
class _Checked:
    staged: list[tuple[int, str, int, str]]
    problems: _Problems


def _check_rows(rows: Sequence[WageRow], month: dt.date) -> _Checked:
    """The checks that need no database, row by row."""
    floor = _wage_floor(month)
    staged: list[tuple[int, str, int, str]] = []
    problems = _Problems(MAX_PROBLEMS)
    first_row_of: dict[str, int] = {}
    name_key = lru_cache(maxsize=65_536)(normalise_name)  # payrolls repeat names
    for item in rows:
        try:
            nik = validate_nik(item.nik)
        except JamsosError as error:
            problems.add(RowProblem.of(item.row, error))
            nik = None
        try:
            wage = parse_wage(item.wage) if isinstance(item.wage, str) else check_wage(item.wage)
        except JamsosError as error:
            problems.add(RowProblem.of(item.row, error))
            wage = None
        if nik is not None:
            first = first_row_of.setdefault(nik, item.row)
            if first != item.row:
                problems.add(
                    RowProblem.make(item.row, errors.WAGE_ROW_DUPLICATE, "nik", first_row=first)
                )
                continue
        if wage is not None and floor is not None and wage < floor.value:
            problems.add(
                RowProblem.make(
                    item.row,
                    errors.WAGE_ROW_BELOW_FLOOR,
                    "wage",
                    wage=rupiah(wage),
                    month=month_label(month),
                    floor=rupiah(floor.value),
                    regulation=floor.regulation,
                )
            )
        elif wage is not None and wage > MAX_WAGE:
            problems.add(
                RowProblem.make(
                    item.row,
                    errors.WAGE_ROW_TOO_HIGH,
                    "wage",
                    wage=rupiah(wage),
                    limit=rupiah(MAX_WAGE),
                )
            )
        elif nik is not None and wage is not None:
            # Only compared with the registered name; a key longer than any stored one
            # differs anyway.
            name = item.name.strip()[:MAX_NAME]
            key = name_key(name)[:MAX_NAME] if name else ""
            staged.append((item.row, nik_index(nik), wage, key))
    return _Checked(staged, problems)


def _stage(cursor: Any, staged: list[tuple[int, str, int, str]]) -> None:
    drop_temp_table(cursor, STAGING)
    drop_temp_table(cursor, MATCHED)
    cursor.execute(
        f"CREATE TEMP TABLE {STAGING} (row_no integer NOT NULL, nik_index varchar(64) NOT NULL, "
        "wage bigint NOT NULL, name_key varchar(100) NOT NULL)"
    )
    TableWriter(STAGING, ["row_no", "nik_index", "wage", "name_key"]).write(staged)
    if is_postgresql() and len(staged) >= ANALYZE_FROM_ROWS:
        cursor.execute(f"ANALYZE {STAGING}")


def _match(cursor: Any, employer: Employer, month: dt.date, month_end: dt.date) -> None:
    """Each staged row with its participant and its employment here in `month`, if any."""
    cursor.execute(
        f"CREATE TEMP TABLE {MATCHED} AS "  # noqa: S608 (names are constants)
        "SELECT s.row_no, s.wage, p.id AS participant_id, "
        "  (SELECT MAX(e.id) FROM registry_employment e "
        "   WHERE e.participant_id = p.id AND e.employer_id = %s AND e.start_date <= %s "
        "   AND (e.end_date IS NULL OR e.end_date >= %s)) AS employment_id, "
        "  CASE WHEN s.name_key <> '' AND s.name_key <> p.name_key THEN 1 ELSE 0 END "
        "    AS name_differs "
        f"FROM {STAGING} s LEFT JOIN registry_participant p ON p.nik_index = s.nik_index",
        [employer.pk, month_end, month],
    )
    if is_postgresql():
        cursor.execute(f"ANALYZE {MATCHED}")


def _not_enrolled(cursor: Any, month: dt.date, problems: _Problems) -> None:
    cursor.execute(f"SELECT COUNT(*) FROM {MATCHED} WHERE employment_id IS NULL")  # noqa: S608
    (count,) = cursor.fetchone()
    if not count:
        return
    room = max(problems.limit - len(problems.items), 0)
    cursor.execute(
        f"SELECT row_no FROM {MATCHED} WHERE employment_id IS NULL "  # noqa: S608
        "ORDER BY row_no LIMIT %s",
        [room],
    )
    for (row,) in cursor.fetchall():
        problems.add(
            RowProblem.make(row, errors.WAGE_ROW_NOT_ENROLLED, "nik", month=month_label(month))
        )
    problems.count += count - min(count, room)


def _insert_lines(cursor: Any, invoice: Invoice, plan: ContributionPlan) -> int:
    has_jht = has_program_sql("e.programs", "JHT")
    has_jp = has_program_sql("e.programs", "JP")
    shares = {s.column: s.sql("m.wage") for s in plan.shares}
    jp_base = f"CASE WHEN m.wage > {plan.jp_cap} THEN {plan.jp_cap} ELSE m.wage END"
    columns = ["jkk", "jkm", "jht_employer", "jht_worker", "jp_employer", "jp_worker"]
    computed = [
        f"{shares['jkk']} AS jkk",
        f"{shares['jkm']} AS jkm",
        f"CASE WHEN {has_jht} THEN {shares['jht_employer']} ELSE 0 END AS jht_employer",
        f"CASE WHEN {has_jht} THEN {shares['jht_worker']} ELSE 0 END AS jht_worker",
        f"CASE WHEN {has_jp} THEN {shares['jp_employer']} ELSE 0 END AS jp_employer",
        f"CASE WHEN {has_jp} THEN {shares['jp_worker']} ELSE 0 END AS jp_worker",
        f"CASE WHEN {has_jp} THEN {jp_base} ELSE 0 END AS jp_base",
    ]
    cursor.execute(
        f"INSERT INTO {ContributionLine._meta.db_table} (invoice_id, participant_id, "  # noqa: S608
        f"employment_id, month, row_number, wage, jp_base, {', '.join(columns)}, total) "
        f"SELECT %s, participant_id, employment_id, %s, row_no, wage, jp_base, "
        f"{', '.join(columns)}, {' + '.join(columns)} FROM ("
        f"SELECT m.participant_id, m.employment_id, m.row_no, m.wage, {', '.join(computed)} "
        f"FROM {MATCHED} m JOIN registry_employment e ON e.id = m.employment_id) x",
        [invoice.pk, invoice.month],
    )
    return cursor.rowcount


def _totals(cursor: Any, invoice: Invoice) -> None:
    cursor.execute(
        "SELECT COUNT(*), COALESCE(SUM(jkk + jkm + jht_employer + jp_employer), 0), "  # noqa: S608
        f"COALESCE(SUM(jht_worker + jp_worker), 0) FROM {ContributionLine._meta.db_table} "
        "WHERE invoice_id = %s",
        [invoice.pk],
    )
    count, employer_amount, worker_amount = cursor.fetchone()
    invoice.worker_count = count
    invoice.employer_amount = int(employer_amount)
    invoice.worker_amount = int(worker_amount)
    invoice.amount = invoice.employer_amount + invoice.worker_amount
    invoice.save(update_fields=["worker_count", "employer_amount", "worker_amount", "amount"])


def _log_stage(stage: str, rows: int, started: float) -> float:
    """Log how long a stage of a wage report took; returns the time it ended."""
    now = time.perf_counter()
    logger.debug("wage report stage %s: %d rows in %.3f s", stage, rows, now - started)
    return now


def invoice_number(employer: Employer, month: dt.date) -> str:
    return f"{employer.npp}-{month:%Y%m}"


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def submit_wage_report(
    *,
    employer: Employer,
    month: dt.date,
    rows: Sequence[WageRow],
    actor: Actor,
    jkk_relief_eligible: bool = False,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> WageReportResult:
    """Apply a month's wage report and issue its invoice, or refuse it whole.

    Refusals: `JamsosError` for the report as a whole (month not open, already reported,
    no rows); `WageReportRejected` with one `RowProblem` per bad row (NIK invalid or not
    enrolled here in that month, wage invalid or below the floor, duplicate row). A
    refusal applies nothing and is audited.

    `jkk_relief_eligible`: an officer has found the employer eligible for a JKK relief;
    the relief rate is used only in months when one is in force.
    """
    month = check_month(month)
    today = today or timezone.localdate()
    _check_month_open(employer, month, today)
    _check_not_reported(employer, month)
    if not rows:
        raise JamsosError(errors.WAGE_REPORT_EMPTY, field="rows")
    plan = contribution_plan(
        risk_class=employer.risk_class, month=month, relief_eligible=jkk_relief_eligible
    )
    started = time.perf_counter()
    checked = _check_rows(rows, month)
    _log_stage("checked", len(rows), started)
    try:
        with transaction.atomic():
            result = _apply(employer, month, checked, plan, actor, request)
    except WageReportRejected as rejected:
        record_event(
            actor=actor.user,  # type: ignore[arg-type]
            actor_role=actor.role,
            channel=actor.channel,
            action="wage_report.submit",
            outcome="error",
            request=request,
            details={
                "employer_npp": employer.npp,
                "month": f"{month:%Y-%m}",
                "rows": len(rows),
                "rows_in_error": rejected.total,
            },
        )
        raise
    return result


def _apply(
    employer: Employer,
    month: dt.date,
    checked: _Checked,
    plan: ContributionPlan,
    actor: Actor,
    request: HttpRequest | None,
) -> WageReportResult:
    # One report at a time per employer: the second waits here, then finds the first.
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    _check_not_reported(employer, month)  # again, under the lock
    with connection.cursor() as cursor:
        started = time.perf_counter()
        _stage(cursor, checked.staged)
        started = _log_stage("staged", len(checked.staged), started)
        _match(cursor, employer, month, _month_end(month))
        problems = checked.problems
        _not_enrolled(cursor, month, problems)
        started = _log_stage("matched", len(checked.staged), started)
        if problems.count:
            raise WageReportRejected(problems.items, problems.count)
        cursor.execute(f"SELECT row_no FROM {MATCHED} WHERE name_differs = 1")  # noqa: S608
        warnings = [
            RowProblem.make(row, errors.WAGE_ROW_NAME_DIFFERS, "name")
            for (row,) in cursor.fetchall()
        ]
        wage_total = sum(row[2] for row in checked.staged)
        user = actor.user if getattr(actor.user, "is_authenticated", False) else None
        report = WageReport.objects.create(
            employer=employer,
            month=month,
            row_count=len(checked.staged),
            wage_total=wage_total,
            submitted_by=user,
            channel=actor.channel,
        )
        invoice = Invoice.objects.create(
            number=invoice_number(employer, month),
            employer=employer,
            month=month,
            wage_report=report,
            due_date=due_date(month),
            worker_count=0,
            employer_amount=0,
            worker_amount=0,
            amount=0,
            rates=plan.as_json(),
            relief_applied=plan.relief_applied,
        )
        inserted = _insert_lines(cursor, invoice, plan)
        assert inserted == len(checked.staged), (inserted, len(checked.staged))
        started = _log_stage("computed", inserted, started)
        _totals(cursor, invoice)
        _log_stage("invoiced", inserted, started)
        drop_temp_table(cursor, STAGING)
        drop_temp_table(cursor, MATCHED)
    record_event(
        actor=actor.user,  # type: ignore[arg-type]
        actor_role=actor.role,
        channel=actor.channel,
        action="wage_report.submit",
        outcome="success",
        request=request,
        details={
            "employer_npp": employer.npp,
            "month": f"{month:%Y-%m}",
            "invoice": invoice.number,
            "rows": report.row_count,
            "amount": invoice.amount,
        },
    )
    report.invoice = invoice
    return WageReportResult(report=report, invoice=invoice, warnings=warnings)

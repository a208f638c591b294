import datetime as dt

import pytest

from jamsos.audit.models import AuditEvent
from jamsos.contributions.models import ContributionLine, Invoice, WageReport
from jamsos.contributions.services import WageReportRejected, WageRow, submit_wage_report
from jamsos.ops.errors import JamsosError
from jamsos.programs.contributions import compute_contribution, due_date
from tests.contributions.support import JUNE, TODAY, hire, report, rows_for
from tests.factories import SYSTEM, make_employer, make_nik
from tests.registry.test_enrolment import run_at_once

pytestmark = pytest.mark.django_db


def _expected(line: ContributionLine, risk_class: int) -> dict[str, int]:
    breakdown = compute_contribution(wage=line.wage, risk_class=risk_class, month=line.month)
    return {f"{p.program}/{p.party}": p.amount for p in breakdown.lines}


def _actual(line: ContributionLine) -> dict[str, int]:
    return {
        "JKK/employer": line.jkk,
        "JKM/employer": line.jkm,
        "JHT/employer": line.jht_employer,
        "JHT/worker": line.jht_worker,
        "JP/employer": line.jp_employer,
        "JP/worker": line.jp_worker,
    }


def test_each_worker_is_invoiced_exactly_what_the_calculator_computes():
    employer = make_employer(risk_class=3)
    wages = [2_000_000, 5_000_000, 10_547_400, 15_000_000, 60_000_000]
    workers = [hire(employer, wage) for wage in wages]

    result = report(employer, workers, month=dt.date(2025, 6, 1))

    invoice = result.invoice
    lines = list(invoice.lines.order_by("row_number"))
    assert [line.wage for line in lines] == wages
    for line in lines:
        assert _actual(line) == _expected(line, 3)
        assert line.total == sum(_expected(line, 3).values())
    assert invoice.amount == sum(line.total for line in lines)
    assert invoice.employer_amount == sum(line.employer_total for line in lines)
    assert invoice.worker_amount == sum(line.worker_total for line in lines)
    assert invoice.worker_count == 5
    assert invoice.due_date == due_date(dt.date(2025, 6, 1))
    assert invoice.number == f"{employer.npp}-202506"


def test_worked_example_b_from_the_domain_reference():
    employer = make_employer(risk_class=3)
    worker = hire(employer, 15_000_000)

    line = report(employer, [worker], month=dt.date(2025, 6, 1)).invoice.lines.get()

    assert (line.jkk, line.jkm, line.jht_employer, line.jht_worker) == (
        133_500,
        45_000,
        555_000,
        300_000,
    )
    assert (line.jp_employer, line.jp_worker, line.jp_base) == (210_948, 105_474, 10_547_400)
    assert line.employer_total == 944_448 and line.worker_total == 405_474


def test_a_worker_outside_jht_and_jp_pays_neither():
    employer = make_employer()
    worker = hire(employer, 5_000_000, programs=["JKK", "JKM"])

    line = report(employer, [worker]).invoice.lines.get()

    assert line.jkk > 0 and line.jkm > 0
    assert (line.jht_employer, line.jht_worker, line.jp_employer, line.jp_worker) == (0, 0, 0, 0)
    assert line.jp_base == 0


def test_an_eligible_employer_pays_the_relief_jkk_rate_only_in_relief_months():
    employer = make_employer(risk_class=5, sector="textile")
    worker = hire(employer, 10_000_000)

    in_relief = report(employer, [worker], month=dt.date(2025, 6, 1), jkk_relief_eligible=True)
    after = report(employer, [worker], month=dt.date(2026, 2, 1), jkk_relief_eligible=True)

    assert in_relief.invoice.relief_applied
    assert in_relief.invoice.lines.get().jkk == 87_000  # 0.87% instead of 1.74%
    assert not after.invoice.relief_applied
    assert after.invoice.lines.get().jkk == 174_000


def test_a_report_with_bad_rows_is_refused_whole_with_a_code_per_row():
    employer = make_employer()
    good = hire(employer)
    elsewhere = hire(make_employer())
    rows = [
        WageRow(row=2, nik=good.participant.nik, wage="5000000"),
        WageRow(row=3, nik=make_nik(), wage=5_000_000),  # nobody
        WageRow(row=4, nik=elsewhere.participant.nik, wage=5_000_000),  # another employer's
        WageRow(row=5, nik=good.participant.nik, wage=5_000_000),  # duplicate of row 2
        WageRow(row=6, nik="1234", wage=5_000_000),
        WageRow(row=7, nik=make_nik(), wage="5.000.000"),
        WageRow(row=8, nik=make_nik(), wage=1_500_000),
    ]

    with pytest.raises(WageReportRejected) as refused:
        submit_wage_report(employer=employer, month=JUNE, rows=rows, actor=SYSTEM, today=TODAY)

    codes = [(p.row, p.code) for p in refused.value.problems]
    assert codes == [
        (3, "WAGE_ROW_NOT_ENROLLED"),
        (4, "WAGE_ROW_NOT_ENROLLED"),
        (5, "WAGE_ROW_DUPLICATE"),
        (6, "NIK_LENGTH"),
        (7, "CONTRIBUTION_WAGE_INVALID"),
        (8, "WAGE_ROW_BELOW_FLOOR"),
    ]
    assert refused.value.code == "WAGE_REPORT_REJECTED"
    assert "row 2" in refused.value.problems[2].message_en
    assert "Rp1.968.169" in refused.value.problems[-1].message_id
    assert (WageReport.objects.count(), Invoice.objects.count()) == (0, 0)
    assert ContributionLine.objects.count() == 0
    event = AuditEvent.objects.get(action="wage_report.submit")
    assert event.outcome == "error" and event.details["rows_in_error"] == 6


def test_the_same_month_cannot_be_reported_twice():
    employer = make_employer()
    worker = hire(employer)
    first = report(employer, [worker])

    with pytest.raises(JamsosError) as refused:
        report(employer, [worker])

    assert refused.value.code == "WAGE_REPORT_ALREADY_REPORTED"
    assert first.invoice.number in refused.value.message("en")
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize("month", [dt.date(2026, 12, 1), dt.date(2019, 12, 1)])
def test_a_month_in_the_future_or_before_registration_is_not_open(month):
    employer = make_employer(registered_on=dt.date(2020, 1, 1))
    worker = hire(employer)

    with pytest.raises(JamsosError) as refused:
        report(employer, [worker], month=month)

    assert refused.value.code == "WAGE_REPORT_MONTH_NOT_OPEN"
    assert "01/2020" in refused.value.message("en") and "11/2026" in refused.value.message("en")


def test_an_empty_report_is_refused():
    with pytest.raises(JamsosError) as refused:
        submit_wage_report(employer=make_employer(), month=JUNE, rows=[], actor=SYSTEM, today=TODAY)
    assert refused.value.code == "WAGE_REPORT_EMPTY"


def test_a_worker_counts_in_the_months_the_employment_overlaps():
    employer = make_employer()
    started_mid_june = hire(employer, start_date=dt.date(2026, 6, 20))
    left_in_may = hire(employer, start_date=dt.date(2025, 1, 2))
    left_in_may.end_date, left_in_may.end_reason = dt.date(2026, 5, 31), "resigned"
    left_in_may.save(update_fields=["end_date", "end_reason"])

    assert report(employer, [started_mid_june]).invoice.worker_count == 1
    with pytest.raises(WageReportRejected) as refused:
        report(employer, [left_in_may], month=dt.date(2026, 7, 1))
    assert [p.code for p in refused.value.problems] == ["WAGE_ROW_NOT_ENROLLED"]


def test_a_name_that_differs_from_the_registry_is_accepted_with_a_warning():
    employer = make_employer()
    worker = hire(employer)
    rows = [
        WageRow(row=2, nik=worker.participant.nik, wage=5_000_000, name="Siti Aminah"),
    ]

    result = submit_wage_report(employer=employer, month=JUNE, rows=rows, actor=SYSTEM, today=TODAY)

    assert [(w.row, w.code) for w in result.warnings] == [(2, "WAGE_ROW_NAME_DIFFERS")]
    assert result.invoice.worker_count == 1


def test_a_title_or_capitals_in_the_name_are_no_difference():
    employer = make_employer()
    worker = hire(employer)
    rows = [WageRow(row=2, nik=worker.participant.nik, wage=5_000_000, name="BUDI SANTOSO, S.E.")]

    result = submit_wage_report(employer=employer, month=JUNE, rows=rows, actor=SYSTEM, today=TODAY)

    assert result.warnings == []


def test_an_applied_report_is_audited_with_its_invoice():
    employer = make_employer()
    result = report(employer, [hire(employer)])

    event = AuditEvent.objects.get(action="wage_report.submit")
    assert event.outcome == "success"
    assert event.details["invoice"] == result.invoice.number
    assert event.details["amount"] == result.invoice.amount


def test_a_report_costs_the_same_few_queries_whatever_its_size(
    django_assert_max_num_queries,
):
    employer = make_employer()
    workers = [hire(employer) for _ in range(30)]

    with django_assert_max_num_queries(25):
        big = report(employer, workers)
    with django_assert_max_num_queries(25):
        small = report(employer, workers[:2], month=dt.date(2026, 7, 1))

    assert (big.invoice.worker_count, small.invoice.worker_count) == (30, 2)


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_reports_of_one_month_sent_at_once_apply_once():
    employer = make_employer()
    workers = [hire(employer) for _ in range(3)]
    rows = rows_for(workers)

    def send(_):
        return submit_wage_report(
            employer=employer, month=JUNE, rows=rows, actor=SYSTEM, today=TODAY
        )

    outcomes = run_at_once(send, [1, 2, 3])

    refused = [o for o in outcomes if isinstance(o, JamsosError)]
    assert len(refused) == 2, outcomes
    assert {o.code for o in refused} == {"WAGE_REPORT_ALREADY_REPORTED"}
    assert ContributionLine.objects.count() == 3


def test_a_month_before_any_reporting_floor_takes_any_positive_wage():
    employer = make_employer()
    worker = hire(employer, 1_500_000, start_date=dt.date(2020, 3, 2))

    result = report(employer, [worker], month=dt.date(2022, 6, 1))

    assert result.invoice.lines.get().wage == 1_500_000


def test_a_report_wrong_in_every_row_lists_the_first_problems_and_counts_them_all(
    monkeypatch,
):
    monkeypatch.setattr("jamsos.contributions.reports.MAX_PROBLEMS", 3)
    employer = make_employer()
    rows = [WageRow(row=2, nik="12", wage=5_000_000)]
    rows += [WageRow(row=n, nik=make_nik(), wage=5_000_000) for n in range(3, 8)]

    with pytest.raises(WageReportRejected) as refused:
        submit_wage_report(employer=employer, month=JUNE, rows=rows, actor=SYSTEM, today=TODAY)

    assert refused.value.total == 6
    assert [p.row for p in refused.value.problems] == [2, 3, 4]
    assert "6 row(s)" in refused.value.message("en")


def test_an_absurdly_long_name_is_only_a_warning():
    employer = make_employer()
    worker = hire(employer)
    rows = [WageRow(row=2, nik=worker.participant.nik, wage=5_000_000, name="Budi " * 500)]

    result = submit_wage_report(employer=employer, month=JUNE, rows=rows, actor=SYSTEM, today=TODAY)

    assert [w.code for w in result.warnings] == ["WAGE_ROW_NAME_DIFFERS"]

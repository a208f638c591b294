"""Programme parameters in force on a date, each with the regulation it comes from.

The values live in `data/parameters.json`, not in code: rates, caps and reliefs change by
regulation, and several values are uncertain and must stay editable. The file is read and
validated once per process; every accessor is a pure function of the date it is given.

Dates: each parameter is a list of entries valid over an inclusive `from`..`to` range. A
contribution-month parameter for month M uses the entry whose range holds the first day
of M (so a regulation that takes effect on the 7th applies from the next month). A
parameter with `applies_by: event_date` (benefits) is looked up on the date of the event.
All look-ups go through `ParameterSet.in_force`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from jamsos.ops.errors import JamsosError, define_error

PARAMETER_NOT_IN_FORCE = define_error(
    "PARAMETER_NOT_IN_FORCE",
    id=(
        "Parameter program '{parameter}' tidak berlaku untuk {month}. Data parameter ini "
        "tersedia untuk periode {coverage}. Pilih bulan dalam rentang itu, atau minta pengelola "
        "program menambahkan peraturan yang berlaku."
    ),
    en=(
        "The programme parameter '{parameter}' is not in force for {month}. It is recorded "
        "for the period {coverage}. Choose a month in that range, or ask the programme "
        "administrator to add the regulation that applies."
    ),
    http_status=422,
)
CONTRIBUTION_RISK_CLASS_INVALID = define_error(
    "CONTRIBUTION_RISK_CLASS_INVALID",
    id=(
        "Kelas risiko JKK harus bilangan bulat 1 sampai 5 (1 = sangat rendah, 5 = sangat "
        "tinggi); diterima: {value}. Lihat kelas risiko pada data pemberi kerja."
    ),
    en=(
        "The JKK risk class must be a whole number from 1 to 5 (1 = very low, 5 = very "
        "high); got: {value}. Look up the risk class in the employer's record."
    ),
)

RISK_CLASSES = (1, 2, 3, 4, 5)
UNITS = frozenset(
    {"percent", "rupiah", "months", "years", "count", "day_of_month", "year_month", "text_list"}
)
CONFIDENCE_LEVELS = frozenset({"high", "medium", "low", "policy"})
APPLIES_BY = frozenset({"contribution_month", "event_date"})
_ENTRY_KEYS = frozenset({"from", "to", "value", "regulation", "confidence", "note"})
_REQUIRED_ENTRY_KEYS = frozenset({"from", "to", "value", "regulation", "confidence"})
_PARAMETER_KEYS = frozenset({"unit", "applies_by", "description", "entries"})
_YEAR_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _required_parameters() -> dict[str, str]:
    """Every parameter the code reads, with its unit. The loader refuses a file without them."""
    required = {}
    for k in RISK_CLASSES:
        required[f"pu.jkk.employer.risk_class_{k}"] = "percent"
        required[f"pu.jkk.relief_employer.risk_class_{k}"] = "percent"
    required.update(
        {
            "pu.jkk.relief.min_active_workers": "count",
            "pu.jkk.relief.sectors": "text_list",
            "pu.jkk.relief.jkk_paid_up_to": "year_month",
            "pu.jkm.employer": "percent",
            "pu.jht.employer": "percent",
            "pu.jht.worker": "percent",
            "pu.jp.employer": "percent",
            "pu.jp.worker": "percent",
            "pu.jp.wage_cap": "rupiah",
            "pu.jkp.total": "percent",
            "pu.jkp.government": "percent",
            "pu.jkp.from_jkk": "percent",
            "pu.jkp.from_jkm": "percent",
            "pu.jkp.employer_extra": "percent",
            "pu.jkp.worker_extra": "percent",
            "pu.jkp.wage_cap": "rupiah",
            "pu.wage.reported_floor": "rupiah",
            "pu.wage.reported_floor_with_approval": "rupiah",
            "payment.pu.due_day_of_following_month": "day_of_month",
            "payment.late_fine_per_month": "percent",
            "registry.inactive_after_unpaid_months": "months",
        }
    )
    return required


REQUIRED_PARAMETERS = _required_parameters()


class ParameterFileError(ValueError):
    """The parameter file is malformed. A deployment error, never shown to a member."""


# --- Values handed to callers ---------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A rate in percent of a wage base, with its legal basis."""

    percent: Decimal
    regulation: str
    confidence: str


@dataclass(frozen=True)
class Amount:
    """A whole-rupiah amount, with its legal basis."""

    value: int
    regulation: str
    confidence: str


@dataclass(frozen=True)
class PuRates:
    """Wage-earner (PU) rates for one contribution month, without any relief."""

    month: dt.date
    jkk_by_risk_class: Mapping[int, Rate]
    jkm_employer: Rate
    jht_employer: Rate
    jht_worker: Rate
    jp_employer: Rate
    jp_worker: Rate


@dataclass(frozen=True)
class JkkRelief:
    """A temporary JKK discount for eligible employers, in force for one contribution month."""

    month: dt.date
    rates_by_risk_class: Mapping[int, Rate]
    min_active_workers: int
    sectors: tuple[str, ...]
    jkk_paid_up_to: str
    regulation: str


@dataclass(frozen=True)
class JkpFunding:
    """How JKP is funded for one month. It adds nothing to the employer's or worker's bill."""

    month: dt.date
    total: Rate
    government: Rate
    from_jkk: Rate
    from_jkm: Rate
    employer_extra: Rate
    worker_extra: Rate
    wage_cap: Amount


@dataclass(frozen=True)
class PaymentRules:
    due_day_of_following_month: int
    late_fine_percent_per_month: Decimal
    regulation: str


@dataclass(frozen=True)
class WageFloor:
    """Lowest reportable wage; below `default` only with approval, never below `with_approval`."""

    default: Amount
    with_approval: Amount | None


# --- The validated file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    parameter: str
    start: dt.date
    end: dt.date | None
    value: Any
    regulation: str
    confidence: str
    note: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Parameter:
    name: str
    unit: str
    applies_by: str
    description: str
    entries: tuple[Entry, ...]


def contribution_month(month: dt.date) -> dt.date:
    """The first day of the month that `month` falls in."""
    return dt.date(month.year, month.month, 1)


_ONE_DAY = dt.timedelta(days=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _coverage(parameter: Parameter) -> str:
    """Where a parameter is recorded, as language-neutral ranges: "2025-02 – 2026-01", "≥ 2015-07".

    Adjacent entries are merged. For a contribution-month parameter the months are those
    whose first day is covered.
    """
    spans: list[list[dt.date | None]] = []
    for entry in parameter.entries:
        if spans and spans[-1][1] is not None and entry.start == spans[-1][1] + _ONE_DAY:
            spans[-1][1] = entry.end
        else:
            spans.append([entry.start, entry.end])
    by_month = parameter.applies_by == "contribution_month"
    texts = []
    for start, end in spans:
        assert start is not None
        if by_month:
            first = start if start.day == 1 else _next_month(start)
            begin = f"{first:%Y-%m}"
            finish = None if end is None else f"{end:%Y-%m}"
        else:
            begin, finish = start.isoformat(), None if end is None else end.isoformat()
        texts.append(f"≥ {begin}" if finish is None else f"{begin} – {finish}")
    return "; ".join(texts)


class ParameterSet:
    """Validated parameters with typed, pure accessors. Build one with `validate()`."""

    def __init__(self, parameters: Mapping[str, Parameter]) -> None:
        self._parameters = dict(parameters)

    def names(self) -> list[str]:
        return sorted(self._parameters)

    def parameter(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterFileError(f"unknown parameter {name!r}") from None

    # The one effective-dated look-up.
    def find(self, name: str, on: dt.date) -> Entry | None:
        """The entry of `name` in force on `on` (a contribution month is first normalised)."""
        parameter = self.parameter(name)
        day = contribution_month(on) if parameter.applies_by == "contribution_month" else on
        return next((entry for entry in parameter.entries if entry.covers(day)), None)

    def in_force(self, name: str, on: dt.date) -> Entry:
        entry = self.find(name, on)
        if entry is not None:
            return entry
        parameter = self.parameter(name)
        by_month = parameter.applies_by == "contribution_month"
        raise JamsosError(
            PARAMETER_NOT_IN_FORCE,
            field="month" if by_month else "date",
            parameter=name,
            month=f"{on:%Y-%m}" if by_month else on.isoformat(),
            coverage=_coverage(parameter),
        )

    def _rate(self, name: str, on: dt.date) -> Rate:
        entry = self.in_force(name, on)
        return Rate(Decimal(entry.value), entry.regulation, entry.confidence)

    def _amount(self, name: str, on: dt.date) -> Amount:
        entry = self.in_force(name, on)
        return Amount(entry.value, entry.regulation, entry.confidence)

    # Typed accessors.
    def rates_for(self, month: dt.date) -> PuRates:
        return PuRates(
            month=contribution_month(month),
            jkk_by_risk_class={
                k: self._rate(f"pu.jkk.employer.risk_class_{k}", month) for k in RISK_CLASSES
            },
            jkm_employer=self._rate("pu.jkm.employer", month),
            jht_employer=self._rate("pu.jht.employer", month),
            jht_worker=self._rate("pu.jht.worker", month),
            jp_employer=self._rate("pu.jp.employer", month),
            jp_worker=self._rate("pu.jp.worker", month),
        )

    def jkk_relief(self, month: dt.date) -> JkkRelief | None:
        """The JKK relief in force for `month`, or None outside every relief period."""
        if self.find("pu.jkk.relief_employer.risk_class_1", month) is None:
            return None
        rates = {
            k: self._rate(f"pu.jkk.relief_employer.risk_class_{k}", month) for k in RISK_CLASSES
        }
        sectors = self.in_force("pu.jkk.relief.sectors", month)
        return JkkRelief(
            month=contribution_month(month),
            rates_by_risk_class=rates,
            min_active_workers=self.in_force("pu.jkk.relief.min_active_workers", month).value,
            sectors=tuple(sectors.value),
            jkk_paid_up_to=self.in_force("pu.jkk.relief.jkk_paid_up_to", month).value,
            regulation=sectors.regulation,
        )

    def jkk_rate(self, month: dt.date, risk_class: int, *, relief_eligible: bool = False) -> Rate:
        """The employer's JKK rate; the relief rate only if eligible and the month is covered."""
        check_risk_class(risk_class)
        if relief_eligible:
            relief = self.jkk_relief(month)
            if relief is not None:
                return relief.rates_by_risk_class[risk_class]
        return self._rate(f"pu.jkk.employer.risk_class_{risk_class}", month)

    def jp_wage_cap(self, month: dt.date) -> Amount:
        return self._amount("pu.jp.wage_cap", month)

    def jkp_funding(self, month: dt.date) -> JkpFunding | None:
        """JKP funding for `month`, or None for months before JKP existed."""
        if self.find("pu.jkp.total", month) is None:
            return None
        return JkpFunding(
            month=contribution_month(month),
            total=self._rate("pu.jkp.total", month),
            government=self._rate("pu.jkp.government", month),
            from_jkk=self._rate("pu.jkp.from_jkk", month),
            from_jkm=self._rate("pu.jkp.from_jkm", month),
            employer_extra=self._rate("pu.jkp.employer_extra", month),
            worker_extra=self._rate("pu.jkp.worker_extra", month),
            wage_cap=self._amount("pu.jkp.wage_cap", month),
        )

    def payment_rules(self, month: dt.date) -> PaymentRules:
        due_day = self.in_force("payment.pu.due_day_of_following_month", month)
        fine = self.in_force("payment.late_fine_per_month", month)
        regulation = due_day.regulation
        if fine.regulation != regulation:
            regulation = f"{regulation}; {fine.regulation}"
        return PaymentRules(due_day.value, Decimal(fine.value), regulation)

    def reported_wage_floor(self, month: dt.date) -> WageFloor:
        with_approval = self.find("pu.wage.reported_floor_with_approval", month)
        return WageFloor(
            default=self._amount("pu.wage.reported_floor", month),
            with_approval=None
            if with_approval is None
            else Amount(with_approval.value, with_approval.regulation, with_approval.confidence),
        )

    def inactive_after_unpaid_months(self, month: dt.date) -> int:
        return self.in_force("registry.inactive_after_unpaid_months", month).value


def check_risk_class(risk_class: object) -> int:
    if isinstance(risk_class, bool) or not isinstance(risk_class, int):
        raise JamsosError(CONTRIBUTION_RISK_CLASS_INVALID, field="risk_class", value=risk_class)
    if risk_class not in RISK_CLASSES:
        raise JamsosError(CONTRIBUTION_RISK_CLASS_INVALID, field="risk_class", value=risk_class)
    return risk_class


# --- Validation -----------------------------------------------------------------------------


def _parse_date(text: object, where: str, key: str) -> dt.date:
    if not isinstance(text, str):
        raise ParameterFileError(f"{where}: '{key}' must be an ISO date string, got {text!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ParameterFileError(f"{where}: '{key}' is not an ISO date: {text!r}") from None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_value(unit: str, value: object, where: str) -> object:
    if unit == "percent":
        if not isinstance(value, str):
            raise ParameterFileError(
                f'{where}: a percent must be a decimal string such as "0.24", got {value!r}'
            )
        try:
            percent = Decimal(value)
        except InvalidOperation:
            raise ParameterFileError(f"{where}: {value!r} is not a decimal number") from None
        if not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
            raise ParameterFileError(f"{where}: a percent must lie in 0..100, got {value!r}")
        return value
    if unit == "rupiah":
        if not _is_int(value) or value < 0:
            raise ParameterFileError(
                f"{where}: money must be a non-negative whole number of rupiah, got {value!r}"
            )
        return value
    if unit in {"months", "years", "count"}:
        if not _is_int(value) or value < 0:
            raise ParameterFileError(f"{where}: {unit} must be a non-negative integer")
        return value
    if unit == "day_of_month":
        if not _is_int(value) or not 1 <= value <= 28:
            raise ParameterFileError(f"{where}: a day of month must be an integer 1..28")
        return value
    if unit == "year_month":
        if not isinstance(value, str) or not _YEAR_MONTH.match(value):
            raise ParameterFileError(f'{where}: expected "YYYY-MM", got {value!r}')
        return value
    # text_list
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(item, str) and item.strip() for item in value)
    ):
        raise ParameterFileError(f"{where}: expected a non-empty list of texts")
    return tuple(value)


def _entry(name: str, unit: str, index: int, raw: object) -> Entry:
    where = f"parameter {name!r}, entry {index}"
    if not isinstance(raw, dict):
        raise ParameterFileError(f"{where}: an entry must be an object")
    if "from" in raw and isinstance(raw["from"], str):
        where = f"{where} (from {raw['from']})"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise ParameterFileError(f"{where}: unknown keys {sorted(unknown)}")
    missing = _REQUIRED_ENTRY_KEYS - set(raw)
    if missing:
        raise ParameterFileError(f"{where}: missing {sorted(missing)}")
    regulation = raw["regulation"]
    if not isinstance(regulation, str) or not regulation.strip():
        raise ParameterFileError(f"{where}: missing regulation (every value needs its legal basis)")
    if raw["confidence"] not in CONFIDENCE_LEVELS:
        raise ParameterFileError(
            f"{where}: confidence must be one of {sorted(CONFIDENCE_LEVELS)}, "
            f"got {raw['confidence']!r}"
        )
    start = _parse_date(raw["from"], where, "from")
    end = None if raw["to"] is None else _parse_date(raw["to"], where, "to")
    if end is not None and end < start:
        raise ParameterFileError(f"{where}: 'to' {end} is before 'from' {start}")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise ParameterFileError(f"{where}: 'note' must be a text")
    value = _check_value(unit, raw["value"], where)
    return Entry(name, start, end, value, regulation.strip(), raw["confidence"], note)


def _parameter(name: str, raw: object) -> Parameter:
    if not isinstance(raw, dict):
        raise ParameterFileError(f"parameter {name!r}: must be an object")
    unknown = set(raw) - _PARAMETER_KEYS
    if unknown:
        raise ParameterFileError(f"parameter {name!r}: unknown keys {sorted(unknown)}")
    unit = raw.get("unit")
    if unit not in UNITS:
        raise ParameterFileError(f"parameter {name!r}: unit must be one of {sorted(UNITS)}")
    applies_by = raw.get("applies_by", "contribution_month")
    if applies_by not in APPLIES_BY:
        raise ParameterFileError(
            f"parameter {name!r}: applies_by must be one of {sorted(APPLIES_BY)}"
        )
    entries_raw = raw.get("entries")
    if not isinstance(entries_raw, list) or not entries_raw:
        raise ParameterFileError(f"parameter {name!r}: needs a non-empty list of entries")
    entries = sorted(
        (_entry(name, unit, i, item) for i, item in enumerate(entries_raw)),
        key=lambda entry: entry.start,
    )
    for earlier, later in itertools.pairwise(entries):
        if earlier.end is None or later.start <= earlier.end:
            raise ParameterFileError(
                f"parameter {name!r}: the entry from {later.start} overlaps the entry from "
                f"{earlier.start} (to {earlier.end or 'open'}); ranges of one parameter must "
                "not overlap"
            )
    return Parameter(name, unit, applies_by, str(raw.get("description", "")), tuple(entries))


def validate(data: object, *, required: Mapping[str, str] = REQUIRED_PARAMETERS) -> ParameterSet:
    """Check a parsed parameter file and build a `ParameterSet`; raise `ParameterFileError`."""
    if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
        raise ParameterFileError("the parameter file needs a 'parameters' object")
    parameters = {name: _parameter(name, raw) for name, raw in data["parameters"].items()}
    for name, unit in required.items():
        if name not in parameters:
            raise ParameterFileError(f"required parameter {name!r} is missing")
        if parameters[name].unit != unit:
            raise ParameterFileError(
                f"parameter {name!r}: unit must be {unit!r}, not {parameters[name].unit!r}"
            )
    return ParameterSet(parameters)


@lru_cache(maxsize=1)
def load() -> ParameterSet:
    """The project's parameter file, read and validated once per process."""
    text = resources.files("jamsos.programs").joinpath("data/parameters.json").read_text("utf-8")
    return validate(json.loads(text))


# --- Module-level accessors on the shipped file ----------------------------------------------


def rates_for(month: dt.date) -> PuRates:
    return load().rates_for(month)


def jkk_rate(month: dt.date, risk_class: int, *, relief_eligible: bool = False) -> Rate:
    return load().jkk_rate(month, risk_class, relief_eligible=relief_eligible)


def jkk_relief(month: dt.date) -> JkkRelief | None:
    return load().jkk_relief(month)


def jp_wage_cap(month: dt.date) -> Amount:
    return load().jp_wage_cap(month)


def jkp_funding(month: dt.date) -> JkpFunding | None:
    return load().jkp_funding(month)


def payment_rules(month: dt.date) -> PaymentRules:
    return load().payment_rules(month)


def reported_wage_floor(month: dt.date) -> WageFloor:
    return load().reported_wage_floor(month)


def inactive_after_unpaid_months(month: dt.date) -> int:
    """Agency policy (not a regulation): unpaid months after which a membership is inactive."""
    return load().inactive_after_unpaid_months(month)


def in_force(name: str, on: dt.date) -> Entry:
    """Any parameter's entry in force on `on`, e.g. to show the regulation behind a value."""
    return load().in_force(name, on)

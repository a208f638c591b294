"""The monthly contribution of a wage earner (PU), and when it is due: pure functions.

Money is whole rupiah. Each share (one programme, one party) is `base × rate` rounded half
up to the rupiah on its own; totals are sums of the rounded shares. JP uses the wage capped
at the JP ceiling of the contribution month; the other programmes use the full wage. JKP
adds no line: the employer and the worker pay nothing extra for it (see `JkpFunding`).

The reported-wage floor is a rule of the wage report, not of this calculator: any positive
whole wage is accepted here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from jamsos.ops.errors import JamsosError, define_error
from jamsos.programs import parameters
from jamsos.programs.parameters import (
    CONTRIBUTION_RISK_CLASS_INVALID,
    Amount,
    JkkRelief,
    JkpFunding,
    Rate,
    check_risk_class,
    contribution_month,
)

CONTRIBUTION_WAGE_INVALID = define_error(
    "CONTRIBUTION_WAGE_INVALID",
    id=(
        "Upah harus bilangan bulat rupiah lebih dari nol dan paling banyak 1 triliun, "
        "tanpa titik, koma atau sen (contoh: 5000000); diterima: {value}."
    ),
    en=(
        "The wage must be a whole number of rupiah above zero and at most one trillion, "
        "without dots, commas or cents (for example 5000000); got: {value}."
    ),
)
CONTRIBUTION_MONTH_INVALID = define_error(
    "CONTRIBUTION_MONTH_INVALID",
    id=(
        "Bulan iuran harus bulan yang sah dalam format TTTT-BB (contoh: 2025-06); "
        "diterima: {value}."
    ),
    en=(
        "The contribution month must be a real month written YYYY-MM (for example 2025-06); "
        "got: {value}."
    ),
)
LATE_FINE_AMOUNT_INVALID = define_error(
    "LATE_FINE_AMOUNT_INVALID",
    id="Iuran yang terlambat harus bilangan bulat rupiah, nol atau lebih; diterima: {value}.",
    en="The late contribution must be a whole number of rupiah, zero or more; got: {value}.",
)

EMPLOYER = "employer"
WORKER = "worker"
PROGRAMS = ("JKK", "JKM", "JHT", "JP")
LANGUAGES = ("id", "en")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_DIGITS = re.compile(r"^\s*\d+\s*$")


# --- Rounding and input checks --------------------------------------------------------------


def share(base: int, percent: Decimal) -> int:
    """`base × percent / 100`, rounded half up to the whole rupiah. Exact: Decimal, no float."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(base) * percent / Decimal(100)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# Far above any real monthly wage; beyond it a number is a typing or an attack, and every
# amount computed from it still fits exactly in a JSON number (2**53).
MAX_WAGE = 10**12


def check_wage(wage: object) -> int:
    if isinstance(wage, bool) or not isinstance(wage, int) or not 0 < wage <= MAX_WAGE:
        raise JamsosError(CONTRIBUTION_WAGE_INVALID, field="wage", value=wage)
    return wage


def check_month(month: object) -> dt.date:
    """A date in the contribution month, normalised to its first day."""
    if not isinstance(month, dt.date):
        raise JamsosError(CONTRIBUTION_MONTH_INVALID, field="month", value=month)
    return contribution_month(month)


def parse_wage(text: str) -> int:
    """A wage typed by a person: digits only, above zero."""
    if not _DIGITS.match(text):
        raise JamsosError(CONTRIBUTION_WAGE_INVALID, field="wage", value=text)
    return check_wage(int(text))


def parse_month(text: str) -> dt.date:
    """A contribution month typed as YYYY-MM, returned as its first day."""
    match = _YEAR_MONTH.match(text)
    if not match or int(match.group(1)) < 1 or not 1 <= int(match.group(2)) <= 12:
        raise JamsosError(CONTRIBUTION_MONTH_INVALID, field="month", value=text)
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def parse_risk_class(text: str) -> int:
    """A JKK risk class typed by a person: 1 to 5."""
    if not _DIGITS.match(text):
        raise JamsosError(CONTRIBUTION_RISK_CLASS_INVALID, field="risk_class", value=text)
    return check_risk_class(int(text))


# --- The breakdown --------------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionLine:
    """One programme's share for one party.

    `cap` is the wage ceiling in force for the programme (JP only); `cap_applied` is its
    value when it actually lowered the base, else None.
    """

    program: str
    party: str
    base: int
    rate_percent: Decimal
    amount: int
    cap_applied: int | None
    regulation: str
    cap: Amount | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "party": self.party,
            "base": self.base,
            "rate_percent": str(self.rate_percent),
            "amount": self.amount,
            "cap_applied": self.cap_applied,
            "regulation": self.regulation,
        }


@dataclass(frozen=True)
class ContributionBreakdown:
    month: dt.date
    wage: int
    risk_class: int
    relief_eligible: bool
    relief: JkkRelief | None
    lines: tuple[ContributionLine, ...]
    jkp: JkpFunding | None

    @property
    def relief_applied(self) -> bool:
        return self.relief is not None

    @property
    def program_totals(self) -> dict[str, int]:
        totals = dict.fromkeys(dict.fromkeys(line.program for line in self.lines), 0)
        for line in self.lines:
            totals[line.program] += line.amount
        return totals

    def _party_total(self, party: str) -> int:
        return sum(line.amount for line in self.lines if line.party == party)

    @property
    def employer_total(self) -> int:
        return self._party_total(EMPLOYER)

    @property
    def worker_total(self) -> int:
        """Withheld from the worker's wage by the employer, who pays it with its own share."""
        return self._party_total(WORKER)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def explain(self, language: str = "id") -> list[str]:
        """The calculation, one line per step, with the regulation behind each value."""
        return _explain(self, _texts(language), language)

    def as_dict(self) -> dict[str, Any]:
        jkp = None
        if self.jkp is not None:
            jkp = {
                "employer_extra_percent": str(self.jkp.employer_extra.percent),
                "worker_extra_percent": str(self.jkp.worker_extra.percent),
                "total_percent": str(self.jkp.total.percent),
                "government_percent": str(self.jkp.government.percent),
                "from_jkk_percent": str(self.jkp.from_jkk.percent),
                "from_jkm_percent": str(self.jkp.from_jkm.percent),
                "wage_cap": self.jkp.wage_cap.value,
                "regulation": self.jkp.total.regulation,
            }
        return {
            "month": f"{self.month:%Y-%m}",
            "wage": self.wage,
            "risk_class": self.risk_class,
            "relief_eligible": self.relief_eligible,
            "relief_applied": self.relief_applied,
            "lines": [line.as_dict() for line in self.lines],
            "totals": {
                "by_program": self.program_totals,
                "employer": self.employer_total,
                "worker": self.worker_total,
                "total": self.total,
            },
            "jkp": jkp,
            "rounding": "each share rounded half up to the rupiah",
        }


def _line(
    program: str, party: str, base: int, rate: Rate, *, wage: int, cap: Amount | None = None
) -> ContributionLine:
    return ContributionLine(
        program=program,
        party=party,
        base=base,
        rate_percent=rate.percent,
        amount=share(base, rate.percent),
        cap_applied=cap.value if cap is not None and base < wage else None,
        regulation=rate.regulation,
        cap=cap,
    )


def compute_contribution(
    *, wage: int, risk_class: int, month: dt.date, relief_eligible: bool = False
) -> ContributionBreakdown:
    """The wage earner's contribution for one month, line by line.

    `relief_eligible` says the employer meets the conditions of a JKK relief (checked by the
    caller); the relief rate is used only if a relief is in force for `month`.
    """
    wage = check_wage(wage)
    risk_class = check_risk_class(risk_class)
    month = check_month(month)
    params = parameters.load()
    rates = params.rates_for(month)
    relief = params.jkk_relief(month) if relief_eligible else None
    jkk = params.jkk_rate(month, risk_class, relief_eligible=relief_eligible)
    jp_cap = params.jp_wage_cap(month)
    jp_base = min(wage, jp_cap.value)
    lines = (
        _line("JKK", EMPLOYER, wage, jkk, wage=wage),
        _line("JKM", EMPLOYER, wage, rates.jkm_employer, wage=wage),
        _line("JHT", EMPLOYER, wage, rates.jht_employer, wage=wage),
        _line("JHT", WORKER, wage, rates.jht_worker, wage=wage),
        _line("JP", EMPLOYER, jp_base, rates.jp_employer, wage=wage, cap=jp_cap),
        _line("JP", WORKER, jp_base, rates.jp_worker, wage=wage, cap=jp_cap),
    )
    return ContributionBreakdown(
        month=month,
        wage=wage,
        risk_class=risk_class,
        relief_eligible=bool(relief_eligible),
        relief=relief,
        lines=lines,
        jkp=params.jkp_funding(month),
    )


# --- Due date and late fine -----------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day missing in the target month becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def next_working_day(day: dt.date) -> dt.date:
    """`day`, or the Monday after it if it is a Saturday or Sunday.

    National holidays are NOT modelled yet: a due date on a holiday is not moved.
    """
    weekday = day.weekday()
    if weekday >= 5:
        return day + dt.timedelta(days=7 - weekday)
    return day


def due_date(month: dt.date) -> dt.date:
    """When a wage earner's contribution for `month` must be paid.

    The due day (15) of the month after the contribution month; a Saturday or Sunday moves
    it to the next Monday. National holidays are not modelled yet, so a due date falling on
    one is not moved.
    """
    month = check_month(month)
    rules = parameters.payment_rules(month)
    return next_working_day(add_months(month, 1).replace(day=rules.due_day_of_following_month))


def months_late(*, due: dt.date, paid_on: dt.date) -> int:
    """Started months of delay: 0 if paid on or before `due`.

    Month n of the delay runs from the day after `due + (n-1) months` up to and including
    `due + n months`. Due 15 July: paid 16 July = 1 month; paid 15 August = 1 month (one
    whole month late); paid 16 August (one month and a day) = 2 months.
    """
    if paid_on <= due:
        return 0
    # The fewest n with paid_on <= due + n months. `due + (d - 1) months`, d the difference
    # in calendar months, lies in an earlier month than paid_on, so n is at least d.
    months = max((paid_on.year - due.year) * 12 + paid_on.month - due.month, 1)
    while paid_on > add_months(due, months):
        months += 1
    return months


def late_fine(*, amount: int, due: dt.date, paid_on: dt.date) -> int:
    """Fine for paying `amount` late: the fine rate × `amount` × started months of delay.

    The rate (2% per month) is the one in force on the due date; the product is rounded half
    up to the rupiah once. Paid on or before `due` → 0. See `months_late` for how started
    months are counted: paid 1 day late = 1 month; exactly one month + 1 day late = 2.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise JamsosError(LATE_FINE_AMOUNT_INVALID, field="amount", value=amount)
    months = months_late(due=due, paid_on=paid_on)
    if months == 0 or amount == 0:
        return 0
    percent = parameters.payment_rules(due).late_fine_percent_per_month
    return share(amount, percent * months)


# --- Explanation ----------------------------------------------------------------------------

_TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "employer": "pemberi kerja",
        "worker": "pekerja",
        "header": "Bulan iuran {month}; upah dilaporkan {wage}; kelas risiko JKK {risk_class} "
        "({risk_label}).",
        "line": "{program}, {party}: {base} × {rate} = {amount} [{regulation}]",
        "capped": "{program}, {party}: {base} (upah dibatasi) × {rate} = {amount} [{regulation}]",
        "cap_binding": "Batas upah {program} bulan ini {cap}: upah {wage} melebihinya, jadi dasar "
        "{program} = {cap} [{regulation}].",
        "cap_not_binding": "Batas upah {program} bulan ini {cap}: upah {wage} tidak melebihinya, "
        "jadi dasar {program} = upah [{regulation}].",
        "relief": "Keringanan JKK 50% dipakai karena pemberi kerja dinyatakan memenuhi syarat: "
        "minimal {workers} pekerja aktif, sektor padat karya tertentu ({sectors}), iuran JKK "
        "lunas s.d. {paid_up_to} [{regulation}].",
        "relief_not_in_force": "Pemberi kerja dinyatakan memenuhi syarat keringanan JKK, tetapi "
        "tidak ada keringanan yang berlaku untuk {month}; tarif JKK biasa dipakai.",
        "jkp": "JKP: tidak ada iuran tambahan dari pemberi kerja maupun pekerja. JKP didanai "
        "{total} × {base} = {amount} per bulan: {government} dari pemerintah pusat, {from_jkk} "
        "dialihkan dari iuran JKK{from_jkm} (dasar upah JKP paling tinggi {cap}) [{regulation}].",
        "from_jkm": " dan {from_jkm} dari iuran JKM",
        "no_jkp": "JKP belum berlaku untuk bulan iuran {month}; tidak ada baris JKP.",
        "rounding": "Setiap bagian dibulatkan sendiri ke rupiah terdekat (setengah ke atas).",
        "totals": "Total pemberi kerja {employer}; total pekerja {worker} (dipotong dari upah "
        "dan disetor oleh pemberi kerja); jumlah {total}.",
    },
    "en": {
        "employer": "employer",
        "worker": "worker",
        "header": "Contribution month {month}; reported wage {wage}; JKK risk class "
        "{risk_class} ({risk_label}).",
        "line": "{program}, {party}: {base} × {rate} = {amount} [{regulation}]",
        "capped": "{program}, {party}: {base} (capped wage) × {rate} = {amount} [{regulation}]",
        "cap_binding": "{program} wage cap this month is {cap}: the wage {wage} is above it, so "
        "the {program} base is {cap} [{regulation}].",
        "cap_not_binding": "{program} wage cap this month is {cap}: the wage {wage} is not above "
        "it, so the {program} base is the wage [{regulation}].",
        "relief": "The 50% JKK relief is applied because the employer was declared eligible: at "
        "least {workers} active workers, a listed labour-intensive sector ({sectors}), JKK paid "
        "up to {paid_up_to} [{regulation}].",
        "relief_not_in_force": "The employer was declared eligible for JKK relief, but no relief "
        "is in force for {month}; the standard JKK rate is used.",
        "jkp": "JKP: no extra contribution from the employer or the worker. JKP is funded with "
        "{total} × {base} = {amount} a month: {government} from the central government, "
        "{from_jkk} moved out of the JKK contribution{from_jkm} (JKP wage base at most {cap}) "
        "[{regulation}].",
        "from_jkm": " and {from_jkm} out of the JKM contribution",
        "no_jkp": "JKP is not yet in force for contribution month {month}; no JKP line.",
        "rounding": "Each share is rounded on its own to the nearest rupiah (half up).",
        "totals": "Employer total {employer}; worker total {worker} (withheld from the wage and "
        "paid in by the employer); grand total {total}.",
    },
}
_RISK_LABELS = {
    "id": {1: "sangat rendah", 2: "rendah", 3: "sedang", 4: "tinggi", 5: "sangat tinggi"},
    "en": {1: "very low", 2: "low", 3: "medium", 4: "high", 5: "very high"},
}


def _texts(language: str) -> dict[str, str]:
    return _TEXTS["en" if language.startswith("en") else "id"]


def rupiah(amount: int, language: str = "id") -> str:
    text = f"{amount:,}"
    return "Rp" + (text.replace(",", ".") if not language.startswith("en") else text)


def percent_text(percent: Decimal, language: str = "id") -> str:
    text = format(percent, "f")
    return (text.replace(".", ",") if not language.startswith("en") else text) + "%"


def party_label(party: str, language: str = "id") -> str:
    return _texts(language)[party]


def _explain(b: ContributionBreakdown, t: dict[str, str], language: str) -> list[str]:
    def rp(amount: int) -> str:
        return rupiah(amount, language)

    def pct(percent: Decimal) -> str:
        return percent_text(percent, language)

    month = f"{b.month:%Y-%m}"
    labels = _RISK_LABELS["en" if language.startswith("en") else "id"]
    out = [
        t["header"].format(
            month=month, wage=rp(b.wage), risk_class=b.risk_class, risk_label=labels[b.risk_class]
        )
    ]
    caps_explained: list[str] = []
    for line in b.lines:
        template = t["capped"] if line.cap_applied is not None else t["line"]
        out.append(
            template.format(
                program=line.program,
                party=t[line.party],
                base=rp(line.base),
                rate=pct(line.rate_percent),
                amount=rp(line.amount),
                regulation=line.regulation,
            )
        )
        if line.cap is not None and line.program not in caps_explained:
            caps_explained.append(line.program)
    for program in caps_explained:
        cap = next(line.cap for line in b.lines if line.program == program and line.cap)
        binding = b.wage > cap.value
        out.append(
            t["cap_binding" if binding else "cap_not_binding"].format(
                program=program, cap=rp(cap.value), wage=rp(b.wage), regulation=cap.regulation
            )
        )
    if b.relief is not None:
        out.append(
            t["relief"].format(
                workers=b.relief.min_active_workers,
                sectors=", ".join(b.relief.sectors),
                paid_up_to=b.relief.jkk_paid_up_to,
                regulation=b.relief.regulation,
            )
        )
    elif b.relief_eligible:
        out.append(t["relief_not_in_force"].format(month=month))
    out.append(_explain_jkp(b, t, rp, pct, month))
    out.append(t["rounding"])
    out.append(
        t["totals"].format(
            employer=rp(b.employer_total), worker=rp(b.worker_total), total=rp(b.total)
        )
    )
    return out


def _explain_jkp(b: ContributionBreakdown, t: dict[str, str], rp, pct, month: str) -> str:
    jkp = b.jkp
    if jkp is None:
        return t["no_jkp"].format(month=month)
    base = min(b.wage, jkp.wage_cap.value)
    from_jkm = ""
    if jkp.from_jkm.percent:
        from_jkm = t["from_jkm"].format(from_jkm=pct(jkp.from_jkm.percent))
    return t["jkp"].format(
        total=pct(jkp.total.percent),
        base=rp(base),
        amount=rp(share(base, jkp.total.percent)),
        government=pct(jkp.government.percent),
        from_jkk=pct(jkp.from_jkk.percent),
        from_jkm=from_jkm,
        cap=rp(jkp.wage_cap.value),
        regulation=jkp.total.regulation,
    )

"""Synthetic but valid registry data for the demo and for benchmarks.

Every NIK agrees with its holder's birth date and sex and starts with a real
province/regency code; names are Indonesian; employers span the five JKK risk
classes; each employer reports twelve months of wages, and each month's invoice is
mostly paid on time, sometimes late (with the fine), and left unpaid by the few
employers that stopped paying, whose workers turn inactive; so do those whose
employment ended. Rows are produced as plain values so the loader can COPY them.

Deterministic for a given seed and reference date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from faker import Faker

from jamsos.contributions.models import SHARE_COLUMNS
from jamsos.contributions.plan import ContributionPlan, contribution_plan
from jamsos.identity import compose_nik, kpj_from_serial, npp_from_serial, regency_codes
from jamsos.programs.contributions import due_date
from jamsos.registry.models import PROGRAMS, EndReason, Sector

RISK_CLASS_WEIGHTS = {1: 40, 2: 25, 3: 20, 4: 10, 5: 5}
# Operator prefixes of Indonesian mobile numbers (Telkomsel, Indosat, XL, Tri, Smartfren).
MOBILE_PREFIXES = (
    "811",
    "812",
    "813",
    "821",
    "822",
    "852",
    "853",
    "814",
    "815",
    "816",
    "855",
    "856",
    "857",
    "858",
    "817",
    "818",
    "819",
    "859",
    "877",
    "878",
    "895",
    "896",
    "897",
    "898",
    "899",
    "881",
    "882",
    "883",
    "887",
    "888",
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
END_REASONS = (EndReason.RESIGNED, EndReason.DISMISSED, EndReason.CONTRACT_ENDED, EndReason.RETIRED)


@dataclass
class EmployerRow:
    id: int
    npp: str
    name: str
    address: str
    city: str
    risk_class: int
    sector: str
    registered_on: dt.date
    stopped_paying_from: dt.date | None = None


@dataclass
class ParticipantRow:
    id: int
    kpj: str
    nik: str
    full_name: str
    birth_date: dt.date
    sex: str
    phone: str | None
    email: str | None


@dataclass
class EmploymentRow:
    id: int
    participant_id: int
    employer_id: int
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str
    wage: int
    programs: list[str] = field(default_factory=lambda: list(PROGRAMS))


@dataclass
class LineRow:
    """One worker's contribution for one month with one employer (a ContributionLine)."""

    participant_id: int
    employment_id: int
    employer_id: int
    month: dt.date
    wage: int
    jp_base: int
    shares: tuple[int, int, int, int, int, int]  # jkk, jkm, jht (er, ee), jp (er, ee)

    @property
    def employer_amount(self) -> int:
        jkk, jkm, jht_employer, _, jp_employer, _ = self.shares
        return jkk + jkm + jht_employer + jp_employer

    @property
    def worker_amount(self) -> int:
        return self.shares[3] + self.shares[5]


@lru_cache(maxsize=8192)
def _plan(risk_class: int, month: dt.date) -> ContributionPlan:
    return contribution_plan(risk_class=risk_class, month=month)


@lru_cache(maxsize=65536)
def _shares(wage: int, risk_class: int, month: dt.date) -> tuple[int, int, int, int, int, int]:
    amounts = _plan(risk_class, month).amounts(wage, PROGRAMS)
    return tuple(amounts[column] for column in SHARE_COLUMNS)  # type: ignore[return-value]


def _month_add(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(month: dt.date) -> dt.date:
    return _month_add(month, 1) - dt.timedelta(days=1)


class DemoDataGenerator:
    def __init__(
        self, *, participants: int, as_of: dt.date, seed: int = 2026, months: int = 12
    ) -> None:
        self.participant_count = participants
        self.employer_count = max(10, participants // 50)
        self.as_of = as_of
        self.months = months
        self.random = random.Random(seed)
        faker = Faker("id_ID")
        faker.seed_instance(seed)
        self.male_names = sorted({faker.first_name_male() for _ in range(400)})
        self.female_names = sorted({faker.first_name_female() for _ in range(400)})
        self.family_names = sorted({faker.last_name() for _ in range(400)})
        self.company_words = sorted({faker.last_name() for _ in range(300)})
        self.cities = sorted({faker.city() for _ in range(120)})
        self.streets = sorted({faker.street_name() for _ in range(200)})
        self.regencies = regency_codes()
        self._nik_serials: dict[str, int] = {}
        # The last `months` full contribution months before the reference date.
        current = as_of.replace(day=1)
        self.contribution_months = [_month_add(current, -k) for k in range(months, 0, -1)]

    # -- employers ---------------------------------------------------------------------
    def employers(self, npp_serials: Iterator[int]) -> list[EmployerRow]:
        rng = self.random
        classes = list(RISK_CLASS_WEIGHTS)
        weights = list(RISK_CLASS_WEIGHTS.values())
        rows = []
        for index in range(1, self.employer_count + 1):
            npp = None
            while npp is None:
                npp = npp_from_serial(next(npp_serials))
            kind = rng.choice(("PT", "PT", "PT", "CV", "Koperasi"))
            words = " ".join(rng.sample(self.company_words, 2))
            suffix = rng.choice(("Sejahtera", "Abadi", "Makmur", "Mandiri", "Jaya", "Nusantara"))
            stopped = None
            if rng.random() < 0.05 and len(self.contribution_months) >= 6:
                # A few employers stop paying: their workers turn inactive after the grace period.
                stopped = self.contribution_months[-rng.randint(4, 6)]
            rows.append(
                EmployerRow(
                    id=index,
                    npp=npp,
                    name=f"{kind} {words} {suffix}",
                    address=f"Jl. {rng.choice(self.streets)} No. {rng.randint(1, 250)}",
                    city=rng.choice(self.cities),
                    risk_class=rng.choices(classes, weights)[0],
                    sector=rng.choice(Sector.values),
                    registered_on=dt.date(rng.randint(2000, 2020), rng.randint(1, 12), 1),
                    stopped_paying_from=stopped,
                )
            )
        return rows

    # -- participants ------------------------------------------------------------------
    def _nik(self, birth_date: dt.date, sex: str) -> str:
        rng = self.random
        while True:
            region = rng.choice(self.regencies) + f"{rng.randint(1, 20):02d}"
            key = f"{region}{birth_date:%d%m%y}{sex}"
            serial = self._nik_serials.get(key, 0) + 1
            if serial <= 9999:
                self._nik_serials[key] = serial
                return compose_nik(
                    region_code=region, birth_date=birth_date, sex=sex, serial=serial
                )

    def participant(self, index: int, kpj: str) -> ParticipantRow:
        rng = self.random
        sex = "F" if rng.random() < 0.42 else "M"
        first = rng.choice(self.female_names if sex == "F" else self.male_names)
        if rng.random() < 0.3:
            first = f"{first} {rng.choice(self.female_names if sex == 'F' else self.male_names)}"
        name = f"{first} {rng.choice(self.family_names)}"
        birth_date = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randint(0, 40 * 365))
        phone = None
        if rng.random() < 0.85:
            phone = f"+62{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"
        email = None
        if rng.random() < 0.6:
            local = name.lower().replace(" ", ".").replace("'", "")
            email = f"{local}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}"
        return ParticipantRow(
            id=index,
            kpj=kpj,
            nik=self._nik(birth_date, sex),
            full_name=name,
            birth_date=birth_date,
            sex=sex,
            phone=phone,
            email=email,
        )

    def _wage(self) -> int:
        # Skewed like real payrolls: most near the minimum wage, a long tail above the JP cap.
        wage = self.random.lognormvariate(15.35, 0.45)
        return int(min(max(wage, 2_000_000), 60_000_000) // 50_000 * 50_000)

    def employments(
        self, participant: ParticipantRow, employers: list[EmployerRow], next_id: Iterator[int]
    ) -> list[EmploymentRow]:
        rng = self.random
        eighteenth_birthday = _month_add(participant.birth_date.replace(day=1), 18 * 12 + 1)
        earliest = max(dt.date(2015, 7, 1), eighteenth_birthday)
        latest = self.as_of - dt.timedelta(days=45)
        if earliest >= latest:
            earliest = latest - dt.timedelta(days=60)
        start = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        rows = []
        if rng.random() < 0.12 and (start - earliest).days > 400:
            # An earlier job, ended, so the person has history with two employers.
            previous_start = earliest + dt.timedelta(
                days=rng.randint(0, (start - earliest).days - 365)
            )
            rows.append(
                EmploymentRow(
                    id=next(next_id),
                    participant_id=participant.id,
                    employer_id=rng.choice(employers).id,
                    start_date=previous_start,
                    end_date=start - dt.timedelta(days=rng.randint(1, 60)),
                    end_reason=rng.choice(END_REASONS).value,
                    wage=self._wage(),
                )
            )
        end_date = None
        end_reason = ""
        if rng.random() < 0.08:
            end_date = max(start, self.as_of - dt.timedelta(days=rng.randint(100, 300)))
            end_reason = rng.choice(END_REASONS).value
        employer = rng.choice(employers)
        if rows and employer.id == rows[0].employer_id and len(employers) > 1:
            employer = employers[employer.id % len(employers)]  # ids run 1..n: take the next one
        rows.append(
            EmploymentRow(
                id=next(next_id),
                participant_id=participant.id,
                employer_id=employer.id,
                start_date=start,
                end_date=end_date,
                end_reason=end_reason,
                wage=self._wage(),
            )
        )
        return rows

    def payment_dates(self, employers: list[EmployerRow]) -> dict[tuple[int, dt.date], dt.date]:
        """When each employer paid each month's invoice; a month left out is unpaid.

        Most pay on or before the due date, some late (and pay the fine with it); the
        employers that stopped paying leave their recent months unpaid, and nothing is
        paid after the reference date.
        """
        rng = self.random
        paid: dict[tuple[int, dt.date], dt.date] = {}
        for employer in employers:
            for month in self.contribution_months:
                if employer.stopped_paying_from and month >= employer.stopped_paying_from:
                    continue
                due = due_date(month)
                if rng.random() < 0.07:
                    paid_on = due + dt.timedelta(days=rng.randint(3, 75))
                else:
                    paid_on = due - dt.timedelta(days=rng.randint(0, 12))
                if paid_on <= self.as_of:
                    paid[(employer.id, month)] = paid_on
        return paid

    def contributions(self, employment: EmploymentRow, employer: EmployerRow) -> Iterator[LineRow]:
        """The months this employment was reported in (those it overlaps)."""
        for month in self.contribution_months:
            if employment.start_date > _month_end(month):
                continue
            if employment.end_date is not None and employment.end_date < month:
                continue
            shares = _shares(employment.wage, employer.risk_class, month)
            jp_cap = _plan(employer.risk_class, month).jp_cap
            yield LineRow(
                participant_id=employment.participant_id,
                employment_id=employment.id,
                employer_id=employer.id,
                month=month,
                wage=employment.wage,
                jp_base=min(employment.wage, jp_cap),
                shares=shares,
            )


def kpj_stream(serials: Iterator[int]) -> Iterator[str]:
    for serial in serials:
        kpj = kpj_from_serial(serial)
        if kpj is not None:
            yield kpj

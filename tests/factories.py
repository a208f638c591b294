"""Test data builders. Valid by default; each test overrides what it is about."""

from __future__ import annotations

import datetime as dt
import itertools

from jamsos.identity import compose_nik
from jamsos.registry.models import Employer
from jamsos.registry.services import Actor, issue_npp

_serials = itertools.count(1)
SYSTEM = Actor(user=None, role="system", channel="system")


def make_nik(
    *, birth_date: dt.date = dt.date(1990, 5, 17), sex: str = "M", region: str = "317101"
) -> str:
    return compose_nik(region_code=region, birth_date=birth_date, sex=sex, serial=next(_serials))


def make_employer(**overrides: object) -> Employer:
    values: dict[str, object] = {
        "name": f"PT Contoh {next(_serials)}",
        "city": "Jakarta",
        "risk_class": 2,
        "sector": "manufacturing",
        "registered_on": dt.date(2020, 1, 1),
    }
    values.update(overrides)
    return Employer.objects.create(npp=issue_npp(), **values)

"""What the HTTP benchmarks' data scripts share: the demo load, a sample, the bare view's file.

Imported by bench/sms_data.py and bench/balance_data.py (run with DJANGO_SETTINGS_MODULE
and DATABASE_URL set, PYTHONPATH at the repository root); sets Django up on import.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterable

import django

django.setup()

from django.utils import timezone  # noqa: E402

from jamsos.ops.demo.loader import load_demo_data  # noqa: E402
from jamsos.registry.models import Participant  # noqa: E402

SAMPLE = 20_000


def load(participants: int, *, default_months: int = 3) -> None:
    """Load the demo data: `participants`, with BENCH_MONTHS months of contributions."""
    months = int(os.environ.get("BENCH_MONTHS", str(default_months)))
    summary = load_demo_data(
        participants=participants,
        as_of=timezone.localdate(),
        months=months,
        progress_stream=sys.stderr,
    )
    print(
        f"bench: loaded {summary.participants:,} participants, "
        f"{summary.employments:,} employments, {summary.contributions:,} monthly contributions "
        f"({months} months) in {summary.seconds:.1f} s"
    )


def sample_ids(participants: int, size: int = SAMPLE) -> list[int]:
    """A fixed random sample of participant ids (the loader numbers them from 1)."""
    return random.Random(7).sample(  # noqa: S311 - picking test subjects, not secrets
        range(1, participants + 1), min(size, participants)
    )


def write_indexes(path: str, people: Iterable[Participant]) -> None:
    """The bare view's requests: one NIK blind index a line."""
    with open(path, "w") as out:
        for person in people:
            out.write(person.nik_index + "\n")

"""Load participants for the look-up benchmark and write what the load generator sends.

Usage (run by bench/lookup.sh, with DJANGO_SETTINGS_MODULE and DATABASE_URL set):
    python bench/lookup_data.py PARTICIPANTS BODIES_FILE INDEXES_FILE

BODIES_FILE gets url-encoded form bodies of real participants (the look-up requests);
INDEXES_FILE their NIK blind indexes (the bare view's requests).
"""

from __future__ import annotations

import os
import random
import sys
import urllib.parse

import django

django.setup()

from django.utils import timezone  # noqa: E402

from jamsos.ops.demo.loader import load_demo_data  # noqa: E402
from jamsos.registry.models import Participant  # noqa: E402

SAMPLE = 20_000


def main() -> None:
    participants, bodies_path, indexes_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    months = int(os.environ.get("BENCH_MONTHS", "12"))
    summary = load_demo_data(
        participants=participants,
        as_of=timezone.localdate(),
        months=months,
        progress_stream=sys.stderr,
    )
    print(
        f"bench: loaded {summary.participants:,} participants, "
        f"{summary.employments:,} employments, {summary.contributions:,} monthly contributions "
        f"in {summary.seconds:.1f} s"
    )
    chosen = random.Random(7).sample(  # noqa: S311 - picking test subjects, not secrets
        range(1, participants + 1), min(SAMPLE, participants)
    )
    with open(bodies_path, "w") as bodies, open(indexes_path, "w") as indexes:
        for person in Participant.objects.filter(pk__in=chosen).iterator(chunk_size=2000):
            form = {
                "nik": person.nik,
                "birth_date": person.birth_date.strftime("%d/%m/%Y"),
                "full_name": person.full_name,
                "captcha_0": "bench",
                "captcha_1": "PASSED",
            }
            bodies.write(urllib.parse.urlencode(form) + "\n")
            indexes.write(person.nik_index + "\n")


if __name__ == "__main__":
    main()

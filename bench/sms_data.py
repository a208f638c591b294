"""Load participants for the SMS benchmark and write the signed gateway requests it sends.

Usage (run by bench/sms.sh, with DJANGO_SETTINGS_MODULE, DATABASE_URL and
JAMSOS_SMS_INBOUND_SECRET set):
    python bench/sms_data.py PARTICIPANTS REQUESTS_FILE WARMUP_FILE INDEXES_FILE [MESSAGES]

REQUESTS_FILE gets MESSAGES (default 200,000) requests and WARMUP_FILE 20,000 more, one a
line: the X-Jamsos-Timestamp value, a tab, the X-Jamsos-Signature value, a tab, the JSON
body. Each is `CEK <NIK>` from a sampled participant's registered, verified phone, and
each has its own gateway message id, so no request is a duplicate (answered without work).
All are signed with the current time: the server must allow a clock skew covering the
time until the run ends (JAMSOS_SMS_MAX_SKEW_SECONDS). INDEXES_FILE gets the same
participants' NIK blind indexes, for the bare view.
"""

from __future__ import annotations

import json
import sys
import time

from django.utils import timezone

from bench.common_data import load, sample_ids, write_indexes
from jamsos.channels.sms import config
from jamsos.channels.sms.signing import signature
from jamsos.registry.models import Participant

WARMUP_MESSAGES = 20_000


def main() -> None:
    participants, requests_path, warmup_path, indexes_path = sys.argv[1:5]
    messages = int(sys.argv[5]) if len(sys.argv) > 5 else 200_000
    load(int(participants))
    secret = config.inbound_secret()
    if not secret:
        sys.exit(f"bench: set {config.SECRET_VARIABLE}")
    people = list(
        Participant.objects.filter(
            pk__in=sample_ids(int(participants)),
            phone_index__isnull=False,
            phone_verified_at__isnull=False,
        )
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    senders = [(person.phone, f"CEK {person.nik}") for person in people]
    write_indexes(indexes_path, people)
    timestamp = int(time.time())
    received_at = timezone.localtime().isoformat(timespec="seconds")

    def write(path: str, count: int, prefix: str) -> None:
        with open(path, "w") as out:
            for n in range(count):
                phone, text = senders[n % len(senders)]
                body = json.dumps(
                    {
                        "message_id": f"{prefix}-{n}",
                        "from": phone,
                        "text": text,
                        "received_at": received_at,
                    },
                    separators=(",", ":"),
                )
                sign = signature(body.encode(), timestamp=timestamp, secret=secret)
                out.write(f"{timestamp}\t{sign}\t{body}\n")

    write(requests_path, messages, "bench")
    write(warmup_path, WARMUP_MESSAGES, "warmup")
    print(
        f"bench: {messages:,} signed CEK messages (+{WARMUP_MESSAGES:,} for the warm-up) "
        f"from {len(senders):,} registered phones"
    )


if __name__ == "__main__":
    main()

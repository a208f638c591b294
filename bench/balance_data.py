"""Load participants for the API balance benchmark, give a sample accounts and access tokens.

Usage (run by bench/balance.sh, with DJANGO_SETTINGS_MODULE and DATABASE_URL set):
    python bench/balance_data.py PARTICIPANTS TOKENS_FILE INDEXES_FILE [ACCOUNTS]

ACCOUNTS (default 5,000) sampled participants get an account as sign-up leaves it (a
non-staff user named like sign-up's, joined to the participant), without the sign-up
codes and with no usable password: the API's bearer authentication looks at neither.
Each gets a token pair from the API's own `issue_tokens`; TOKENS_FILE receives the access
tokens, one a line, INDEXES_FILE the same participants' NIK blind indexes for the bare
view. Access tokens live JAMSOS_API_ACCESS_SECONDS: set it to outlast the run.
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.db import transaction

from bench.common_data import load, sample_ids, write_indexes
from jamsos.accounts.models import ParticipantAccount
from jamsos.channels.api.tokens import access_seconds, issue_tokens
from jamsos.registry.models import Participant


def main() -> None:
    participants, tokens_path, indexes_path = sys.argv[1:4]
    accounts = int(sys.argv[4]) if len(sys.argv) > 4 else 5_000
    load(int(participants))
    people = list(
        Participant.objects.filter(pk__in=sample_ids(int(participants), accounts)).order_by("pk")
    )
    user_model = get_user_model()
    with transaction.atomic(), open(tokens_path, "w") as out:
        for person in people:
            # The username sign-up gives (jamsos.accounts.signup); no password: tokens only.
            user = user_model.objects.create_user(f"peserta-{person.pk}", password=None)
            account = ParticipantAccount.objects.create(participant=person, user=user)
            out.write(issue_tokens(account).access_token + "\n")
    write_indexes(indexes_path, people)
    print(
        f"bench: {len(people):,} participant accounts with access tokens "
        f"valid {access_seconds():,} s"
    )


if __name__ == "__main__":
    main()

"""BANTUAN, HELP and anything unreadable get the list of keywords and the call-centre number."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsos.channels.sms.models import InboundSms, Outcome
from tests.sms.conftest import ask, send


@pytest.mark.parametrize("text", ["BANTUAN", "info", "halo", "", "3171011708450001"])
def test_indonesian_help_lists_the_keywords_and_the_call_centre(db, settings, text):
    settings.CALL_CENTRE_NUMBER = "1500910"

    reply = ask(text)

    assert reply.startswith("Layanan SMS: CEK <NIK>") and "SALDO <KPJ>" in reply
    assert reply.endswith("Info: 1500910")


@pytest.mark.parametrize("text", ["HELP", "help me please", "what is my number"])
def test_english_help_for_english_texts(db, text):
    reply = ask(text)

    assert reply.startswith("SMS service: CHECK <NIK>") and "BALANCE <KPJ>" in reply


def test_unknown_text_is_stored_as_unknown_and_answered_with_help(db):
    ask("selamat pagi")

    inbound = InboundSms.objects.get()
    assert (inbound.keyword, inbound.outcome, inbound.language) == ("unknown", Outcome.HELP, "id")


def test_a_cek_costs_a_bounded_number_of_queries(budi):
    nik, _ = budi
    send("BANTUAN")  # the sender's counter row exists, as it will for most messages

    with CaptureQueriesContext(connection) as queries:
        send(f"CEK {nik}")

    # 13 statements and 6 savepoint commands on PostgreSQL today; the bound leaves room for
    # the registry's status query to change, not for a query per row of anything.
    assert len(queries) <= 22, [q["sql"][:80] for q in queries]

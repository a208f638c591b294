"""Every message in and out is stored with its operator, parts and tariff, for billing."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jamsos.channels.sms import config
from jamsos.channels.sms.models import InboundSms, OutboundSms
from jamsos.channels.sms.operators import operator_for, tariff_for
from jamsos.channels.sms.selectors import billing_report, messages_from
from jamsos.conf.env import ConfigurationError
from tests.sms.conftest import BUDI_PHONE, STRANGER_PHONE, ask, send

# 10:30 WIB on 24 and 25 November.
DAY_ONE = dt.datetime(2026, 11, 24, 3, 30, tzinfo=dt.UTC)
DAY_TWO = dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("number", "operator"),
    [
        ("+6281234567890", "telkomsel"),
        ("+6285212345678", "telkomsel"),
        ("+6285712345678", "indosat"),
        ("+6289612345678", "indosat"),
        ("+6281712345678", "xl"),
        ("+6283812345678", "xl"),  # AXIS, part of XL Axiata
        ("+6288112345678", "smartfren"),
        ("+6221555000", "other"),  # a Jakarta landline
        ("+60123456789", "other"),  # abroad
        ("garbage", "other"),
    ],
)
def test_the_operator_is_read_from_the_number_s_prefix(number, operator):
    assert operator_for(number) == operator


def test_tariffs_come_from_the_environment_with_a_default(monkeypatch):
    assert (tariff_for("telkomsel"), tariff_for("xl"), tariff_for("smartfren")) == (350, 300, 300)

    monkeypatch.setenv("JAMSOS_SMS_TARIFFS", "telkomsel:400, Indosat:250,default:100")
    assert (tariff_for("telkomsel"), tariff_for("indosat"), tariff_for("other")) == (400, 250, 100)


@pytest.mark.parametrize("value", ["telkomsel:350", "telkomsel=350,default:1", "default:-5", ""])
def test_malformed_tariffs_are_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("JAMSOS_SMS_TARIFFS", value)

    with pytest.raises(ConfigurationError, match="JAMSOS_SMS_TARIFFS"):
        config.tariffs()


@pytest.mark.parametrize("value", ["10", "10/0", "0/60", "ten/60", "10/sixty"])
def test_malformed_limits_are_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("JAMSOS_SMS_LIMIT_OVERALL", value)

    with pytest.raises(ConfigurationError, match="JAMSOS_SMS_LIMIT_OVERALL"):
        config.limit_overall()


def test_the_message_and_its_reply_are_stored_with_operator_parts_and_tariff(db):
    send("BANTUAN", sender=STRANGER_PHONE)

    inbound = InboundSms.objects.get()
    reply = OutboundSms.objects.get()
    assert (inbound.operator, inbound.parts, inbound.tariff, inbound.charge) == (
        "indosat",
        1,
        300,
        300,
    )
    assert (reply.operator, reply.parts, reply.tariff, reply.charge) == ("indosat", 1, 300, 300)
    assert reply.outbox_message.sms_parts == 1
    assert reply.msisdn_index == inbound.msisdn_index


def test_a_long_text_is_billed_by_its_parts(db, monkeypatch):
    monkeypatch.setenv("JAMSOS_SMS_TARIFFS", "telkomsel:350,default:300")

    send("BANTUAN " + "x" * 300)

    inbound = InboundSms.objects.get()
    assert (inbound.parts, inbound.tariff, inbound.charge) == (3, 350, 1050)


def test_the_report_sums_messages_parts_and_rupiah_per_operator_and_day(db):
    send("BANTUAN", now=DAY_ONE)
    send("BANTUAN", now=DAY_ONE, sender=STRANGER_PHONE)
    send("BANTUAN " + "x" * 200, now=DAY_TWO)
    send("BANTUAN", now=DAY_TWO)

    rows = billing_report(date_from=dt.date(2026, 11, 24), date_to=dt.date(2026, 11, 25))

    assert [
        (r.day.isoformat(), r.operator, r.inbound_messages, r.inbound_parts, r.inbound_charge)
        for r in rows
    ] == [
        ("2026-11-24", "indosat", 1, 1, 300),
        ("2026-11-24", "telkomsel", 1, 1, 350),
        ("2026-11-25", "telkomsel", 2, 3, 1050),
    ]
    assert [(r.outbound_messages, r.outbound_charge) for r in rows] == [
        (1, 300),
        (1, 350),
        (2, 700),
    ]
    assert rows[-1].total_charge == 1750
    assert billing_report(date_from=dt.date(2026, 11, 25), date_to=dt.date(2026, 11, 25)) == [
        rows[-1]
    ]


def test_days_are_counted_in_jakarta_time(db):
    # 23:30 UTC on the 24th is 06:30 WIB on the 25th.
    send("BANTUAN", now=dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC))

    (row,) = billing_report(date_from=dt.date(2026, 11, 20), date_to=dt.date(2026, 11, 30))
    assert row.day == dt.date(2026, 11, 25)


def test_the_report_command_prints_a_table_and_json(db):
    send("BANTUAN", now=DAY_TWO)
    out = StringIO()

    call_command("sms", "report", "--from", "2026-11-25", "--to", "2026-11-25", stdout=out)
    table = out.getvalue()
    out = StringIO()
    call_command(
        "sms", "report", "--from", "2026-11-25", "--to", "2026-11-25", "--json", stdout=out
    )

    assert "2026-11-25 telkomsel" in table and "total      all" in table
    assert json.loads(out.getvalue()) == [
        {
            "day": "2026-11-25",
            "operator": "telkomsel",
            "inbound_messages": 1,
            "inbound_parts": 1,
            "inbound_charge": 350,
            "outbound_messages": 1,
            "outbound_parts": 1,
            "outbound_charge": 350,
            "total_charge": 700,
        }
    ]


def test_the_report_command_refuses_a_period_that_ends_before_it_starts(db):
    with pytest.raises(CommandError, match="before"):
        call_command("sms", "report", "--from", "2026-11-25", "--to", "2026-11-24")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sms", "report", "--from", "25/11/2026", "--to", "2026-11-24")


def test_one_sender_s_messages_are_found_through_the_blind_index(db):
    ask("BANTUAN")
    ask("BANTUAN", sender=STRANGER_PHONE)

    assert [m.msisdn for m in messages_from("0812-3456-7890")] == [BUDI_PHONE]

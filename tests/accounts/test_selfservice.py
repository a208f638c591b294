"""What a participant reads about themselves: each look audited, officers masked."""

import datetime as dt

import pytest
from django.utils import translation

from jamsos.accounts.services import (
    participant_access_log,
    participant_balance,
    participant_contributions,
    participant_data_export,
    participant_profile,
)
from jamsos.audit.models import AuditEvent
from jamsos.audit.services import record_event
from jamsos.ledger.posting import post_settled_invoices
from tests.accounts.cast import BUDI_PHONE
from tests.contributions.support import JUNE, pay, report
from tests.helpdesk.cast import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_june(budi_account):
    """Budi's employer reported June and July and paid June; June is posted to his JHT."""
    employment = budi_account.participant.employments.get()
    employment.start_date = dt.date(2026, 5, 1)
    employment.save()
    june = report(employment.employer, [employment], JUNE).invoice
    report(employment.employer, [employment], dt.date(2026, 7, 1))
    pay(june, paid_on=dt.date(2026, 7, 10))
    post_settled_invoices()
    return june.lines.get()


def looks(account, action):
    return AuditEvent.objects.filter(
        action=action, channel="portal", subject_participant_id=account.pk, actor=account.user
    ).count()


def test_the_profile_shows_the_membership_with_the_nik_and_contacts_masked(budi, budi_account):
    nik, participant = budi

    profile = participant_profile(account=budi_account)

    assert (profile.kpj, profile.full_name) == (participant.kpj, "Budi Santoso")
    assert "*" in profile.masked_nik and nik not in repr(profile)
    assert profile.masked_phone == "+62 ****-****-890"
    assert profile.masked_email == "b***@example.com"
    assert profile.active and profile.status_reason == "active"
    [employment] = profile.employments
    assert employment.employer_name == "PT Sumber Rejeki" and employment.current
    assert looks(budi_account, "participant.profile.view") == 1


def test_the_balance_and_the_statement_come_from_the_ledger(budi_account, paid_june):
    balance = participant_balance(account=budi_account, year=2026)

    assert balance.balance == paid_june.jht
    statement = balance.statement
    assert (statement.year, statement.opening, statement.contributions) == (2026, 0, paid_june.jht)
    assert statement.closing == paid_june.jht
    assert [e.kind for e in statement.entries] == ["contribution"]
    assert balance.years[0] == 2026
    assert looks(budi_account, "participant.balance.view") == 1


def test_a_year_outside_the_membership_shows_this_year(budi_account):
    assert participant_balance(account=budi_account, year=1901).statement.year in (
        participant_balance(account=budi_account).years
    )


def test_contributions_per_month_and_employer_with_monthly_totals(budi_account, paid_june):
    history = participant_contributions(account=budi_account)

    assert [line.month for line in history.lines] == [dt.date(2026, 7, 1), JUNE]
    assert [(m.month, m.jht) for m in history.months] == [
        (JUNE, paid_june.jht),
        (dt.date(2026, 7, 1), paid_june.jht),
    ]
    assert [line.paid for line in history.lines] == [False, True]
    assert looks(budi_account, "participant.contributions.view") == 1


def test_the_access_log_shows_the_kind_of_officer_never_their_name(budi_account):
    agent = make_staff("agen.rahasia", "cs_agent")
    record_event(
        actor=agent,
        actor_role="cs_agent",
        channel="cs",
        action="participant.reveal",
        outcome="success",
        subject_participant_id=budi_account.pk,
    )
    record_event(
        actor=None,
        actor_role="public",
        channel="web",
        action="participant.lookup",
        outcome="not_found",
        subject_participant_id=budi_account.pk,
    )

    with translation.override("en"):
        log = participant_access_log(account=budi_account)
        by_action = {e.action: e for e in log.entries}
        reveal = by_action["participant.reveal"]
        labels = (str(reveal.channel_label), str(reveal.actor_label))
        you = str(by_action["participant.access_log.view"].actor_label)
    assert labels == ("Call centre", "Call-centre agent")
    assert len(reveal.officer) == 6 and "agen" not in reveal.officer.lower()
    assert by_action["participant.lookup"].officer == ""
    assert you == "You"
    assert "agen.rahasia" not in repr(log)


def test_the_access_log_is_paged(budi_account):
    for _ in range(7):
        participant_profile(account=budi_account)

    first = participant_access_log(account=budi_account, per_page=5)

    total = AuditEvent.objects.filter(subject_participant_id=budi_account.pk).count()
    assert total >= 8
    assert (first.page, first.pages, first.total, len(first.entries)) == (1, 2, total, 5)
    second = participant_access_log(account=budi_account, page=2, per_page=5)
    assert second.page == 2 and second.entries


def test_the_download_holds_everything_about_the_person_and_is_audited(
    budi, budi_account, paid_june
):
    nik, _participant = budi

    data = participant_data_export(account=budi_account)

    assert data["participant"]["nik"] == nik
    assert data["participant"]["phone"] == BUDI_PHONE
    assert data["jht"]["balance"] == paid_june.jht
    assert [c["month"] for c in data["contributions"]] == ["2026-07", "2026-06"]
    assert data["employments"][0]["employer"] == "PT Sumber Rejeki"
    assert data["account"]["sms_second_factor"] is False
    assert any(e["action"] == "participant.data.export" for e in data["access_log"])
    assert looks(budi_account, "participant.data.export") == 1

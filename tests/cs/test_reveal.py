import datetime as dt

import pytest
from django.utils import timezone

from jamsos.audit.models import AuditEvent
from jamsos.audit.selectors import events_for_participant
from jamsos.channels.cs import services
from jamsos.channels.cs.models import CallerCheck, RevealLimitAlert
from jamsos.channels.cs.services import RevealOutcome, reveal_membership
from jamsos.helpdesk.models import Category, Origin
from jamsos.helpdesk.services import open_ticket
from jamsos.identity import mask_nik
from jamsos.notify.models import OutboxMessage
from tests.cs.conftest import check_caller, page, reveal
from tests.helpdesk.cast import CALLER_EMAIL, as_agent, make_staff
from tests.registry.test_enrolment import run_at_once


def reveals(outcome="success"):
    return AuditEvent.objects.filter(action="participant.reveal", outcome=outcome).order_by("id")


def test_nothing_is_revealed_before_the_caller_is_verified(agent_client, call, caller):
    _, participant = caller

    response = reveal(agent_client, call)

    assert response.status_code == 409
    assert 'data-code="CS_REVEAL_NEEDS_VERIFICATION"' in page(response)
    assert participant.kpj not in page(response)
    (refused,) = reveals("denied")
    assert refused.details["refused"] == "not_verified"
    assert not reveals().exists()


def test_nothing_is_revealed_after_a_failed_check(agent_client, call, caller):
    nik, participant = caller
    check_caller(agent_client, call, nik, birth_date="01/01/1990")

    response = reveal(agent_client, call)

    assert response.status_code == 409
    assert participant.kpj not in page(response)


def test_a_check_from_earlier_in_the_day_no_longer_reveals(agent_client, call, caller):
    nik, participant = caller
    check_caller(agent_client, call, nik)
    CallerCheck.objects.update(checked_at=timezone.now() - dt.timedelta(minutes=16))

    response = reveal(agent_client, call)

    assert response.status_code == 409
    assert participant.kpj not in page(response)


def test_a_verified_caller_s_membership_is_shown_without_the_full_nik_or_phone(
    agent_client, call, caller
):
    nik, participant = caller
    check_caller(agent_client, call, nik)

    response = reveal(agent_client, call)

    html = page(response)
    assert response.status_code == 200
    assert f'<dd class="kpj">{participant.kpj}</dd>' in html
    assert "Budi Santoso" in html
    assert '<span class="status active">' in html
    assert "PT Sumber Rejeki, Bandung" in html
    assert mask_nik(nik) in html
    assert nik not in html
    assert "81234567890" not in html and CALLER_EMAIL not in html
    assert "no-store" in response["Cache-Control"]


def test_every_reveal_is_audited_with_the_agent_the_ticket_and_the_reason(
    agent_client, agent, call, caller
):
    nik, participant = caller
    check_caller(agent_client, call, nik)

    reveal(agent_client, call)
    reveal(agent_client, call, reason="caller_asks_status")

    first, second = reveals()
    for event in (first, second):
        assert event.actor == agent and event.actor_role == "cs_agent"
        assert (event.channel, event.subject_participant_id) == ("cs", participant.pk)
        assert event.details["ticket"] == call.number
        assert event.client_ip_hash
    assert first.purpose == f"{call.number} caller_asks_kpj"
    assert second.purpose == f"{call.number} caller_asks_status"


def test_no_data_is_shown_when_the_audit_row_cannot_be_written(
    agent_client, call, caller, monkeypatch
):
    nik, participant = caller
    check_caller(agent_client, call, nik)

    def refuse(**kwargs):
        if kwargs["action"] == "participant.reveal":
            raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_event", refuse)
    monkeypatch.setattr(services, "membership_answer", pytest.fail)
    agent_client.raise_request_exception = False

    response = reveal(agent_client, call)

    assert response.status_code == 500
    assert participant.kpj not in page(response)


def test_the_participant_sees_the_check_and_the_reveal_in_their_own_access_log(
    agent_client, call, caller
):
    nik, participant = caller
    check_caller(agent_client, call, nik)
    reveal(agent_client, call)

    log = list(events_for_participant(participant.pk).filter(channel="cs"))

    assert [(e.action, e.outcome, e.actor_label) for e in log] == [
        ("participant.reveal", "success", "agen"),
        ("participant.verify", "success", "agen"),
    ]


def test_past_the_hourly_limit_reveals_stop_and_supervisors_hear_of_it_once(
    agent_client, agent, call, caller, supervisor, monkeypatch
):
    monkeypatch.setenv("JAMSOS_CS_REVEALS_PER_HOUR", "2")
    make_staff("supervisor2", "supervisor", email="kepala@example.com")
    make_staff("supervisor3", "supervisor")  # no e-mail address: nothing to send
    nik, participant = caller
    check_caller(agent_client, call, nik)
    assert [reveal(agent_client, call).status_code for _ in range(2)] == [200, 200]

    refused = [reveal(agent_client, call) for _ in range(3)]

    assert [r.status_code for r in refused] == [429, 429, 429]
    for response in refused:
        assert participant.kpj not in page(response)
        assert 'data-code="CS_REVEAL_LIMIT"' in page(response)
        assert int(response["Retry-After"]) <= 3600
    assert reveals().count() == 2
    assert [e.details["refused"] for e in reveals("denied")] == ["limit"] * 3
    assert RevealLimitAlert.objects.get().agent == agent
    alerts = OutboxMessage.objects.filter(purpose="cs.reveal_limit")
    assert sorted(m.recipient for m in alerts) == ["kepala@example.com", "supervisor@example.com"]
    assert all("agen" in m.subject and "2" in m.body for m in alerts)


def test_the_limit_belongs_to_each_agent(
    agent_client, second_agent_client, second_agent, call, caller, monkeypatch
):
    monkeypatch.setenv("JAMSOS_CS_REVEALS_PER_HOUR", "1")
    nik, participant = caller
    check_caller(agent_client, call, nik)
    reveal(agent_client, call)
    assert reveal(agent_client, call).status_code == 429
    their_call = open_ticket(
        category=Category.BALANCE,
        origin=Origin.CALL,
        actor=as_agent(second_agent),
        assigned_to=second_agent,
    )
    check_caller(second_agent_client, their_call, nik)

    response = reveal(second_agent_client, their_call)

    assert response.status_code == 200 and participant.kpj in page(response)


def test_the_limit_starts_again_with_the_next_clock_hour(agent, call, caller, monkeypatch):
    monkeypatch.setenv("JAMSOS_CS_REVEALS_PER_HOUR", "1")
    nik, _ = caller
    now = timezone.now().replace(minute=55)
    services.check_caller(
        ticket=call,
        agent=agent,
        answers=services.CallerAnswers(
            nik=nik, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 17), phone_last4="7890"
        ),
        now=now,
    )

    def attempt(at):
        return reveal_membership(ticket=call, agent=agent, reason="caller_asks_kpj", now=at).outcome

    assert attempt(now) == RevealOutcome.REVEALED
    assert attempt(now + dt.timedelta(minutes=1)) == RevealOutcome.LIMITED
    assert attempt(now + dt.timedelta(minutes=10)) == RevealOutcome.REVEALED


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_refusals_arriving_together_alert_the_supervisors_only_once(monkeypatch):
    from tests.helpdesk.cast import enrol_caller

    monkeypatch.setenv("JAMSOS_CS_REVEALS_PER_HOUR", "1")
    agent = make_staff("agen", "cs_agent")
    make_staff("supervisor", "supervisor", email="supervisor@example.com")
    nik, _ = enrol_caller()
    call = open_ticket(
        category=Category.MEMBERSHIP_NUMBER,
        origin=Origin.CALL,
        actor=as_agent(agent),
        assigned_to=agent,
    )
    services.check_caller(
        ticket=call,
        agent=agent,
        answers=services.CallerAnswers(
            nik=nik, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 17), phone_last4="7890"
        ),
    )
    now = timezone.now()

    outcomes = run_at_once(
        lambda _: (
            reveal_membership(ticket=call, agent=agent, reason="caller_asks_kpj", now=now).outcome
        ),
        list(range(8)),
    )

    assert sorted(outcomes) == sorted([RevealOutcome.REVEALED] + [RevealOutcome.LIMITED] * 7)
    assert RevealLimitAlert.objects.count() == 1
    assert OutboxMessage.objects.filter(purpose="cs.reveal_limit").count() == 1

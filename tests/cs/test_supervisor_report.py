import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamsos.audit.models import AuditEvent
from jamsos.channels.cs import services
from jamsos.channels.cs.services import CallerAnswers, check_caller, reveal_membership
from jamsos.helpdesk.models import Category, Origin
from jamsos.helpdesk.services import open_ticket
from tests.cs.conftest import page
from tests.helpdesk.cast import as_agent, make_staff


def reveal_times(agent, nik, times, *, now=None):
    now = now or timezone.now()
    ticket = open_ticket(
        category=Category.MEMBERSHIP_NUMBER,
        origin=Origin.CALL,
        actor=as_agent(agent),
        assigned_to=agent,
        now=now - dt.timedelta(minutes=1),
    )
    check_caller(
        ticket=ticket,
        agent=agent,
        answers=CallerAnswers(
            nik=nik, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 17), phone_last4="7890"
        ),
        now=now,
    )
    return [
        reveal_membership(ticket=ticket, agent=agent, reason="caller_asks_kpj", now=now).outcome
        for _ in range(times)
    ]


def cells(html: str, table: str, agent: str) -> list[str]:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    row = re.search(rf'<tr data-agent="{agent}"[^>]*>(.*?)</tr>', body, re.S).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def test_the_report_counts_each_agent_s_reveals_per_day_and_per_hour(
    supervisor_client, agent, second_agent, caller
):
    nik, _ = caller
    reveal_times(agent, nik, 3)
    reveal_times(second_agent, nik, 1)
    for _ in range(2):  # two days ago; the log takes its time from the clock, so written here
        AuditEvent.objects.create(
            occurred_at=timezone.now() - dt.timedelta(days=2),
            actor=agent,
            actor_label="agen",
            actor_role="cs_agent",
            channel="cs",
            action="participant.reveal",
            outcome="success",
        )

    html = page(supervisor_client.get("/cs/supervisor/"))

    daily_agent = cells(html, "reveals-per-day", "agen")
    assert daily_agent[-1:] == ["0"]  # nobody refused
    assert daily_agent[-2] == "5"  # total of the seven days
    assert daily_agent[6] == "3" and daily_agent[4] == "2"  # today, and two days ago
    assert cells(html, "reveals-per-day", "agen2")[-2] == "1"
    hour = f"{timezone.localtime():%H}:00"
    assert cells(html, "reveals-per-hour", "agen")[:2] == [hour, "3"]
    assert "No agent reached the limit." in html


def test_the_report_shows_who_reached_the_limit(supervisor_client, agent, caller, monkeypatch):
    monkeypatch.setenv("JAMSOS_CS_REVEALS_PER_HOUR", "2")
    nik, _ = caller

    outcomes = reveal_times(agent, nik, 4)

    assert outcomes.count(services.RevealOutcome.LIMITED) == 2
    html = page(supervisor_client.get("/cs/supervisor/"))
    assert '<li data-agent="agen">' in html.split('id="limit-alerts"')[1]
    assert "reached the limit of 2 reveals" in html
    assert cells(html, "reveals-per-hour", "agen")[1:] == ["2", "2"]


def test_the_report_costs_the_same_queries_however_many_agents_reveal(
    supervisor_client, agent, caller
):
    nik, _ = caller
    reveal_times(agent, nik, 1)
    with CaptureQueriesContext(connection) as few:
        supervisor_client.get("/cs/supervisor/")
    for n in range(4):
        reveal_times(make_staff(f"agen-{n}", "cs_agent"), nik, 2)
    with CaptureQueriesContext(connection) as many:
        html = page(supervisor_client.get("/cs/supervisor/"))

    assert len(many) == len(few)
    assert html.count("<tr data-agent=") == 2 * 5

import time

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from jamsos.channels.cs.access import SEEN_AT
from jamsos.helpdesk.models import Category, Origin
from jamsos.helpdesk.services import open_ticket
from tests.helpdesk.cast import as_agent, enrol_caller, make_staff

# The named cast, as in tests/helpdesk.


@pytest.fixture
def agent(db):
    return make_staff("agen", "cs_agent")


@pytest.fixture
def second_agent(db):
    return make_staff("agen2", "cs_agent")


@pytest.fixture
def supervisor(db):
    return make_staff("supervisor", "supervisor", email="supervisor@example.com")


@pytest.fixture
def outsider(db):
    """Staff, but in no call-centre group: a branch officer, say."""
    return make_staff("cabang", "branch_officer")


@pytest.fixture
def caller(db):
    """Budi Santoso, active, phone ending 7890, at PT Sumber Rejeki (Bandung)."""
    return enrol_caller()


def english_client() -> Client:
    # English is the templates' source language: assertions on text do not depend on
    # the Indonesian catalogue, which the translators fill in later.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def console_session(client: Client, user) -> Client:
    """What a finished log-in at /cs/login/ leaves in the session (tested in test_login)."""
    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.get(user=user)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SEEN_AT] = time.time()
    session.save()
    return client


@pytest.fixture
def agent_client(agent):
    return console_session(english_client(), agent)


@pytest.fixture
def second_agent_client(second_agent):
    return console_session(english_client(), second_agent)


@pytest.fixture
def supervisor_client(supervisor):
    return console_session(english_client(), supervisor)


@pytest.fixture
def call(agent):
    """A call the agent has just opened."""
    return open_ticket(
        category=Category.MEMBERSHIP_NUMBER,
        origin=Origin.CALL,
        actor=as_agent(agent),
        assigned_to=agent,
        caller_name="Pak Budi",
    )


def answers(nik: str, **overrides: str) -> dict[str, str]:
    values = {
        "nik": nik,
        "full_name": "Budi Santoso",
        "birth_date": "17/05/1990",
        "phone_last4": "7890",
        "employer_name": "",
    }
    values.update(overrides)
    return values


def check_caller(client: Client, ticket, nik: str, **overrides: str):
    return client.post(f"/cs/tickets/{ticket.number}/check/", answers(nik, **overrides))


def reveal(client: Client, ticket, reason: str = "caller_asks_kpj"):
    return client.post(f"/cs/tickets/{ticket.number}/reveal/", {"reason": reason})


def page(response) -> str:
    return response.content.decode()

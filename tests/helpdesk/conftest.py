import pytest

from tests.helpdesk.cast import enrol_caller, make_staff


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
    return enrol_caller()

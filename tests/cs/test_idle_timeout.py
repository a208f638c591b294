import time

import pytest

from jamsos.channels.cs.access import SEEN_AT
from jamsos.conf.env import ConfigurationError
from tests.cs.conftest import english_client, page


def idle_for(client, seconds: float) -> None:
    session = client.session
    session[SEEN_AT] = time.time() - seconds
    session.save()


def test_a_console_left_idle_past_fifteen_minutes_logs_the_agent_out(agent_client):
    idle_for(agent_client, 15 * 60 + 5)

    response = agent_client.get("/cs/")

    assert response.status_code == 302
    assert response["Location"].startswith("/cs/login/?") and "expired=1" in response["Location"]
    assert "_auth_user_id" not in agent_client.session
    # Logged out for the whole site, not only hidden from the console.
    assert agent_client.get("/cs/").status_code == 302


def test_each_console_request_keeps_the_session_alive(agent_client):
    idle_for(agent_client, 14 * 60)

    assert agent_client.get("/cs/").status_code == 200
    assert time.time() - agent_client.session[SEEN_AT] < 5
    assert agent_client.get("/cs/").status_code == 200


def test_a_post_after_the_idle_limit_does_nothing(agent_client, call):
    idle_for(agent_client, 16 * 60)

    response = agent_client.post(f"/cs/tickets/{call.number}/notes/", {"text": "halo"})

    assert response.status_code == 302
    assert not call.notes.exists()


def test_the_idle_limit_comes_from_the_environment(agent_client, monkeypatch):
    monkeypatch.setenv("JAMSOS_CS_IDLE_SECONDS", "60")
    idle_for(agent_client, 90)

    assert agent_client.get("/cs/").status_code == 302


def test_a_malformed_idle_limit_names_the_variable(agent_client, monkeypatch):
    monkeypatch.setenv("JAMSOS_CS_IDLE_SECONDS", "0")
    agent_client.raise_request_exception = True

    with pytest.raises(ConfigurationError, match="JAMSOS_CS_IDLE_SECONDS"):
        agent_client.get("/cs/")


def test_the_log_in_page_says_why_the_agent_must_log_in_again(db):
    html = page(english_client().get("/cs/login/?expired=1&next=/cs/"))

    assert 'id="session-expired"' in html
    assert "ended because it was idle" in html

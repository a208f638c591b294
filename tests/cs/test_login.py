import time

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jamsos.channels.cs.login import PENDING, issue_device
from tests.cs.conftest import english_client, page
from tests.helpdesk.cast import PASSWORD, current_code, make_staff


def password_step(client, username, password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/cs/login/", data)


def wrong_code(user) -> str:
    return f"{(int(current_code(user)) + 1) % 1_000_000:06d}"


def test_the_log_in_form_has_labelled_fields_and_works_without_javascript(db):
    html = page(english_client().get("/cs/login/"))

    assert '<form method="post" action="/cs/login/"' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html
    assert 'type="submit"' in html


def test_the_password_alone_does_not_open_the_console(agent):
    client = english_client()

    response = password_step(client, "agen")

    assert response.status_code == 302 and response["Location"] == "/cs/login/code/"
    queue = client.get("/cs/")
    assert queue.status_code == 302 and queue["Location"].startswith("/cs/login/")
    assert "_auth_user_id" not in client.session


def test_the_code_from_the_agent_s_device_completes_the_log_in(agent):
    client = english_client()
    password_step(client, "agen")

    response = client.post("/cs/login/code/", {"token": current_code(agent)})

    assert response.status_code == 302 and response["Location"] == "/cs/"
    assert client.get("/cs/").status_code == 200
    assert int(client.session["_auth_user_id"]) == agent.pk


def test_a_wrong_code_is_refused_beside_its_field(agent):
    client = english_client()
    password_step(client, "agen")
    response = client.post("/cs/login/code/", {"token": wrong_code(agent)})

    html = page(response)
    assert response.status_code == 400
    assert 'id="id_token_error"' in html and 'aria-describedby="id_token_error"' in html
    assert "code is wrong" in html
    assert client.get("/cs/").status_code == 302


def test_repeated_wrong_codes_are_slowed_down_by_the_device(agent):
    client = english_client()
    password_step(client, "agen")
    wrong = client.post("/cs/login/code/", {"token": wrong_code(agent)})
    assert wrong.status_code == 400
    # Five wrong codes in a row: django-otp now wants 16 seconds before the next try.
    TOTPDevice.objects.filter(user=agent).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )

    response = client.post("/cs/login/code/", {"token": current_code(agent)})

    assert response.status_code == 429
    assert "Wait" in page(response)


def test_a_code_cannot_be_used_twice(agent):
    client = english_client()
    password_step(client, "agen")
    code = current_code(agent)
    client.post("/cs/login/code/", {"token": code})
    client.post("/cs/logout/")

    other_client = english_client()
    password_step(other_client, "agen")
    response = other_client.post("/cs/login/code/", {"token": code})

    assert response.status_code == 400
    assert other_client.get("/cs/").status_code == 302


def test_a_wrong_password_is_refused_and_many_lock_the_username_for_a_while(agent):
    client = english_client()
    first = password_step(client, "agen", password="salah")
    assert first.status_code == 400 and "username or password is wrong" in page(first)

    for _ in range(9):
        password_step(client, "AGEN", password="salah")
    locked = password_step(client, "agen")

    assert locked.status_code == 429
    assert "Too many log-in attempts" in page(locked)


def test_staff_outside_the_call_centre_cannot_log_in_to_the_console(outsider):
    client = english_client()

    response = password_step(client, "cabang")

    assert response.status_code == 403
    assert "not a customer-service agent" in page(response)
    assert PENDING not in client.session


def test_a_supervisor_lands_on_the_reveal_report(supervisor):
    client = english_client()
    password_step(client, "supervisor")

    response = client.post("/cs/login/code/", {"token": current_code(supervisor)})

    assert response["Location"] == "/cs/supervisor/"


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/cs/supervisor/", "/cs/supervisor/"),
        ("/admin/", "/cs/"),
        ("https://evil.example/", "/cs/"),
    ],
)
def test_after_log_in_only_console_pages_are_followed(agent, next_url, lands_on):
    client = english_client()
    password_step(client, "agen", next_url=next_url)

    response = client.post("/cs/login/code/", {"token": current_code(agent)})

    assert response["Location"] == lands_on


def test_a_half_finished_log_in_expires(agent):
    client = english_client()
    password_step(client, "agen")
    session = client.session
    session[PENDING] = {**session[PENDING], "at": time.time() - 301}
    session.save()

    response = client.post("/cs/login/code/", {"token": current_code(agent)})

    assert response.status_code == 302 and response["Location"] == "/cs/login/"
    assert "_auth_user_id" not in client.session


def test_an_agent_without_a_device_and_none_issued_cannot_set_one_up(db):
    make_staff("baru", "cs_agent", device=False)
    client = english_client()

    password_step(client, "baru")
    response = client.get("/cs/login/enrol/")

    assert response.status_code == 403
    assert "Ask your supervisor to issue one" in page(response)
    assert not TOTPDevice.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_agent_sets_up_the_issued_device_with_a_qr_code_on_first_log_in(db):
    newcomer = make_staff("baru", "cs_agent", device=False)
    issue_device(newcomer)
    client = english_client()

    response = password_step(client, "baru")
    assert response["Location"] == "/cs/login/enrol/"
    enrol_page = client.get("/cs/login/enrol/")
    html = page(enrol_page)
    device = TOTPDevice.objects.get(user=newcomer)

    assert not device.confirmed
    assert '<img src="data:image/svg+xml' in html and 'alt="QR code' in html
    assert 'class="totp-secret"' in html
    assert enrol_page["Cache-Control"].startswith("max-age=0")
    # Reloading shows the same key: the app may already hold it.
    client.get("/cs/login/enrol/")
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1

    confirmed = client.post("/cs/login/enrol/", {"token": current_code(newcomer)})

    assert confirmed.status_code == 302 and confirmed["Location"] == "/cs/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/cs/").status_code == 200


def test_a_confirmed_device_cannot_be_replaced_from_the_log_in_pages(agent):
    client = english_client()
    password_step(client, "agen")

    response = client.get("/cs/login/enrol/")

    assert response["Location"] == "/cs/login/code/"
    assert TOTPDevice.objects.filter(user=agent).count() == 1


def test_logging_out_ends_the_console_session(agent_client):
    assert agent_client.get("/cs/").status_code == 200

    response = agent_client.post("/cs/logout/")

    assert response["Location"] == "/cs/login/"
    assert agent_client.get("/cs/").status_code == 302
